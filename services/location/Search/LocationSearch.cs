using Growbin.Location.Data;
using Growbin.Location.Kakao;
using Growbin.Location.Requests;
using Growbin.Location.Responses;

namespace Growbin.Location.Search;

/// <summary>
/// A search: the local trigram search and the Kakao keyword search run side by side, then merge. The database failing
/// fails the search (503); Kakao failing only sets the external status.
/// </summary>
public sealed class LocationSearch(PointStore points, KakaoKeywordSearch kakao)
{
    /// <summary>
    /// The per-user daily search quota (<c>Quotas:Searches:DailyLimit</c>, state keys
    /// <c>quota|searches|{userId}|{yyyy-MM-dd}</c>), taken before a search runs. Every search counts, one answered
    /// from the Kakao cache too: whether it is cached is only known after the state read, and depends on other users'
    /// searches, so the caller could not tell what counts.
    /// </summary>
    public const string QuotaName = "searches";

    /// <summary>A search may ask Kakao for up to 3 pages; 100 searches keep one user under 300 Kakao calls a day.</summary>
    public const long DefaultDailySearches = 100;

    public const int LocalLimit = 20;
    public const string Provider = "kakao";

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var external = kakao.SearchAsync(request.Query, request.Lat, request.Lng, cancellationToken);
        var local = await points.SearchAsync(request.Query, request.Lat, request.Lng, LocalLimit, cancellationToken);
        var outcome = await external;
        return new SearchResponse(
            request.Query,
            SearchMerger.Merge(local, outcome.Places, request.Lat, request.Lng),
            new ExternalSearchStatus(Provider, outcome.Status, outcome.Reason, outcome.Cached));
    }
}
