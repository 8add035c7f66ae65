using Growbin.Location.Data;
using Growbin.Location.Points;
using Growbin.Location.Requests;
using Growbin.Location.Responses;
using Growbin.Location.Search;
using Dapr;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.Location.Apis;

/// <summary>
/// Collection points (ARCHITECTURE §2): nearby, search (local + Kakao Local), one by id. Bearer token and the per-user
/// rate limit on all three; answers may be cached by the client only, briefly.
/// </summary>
public static class LocationsApi
{
    public const string Prefix = "/api/v1/locations";
    public const string CacheControl = "private, max-age=60";
    public static readonly string LocationNotFound = ProblemTypes.For("location-not-found");
    public static readonly string SearchQuotaExceeded = ProblemTypes.For("search-quota-exceeded");

    public static IEndpointRouteBuilder MapLocationsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Prefix)
            .WithTags("locations")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .AddEndpointFilter(PrivateCacheOnSuccess);

        api.MapGet("/nearby", GetNearbyAsync)
            .WithName("GetNearbyLocations")
            .WithSummary($"Collection points within `radius` metres (1–{NearbyRequest.MaxRadius}, default {NearbyRequest.DefaultRadius}) of `lat`/`lng`, nearest first, each with `distanceMeters`; optional `kind`; `limit` 1–{NearbyRequest.MaxLimit} (default {NearbyRequest.DefaultLimit}).")
            .Produces<NearbyResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/search", SearchAsync)
            .WithName("SearchLocations")
            .WithSummary("Collection points whose name or address resembles `query` (typos tolerated), then Kakao Local places; `lat`/`lng` (both or neither) add distances. `external` says whether Kakao answered. Each search counts toward the caller's daily search quota.")
            .Produces<SearchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/{id}", GetByIdAsync)
            .WithName("GetLocation")
            .WithSummary("One collection point by its id (a uuid).")
            .Produces<PointResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return routes;
    }

    // Parameters are read as text so that "lat=abc" is a 400 naming lat, like "lat=91".
    private static async Task<Results<Ok<NearbyResponse>, ValidationProblem>> GetNearbyAsync(
        string? lat,
        string? lng,
        string? radius,
        string? kind,
        string? limit,
        PointStore points,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (NearbyRequest.Parse(lat, lng, radius, kind, limit, errors) is not { } request)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var items = await points.NearbyAsync(request.Lat, request.Lng, request.RadiusMeters, request.Kind, request.Limit, cancellationToken);
        return TypedResults.Ok(new NearbyResponse(items, request.RadiusMeters, request.Kind));
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        string? query,
        string? lat,
        string? lng,
        HttpContext context,
        LocationSearch search,
        [FromKeyedServices(LocationSearch.QuotaName)] DailyQuota quota,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (SearchRequest.Parse(query, lat, lng, errors) is not { } request)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Counted before anything is queried or called: every search counts, a cached one too (LocationSearch).
        QuotaDecision decision;
        try
        {
            decision = await quota.TryReserveAsync(context.User.FindFirst("sub")!.Value, 1, cancellationToken);
        }
        catch (QuotaContentionException)
        {
            return QuotaProblems.Busy(context);
        }
        catch (DaprException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.DependencyUnavailable,
                title: "Search unavailable", detail: "Your daily search quota could not be counted; try again shortly.");
        }

        if (!decision.Allowed)
        {
            return QuotaProblems.Exceeded(context, decision, SearchQuotaExceeded, "Daily search quota used up",
                $"You have made today's {decision.Limit:N0} searches; the quota resets at midnight UTC (09:00 KST). Nearby points need no search.");
        }

        return TypedResults.Ok(await search.SearchAsync(request, cancellationToken));
    }

    private static async Task<Results<Ok<PointResponse>, ValidationProblem, ProblemHttpResult>> GetByIdAsync(
        string id,
        PointStore points,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var pointId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = ["id must be a collection point's id (a uuid)."],
            });
        }

        return await points.GetAsync(pointId, cancellationToken) is { } point
            ? TypedResults.Ok(point)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: LocationNotFound,
                title: "Location not found",
                detail: $"There is no collection point {pointId:D}.");
    }

    private static async ValueTask<object?> PrivateCacheOnSuccess(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK })
        {
            context.HttpContext.Response.Headers.CacheControl = CacheControl;
        }

        return result;
    }
}
