using System.Net;
using System.Text.Json;
using Growbin.Knowledge;
using Growbin.RecycleInfo;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.RecycleInfo.Tests;

public sealed class SearchEndpointTests(RecycleInfoHost api) : IClassFixture<RecycleInfoHost>
{
    private static readonly KnowledgeBase Data = KnowledgeBase.Default;

    [Theory]
    [InlineData("영수증", "thermal-receipt")]
    [InlineData("영수중", "thermal-receipt")]
    [InlineData("우유 팩", "milk-carton")]
    [InlineData("Milk Carton", "milk-carton")]
    public async Task A_query_ranks_the_matching_item_first_and_says_it_is_confident(string query, string expected)
    {
        var json = await api.GetJsonAsync($"/api/v1/recycle/items?query={Uri.EscapeDataString(query)}");

        json.GetProperty("query").GetString().Should().Be(query);
        json.GetProperty("confident").GetBoolean().Should().BeTrue();
        var first = json.GetProperty("items")[0];
        first.GetProperty("id").GetString().Should().Be(expected);
        first.GetProperty("score").GetDouble().Should().BeInRange(0.8, 1);
        first.GetProperty("matchKind").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_query_that_fits_nothing_returns_no_items_instead_of_a_guess()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/items?query=" + Uri.EscapeDataString("블록체인 우주선"));

        json.GetProperty("total").GetInt32().Should().Be(0);
        json.GetProperty("items").GetArrayLength().Should().Be(0);
        json.GetProperty("confident").GetBoolean().Should().BeFalse();
        json.GetProperty("fallbackCategory").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_query_naming_a_category_lists_that_categorys_items()
    {
        var category = Data.Categories.First(c => new ItemMatcher(Data).Match(c.NameEn) is { Candidates.Count: 0, Category: not null });

        var json = await api.GetJsonAsync($"/api/v1/recycle/items?query={Uri.EscapeDataString(category.NameEn)}&pageSize=50");

        json.GetProperty("fallbackCategory").GetProperty("id").GetString().Should().Be(category.Id);
        json.GetProperty("total").GetInt32().Should().Be(Data.Items.Count(i => i.CategoryId == category.Id));
        Ids(json).Should().OnlyContain(id => Data.FindItem(id)!.CategoryId == category.Id);
    }

    [Fact]
    public async Task Without_a_query_every_item_is_listed_in_korean_name_order_across_pages()
    {
        var seen = new List<string>();
        var pageSize = ItemSearch.MaxPageSize;
        var pages = (Data.Items.Count + pageSize - 1) / pageSize;
        for (var page = 1; page <= pages; page++)
        {
            var json = await api.GetJsonAsync($"/api/v1/recycle/items?page={page}&pageSize={pageSize}");
            json.GetProperty("total").GetInt32().Should().Be(Data.Items.Count);
            json.GetProperty("confident").ValueKind.Should().Be(JsonValueKind.Null);
            seen.AddRange(json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("nameKo").GetString()!));
        }

        seen.Should().HaveCount(Data.Items.Count);
        seen.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_not_an_error()
    {
        var json = await api.GetJsonAsync($"/api/v1/recycle/items?page={ItemSearch.MaxPage}&pageSize=50");

        json.GetProperty("items").GetArrayLength().Should().Be(0);
        json.GetProperty("total").GetInt32().Should().Be(Data.Items.Count);
    }

    [Fact]
    public async Task The_page_size_defaults_to_twenty()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/items");

        json.GetProperty("pageSize").GetInt32().Should().Be(ItemSearch.DefaultPageSize);
        json.GetProperty("items").GetArrayLength().Should().Be(ItemSearch.DefaultPageSize);
    }

    [Fact]
    public async Task A_category_filter_keeps_only_that_categorys_items()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/items?category=battery&pageSize=50");

        json.GetProperty("total").GetInt32().Should().Be(Data.Items.Count(i => i.CategoryId == "battery"));
        Ids(json).Should().OnlyContain(id => Data.FindItem(id)!.CategoryId == "battery");
    }

    [Fact]
    public async Task Search_results_carry_an_etag_and_answer_304_when_unchanged()
    {
        const string path = "/api/v1/recycle/items?query=%EC%9A%B0%EC%9C%A0%ED%8C%A9";
        var first = await api.Client.GetAsync(path);
        first.Headers.CacheControl!.MaxAge.Should().Be(RecycleApi.SearchMaxAge);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        (await api.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("query=%20%20", "query")]
    [InlineData("query=", "query")]
    [InlineData("category=spaceships", "category")]
    [InlineData("page=0", "page")]
    [InlineData("page=1001", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=51", "pageSize")]
    public async Task Bad_parameters_are_a_400_validation_problem_naming_the_parameter(string parameters, string field)
    {
        var problem = await api.GetJsonAsync($"/api/v1/recycle/items?{parameters}", HttpStatusCode.BadRequest);

        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_rejected()
    {
        var problem = await api.GetJsonAsync($"/api/v1/recycle/items?query={new string('가', ItemSearch.MaxQueryLength + 1)}", HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("query")[0].GetString().Should().Contain(ItemSearch.MaxQueryLength.ToString());
    }

    [Theory]
    [InlineData("page=two")]
    [InlineData("pageSize=1e3")]
    public async Task A_non_numeric_page_is_a_400_problem(string parameters)
    {
        var problem = await api.GetJsonAsync($"/api/v1/recycle/items?{parameters}", HttpStatusCode.BadRequest);

        problem.GetProperty("type").GetString().Should().StartWith(ProblemTypes.Base);
    }

    private static IEnumerable<string> Ids(JsonElement json) =>
        json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
}
