using System.Text.RegularExpressions;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Caching;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.RecycleInfo;

/// <summary>The public, anonymous read API over the disposal dataset (ARCHITECTURE §2).</summary>
public static partial class RecycleApi
{
    public const string Prefix = "/api/v1/recycle";

    /// <summary>Search answers depend on the query only, and the dataset is fixed per deployment.</summary>
    public static readonly TimeSpan SearchMaxAge = TimeSpan.FromMinutes(10);

    public static readonly string ItemNotFound = ProblemTypes.For("item-not-found");

    private const int MaxIdLength = 64;

    /// <summary>As userinfo's profile region allows.</summary>
    private const int MaxRegionLength = 50;

    public static IEndpointRouteBuilder MapRecycleApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("recycle").AllowAnonymous();

        group.MapGet("/items/{id}", GetItem)
            .WithName("GetItem")
            .WithSummary("One item: its category, steps, cautions, exceptions and sources, in the Accept-Language (ko default, en); with ?region= the rule of that 시·도/시·군·구 first (rule.scope local) and the national one as fallback.")
            .Produces<ItemResponse>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

        group.MapGet("/items", SearchItems)
            .WithName("SearchItems")
            .WithSummary("Items ranked by how well they match the query (typos, spacing, particles, English), or all items; paged.")
            .Produces<ItemSearchResponse>(contentType: "application/json")
            .ProducesValidationProblem();

        group.MapGet("/categories", (RecycleCatalog catalog, HttpRequest request) => catalog.Categories(LanguageOf(request)))
            .WithName("ListCategories")
            .WithSummary("Every category with how and where it is put out, in the Accept-Language (ko default, en).")
            .Produces<CategoryListResponse>(contentType: "application/json");

        group.MapGet("/faq", GetFaq)
            .WithName("ListFaq")
            .WithSummary("Questions people ask about sorting, answered in the Accept-Language (ko default, en); optionally only those about an item or a category.")
            .Produces<FaqListResponse>(contentType: "application/json")
            .ProducesValidationProblem();

        group.MapGet("/guide", (RecycleCatalog catalog, HttpRequest request) => catalog.Guide(LanguageOf(request)))
            .WithName("GetGuide")
            .WithSummary("The four principles, recycling marks, clear-PET rules, bulky waste and local rules, in the Accept-Language (ko default, en).")
            .Produces<GuideResponse>(contentType: "application/json");

        return routes;
    }

    /// <summary>
    /// The language of the texts in an answer: Accept-Language's best of "ko" (the default) and "en". Answers that
    /// depend on it say so with Content-Language and Vary (CacheableJson).
    /// </summary>
    public static TextLanguage LanguageOf(HttpRequest request) => TextLanguages.FromAcceptLanguage(request.Headers.AcceptLanguage);

    private static Results<CacheableJson, ValidationProblem> GetFaq(RecycleCatalog catalog, HttpRequest request, string? item, string? category)
    {
        var language = LanguageOf(request);
        if (item is null && category is null)
        {
            return catalog.Faq(language);
        }

        var errors = new Dictionary<string, string[]>();
        if (item is not null && !catalog.HasItem(item))
        {
            errors["item"] = [$"Unknown item '{item}'."];
        }

        if (category is not null && !catalog.HasCategory(category))
        {
            errors["category"] = [$"Unknown category '{category}'."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : catalog.FaqList(item, category, language);
    }

    private static Results<CacheableJson, ProblemHttpResult, ValidationProblem> GetItem(string id, RecycleCatalog catalog, HttpRequest request, string? region = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (id.Length > MaxIdLength || !ItemId().IsMatch(id))
        {
            errors["id"] = ["An item id is lower-case letters, digits and hyphens, e.g. 'milk-carton'."];
        }

        RegionName? regionName = null;
        if (region is not null && (region.Length > MaxRegionLength || !RegionName.TryParse(region, out regionName)))
        {
            errors["region"] = [$"A region is a 시·도 with an optional 시·군·구, at most {MaxRegionLength} characters, e.g. '서울특별시 마포구' or '서울'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return catalog.FindItem(id, regionName, LanguageOf(request)) is { } item
            ? item
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: ItemNotFound,
                title: "Item not found",
                detail: $"There is no item '{id}' in dataset {catalog.Version}. Search with GET {Prefix}/items?query=.");
    }

    private static Results<CacheableJson, ValidationProblem> SearchItems(
        ItemSearch search,
        HttpContext context,
        string? query,
        string? category,
        int page = 1,
        int pageSize = ItemSearch.DefaultPageSize)
    {
        var errors = search.Validate(query, category, page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return CacheableJson.Create(search.Search(query, category, page, pageSize), context.RequestServices, SearchMaxAge);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ItemId();
}
