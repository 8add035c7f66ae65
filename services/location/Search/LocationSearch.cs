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
