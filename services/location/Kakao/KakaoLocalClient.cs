using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.Location.Kakao;

/// <summary>
/// Kakao Local keyword search through the <c>kakao-local</c> binding (bindings.http to https://dapi.kakao.com; the
/// component adds <c>Authorization: KakaoAK …</c> from the secret store). Operation <c>get</c>, metadata <c>path</c>
/// <c>/v2/local/search/keyword.json?query=…&amp;x={lng}&amp;y={lat}&amp;radius=…&amp;sort=distance&amp;page=…&amp;size=…</c>.
/// The component answers non-2xx as data (errorIfNot2XX false); with the default it throws "received status code N",
/// which <see cref="KakaoKeywordSearch"/> reads too.
/// </summary>
public sealed class KakaoLocalClient(DaprClient dapr)
{
    public const string KeywordPath = "/v2/local/search/keyword.json";

    /// <summary>One page. Throws <see cref="KakaoStatusException"/>, <see cref="KakaoResponseException"/>, or the binding's error.</summary>
    public async Task<KakaoPage> KeywordAsync(string query, double? lat, double? lng, int radiusMeters, int page, int size,
        CancellationToken cancellationToken)
    {
        var path = new StringBuilder(KeywordPath).Append("?query=").Append(Uri.EscapeDataString(query));
        if (lat.HasValue && lng.HasValue)
        {
            // Kakao: x is the longitude, y the latitude.
            path.Append("&x=").Append(Coordinate(lng.Value))
                .Append("&y=").Append(Coordinate(lat.Value))
                .Append("&radius=").Append(radiusMeters.ToString(CultureInfo.InvariantCulture))
                .Append("&sort=distance");
        }

        path.Append("&page=").Append(page.ToString(CultureInfo.InvariantCulture))
            .Append("&size=").Append(size.ToString(CultureInfo.InvariantCulture));

        var response = await dapr.InvokeBindingAsync(
            new BindingRequest(DaprComponents.KakaoLocal, "get") { Metadata = { ["path"] = path.ToString() } },
            cancellationToken);

        if (response.Metadata.TryGetValue("statusCode", out var raw)
            && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status / 100 != 2)
        {
            throw new KakaoStatusException(status, Encoding.UTF8.GetString(response.Data.Span));
        }

        return Parse(response.Data);
    }

    private static KakaoPage Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var isEnd = root.GetProperty("meta").GetProperty("is_end").GetBoolean();
            var places = new List<KakaoPlace>();
            foreach (var item in root.GetProperty("documents").EnumerateArray())
            {
                places.Add(new KakaoPlace(
                    Required(item, "id"),
                    Required(item, "place_name"),
                    Optional(item, "address_name"),
                    Optional(item, "road_address_name"),
                    Optional(item, "phone"),
                    Optional(item, "category_name"),
                    Degrees(item, "y", 90),
                    Degrees(item, "x", 180),
                    Optional(item, "place_url")));
            }

            return new KakaoPage(places, isEnd);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new KakaoResponseException("Kakao Local answered 200 with a body that is not its search JSON.", ex);
        }
    }

    private static string Required(JsonElement item, string name) =>
        Optional(item, name) ?? throw new KakaoResponseException($"A Kakao place has no '{name}'.");

    // Kakao sends "" for fields it has no value for.
    private static string? Optional(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static double Degrees(JsonElement item, string name, double limit) =>
        double.TryParse(Required(item, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value) && Math.Abs(value) <= limit
            ? value
            : throw new KakaoResponseException($"A Kakao place's '{name}' is not a coordinate.");

    private static string Coordinate(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
