using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Growbin.TestSupport.Kakao;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) playing Kakao Local (dapi.kakao.com) on its real paths with its JSON
/// shapes: <c>GET /v2/local/search/keyword.json?query=&amp;x=&amp;y=&amp;radius=&amp;page=&amp;size=&amp;sort=</c>,
/// <c>GET /v2/local/search/category.json?category_group_code=&amp;x=&amp;y=&amp;radius=…</c> and
/// <c>GET /v2/local/search/address.json?query=&amp;page=&amp;size=</c>. Coordinates and distances are strings, as Kakao
/// sends them (x = longitude, y = latitude; distance in metres, "" without x/y). Every call needs
/// <c>Authorization: KakaoAK {RestApiKey}</c> (401 otherwise); parameters out of Kakao's bounds get its 400.
/// <para>
/// Arrange with <see cref="AddPlace"/> and <see cref="AddAddress"/>, script failures with <see cref="FailNext"/>, read
/// <see cref="CallCount"/> and <see cref="Requests"/>. <see cref="AttachTo"/> wires the <c>kakao-local</c> component of
/// an <see cref="InMemoryDaprClient"/> to this server as components/kakao-local.yaml configures it.
/// </para>
/// </summary>
public sealed class FakeKakaoServer : IAsyncDisposable
{
    /// <summary>The REST API key the server accepts unless another is given to <see cref="StartAsync"/>.</summary>
    public const string DefaultRestApiKey = "fake-kakao-rest-api-key";

    /// <summary>The secret (in <see cref="DaprComponents.SecretStore"/>) components/kakao-local.yaml takes its header from.</summary>
    public const string AuthorizationSecret = "kakao-local-authorization";

    private const string KeywordPath = "/v2/local/search/keyword.json";
    private const string CategoryPath = "/v2/local/search/category.json";
    private const string AddressPath = "/v2/local/search/address.json";
    private const double EarthRadiusMeters = 6_371_008.8;
    private const string CutOffBody = "{\"meta\":{\"total_count\":3,\"pageable_count\":3,\"is_end\":true},\"documents\":[{\"id\":\"1";

    // Kakao sends Hangul as UTF-8, not \uXXXX escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Kakao's category group codes (category.json refuses others).
    private static readonly HashSet<string> CategoryGroupCodes = new(StringComparer.Ordinal)
    {
        "MT1", "CS2", "PS3", "SC4", "AC5", "PK6", "OL7", "SW8", "BK9", "CT1", "AG2", "PO3", "AT4", "AD5", "FD6", "CE7",
        "HP8", "PM9",
    };

    private readonly object _gate = new();
    private readonly WebApplication _app;
    private readonly List<FakeKakaoPlace> _places = [];
    private readonly List<FakeKakaoAddress> _addresses = [];
    private readonly Queue<FakeKakaoFailure> _failures = new();
    private readonly List<FakeKakaoRequest> _requests = [];
    private readonly List<HttpBindingHandler> _handlers = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _callCount;
    private int _disposed;

    private FakeKakaoServer(WebApplication app, Uri baseAddress, string restApiKey)
    {
        _app = app;
        BaseAddress = baseAddress;
        RestApiKey = restApiKey;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c> — what the component's <c>url</c> would be.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The only key the server accepts.</summary>
    public string RestApiKey { get; }

    /// <summary>The header value a caller must send: <c>KakaoAK {RestApiKey}</c>.</summary>
    public string Authorization => "KakaoAK " + RestApiKey;

    /// <summary>How long a <see cref="FakeKakaoFailure.Slow"/> answer waits (default 30 s; cut short when the caller gives up).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls received so far on any endpoint, however they were answered.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>The calls received so far, in order.</summary>
    public IReadOnlyList<FakeKakaoRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<FakeKakaoServer> StartAsync(string restApiKey = DefaultRestApiKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(restApiKey);
        FakeKakaoServer? server = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(typeof(FakeKakaoServer), web =>
        {
            web.MapGet(KeywordPath, context => server!.HandleAsync(context, "keyword"));
            web.MapGet(CategoryPath, context => server!.HandleAsync(context, "category"));
            web.MapGet(AddressPath, context => server!.HandleAsync(context, "address"));
        }, cancellationToken);
        server = new FakeKakaoServer(app, baseAddress, restApiKey);
        return server;
    }

    /// <summary>Adds places to keyword and category search, in the order "accuracy" returns them.</summary>
    public FakeKakaoServer AddPlace(params FakeKakaoPlace[] places)
    {
        lock (_gate)
        {
            _places.AddRange(places);
        }

        return this;
    }

    /// <summary>Adds addresses to address search.</summary>
    public FakeKakaoServer AddAddress(params FakeKakaoAddress[] addresses)
    {
        lock (_gate)
        {
            _addresses.AddRange(addresses);
        }

        return this;
    }

    /// <summary>Scripts the next <paramref name="times"/> answers (of any endpoint) to fail this way.</summary>
    public FakeKakaoServer FailNext(FakeKakaoFailure failure, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Enqueue(failure);
            }
        }

        return this;
    }

    /// <summary>
    /// Registers <see cref="DaprComponents.KakaoLocal"/> on <paramref name="dapr"/> as an <see cref="HttpBindingHandler"/>
    /// on this server configured like components/kakao-local.yaml (securityTokenHeader Authorization, errorIfNot2XX false,
    /// maxResponseBodySize 2Mi), and stores the header value in the <see cref="AuthorizationSecret"/> secret the component
    /// reads. <paramref name="authorization"/> overrides the header value (default <see cref="Authorization"/>), e.g. a
    /// wrong key or the placeholder of secrets.example.json.
    /// </summary>
    public InMemoryDaprClient AttachTo(InMemoryDaprClient dapr, string? authorization = null)
    {
        ArgumentNullException.ThrowIfNull(dapr);
        var token = authorization ?? Authorization;
        var handler = new HttpBindingHandler(BaseAddress.ToString())
        {
            ErrorIfNot2XX = false,
            MaxResponseBodySize = 2L << 20,
            SecurityTokenHeader = "Authorization",
            SecurityToken = token,
        };
        lock (_gate)
        {
            _handlers.Add(handler);
        }

        dapr.RegisterBinding(DaprComponents.KakaoLocal, handler);
        dapr.SetSecret(DaprComponents.SecretStore, AuthorizationSecret, new Dictionary<string, string> { [AuthorizationSecret] = token });
        return dapr;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Slow answers stop waiting, so shutting down never waits out a scripted delay.
        await _stopping.CancelAsync();
        await LoopbackServer.StopAsync(_app);
        _stopping.Dispose();
        lock (_gate)
        {
            _handlers.ForEach(h => h.Dispose());
        }
    }

    private async Task HandleAsync(HttpContext context, string endpoint)
    {
        var number = Interlocked.Increment(ref _callCount);
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.LastOrDefault() ?? string.Empty, StringComparer.Ordinal);
        FakeKakaoFailure? failure;
        lock (_gate)
        {
            failure = _failures.TryDequeue(out var next) ? next : null;
        }

        var (status, body) = failure switch
        {
            FakeKakaoFailure.Unauthorized => (401, Error("AccessDeniedError", "wrong appKey format")),
            FakeKakaoFailure.RateLimited => (429, Error("RequestThrottled", "API limit has been exceeded.")),
            FakeKakaoFailure.MalformedJson => (200, CutOffBody),
            FakeKakaoFailure.ServerError => (500, "<html><body><h1>500 Internal Server Error</h1></body></html>"),
            _ => Answer(context, endpoint, query),
        };

        lock (_gate)
        {
            _requests.Add(new FakeKakaoRequest(number, endpoint, context.Request.Path + context.Request.QueryString, query,
                context.Request.Headers.Authorization.FirstOrDefault(), status));
        }

        if (failure == FakeKakaoFailure.Slow)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(SlowDelay, wait.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = failure == FakeKakaoFailure.ServerError ? "text/html" : "application/json;charset=UTF-8";
        try
        {
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up.
        }
    }

    private (int Status, string Body) Answer(HttpContext context, string endpoint, Dictionary<string, string> query)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return (401, Error("AccessDeniedError", "cannot find Authorization : KakaoAK header"));
        }

        if (!header.StartsWith("KakaoAK ", StringComparison.Ordinal))
        {
            return (401, Error("AccessDeniedError", "wrong authorization header format (KakaoAK {app_key})"));
        }

        if (header["KakaoAK ".Length..] != RestApiKey)
        {
            return (401, Error("AccessDeniedError", "appKey does not exist or wrong appKey"));
        }

        try
        {
            return (200, endpoint switch
            {
                "address" => AddressSearch(query),
                _ => PlaceSearch(query, endpoint == "category"),
            });
        }
        catch (BadArgumentException ex)
        {
            return (400, Error(ex.ErrorType, ex.Message));
        }
    }

    private string PlaceSearch(Dictionary<string, string> query, bool byCategory)
    {
        var keyword = query.GetValueOrDefault("query")?.Trim() ?? string.Empty;
        var code = query.GetValueOrDefault("category_group_code") ?? string.Empty;
        if (!byCategory && keyword.Length == 0)
        {
            throw new BadArgumentException("MissingParameter", "query parameter required");
        }

        if (byCategory && code.Length == 0)
        {
            throw new BadArgumentException("MissingParameter", "category_group_code parameter required");
        }

        if (byCategory && !CategoryGroupCodes.Contains(code))
        {
            throw new BadArgumentException("InvalidArgument", "category_group_code is invalid");
        }

        if (!byCategory && code.Length > 0 && !CategoryGroupCodes.Contains(code))
        {
            throw new BadArgumentException("InvalidArgument", "category_group_code is invalid");
        }

        var x = OptionalNumber(query, "x");
        var y = OptionalNumber(query, "y");
        if (x.HasValue != y.HasValue)
        {
            throw new BadArgumentException("InvalidArgument", "x and y must be given together");
        }

        var radius = OptionalNumber(query, "radius");
        if (radius is < 0 or > 20000)
        {
            throw new BadArgumentException("InvalidArgument", "radius must be between 0 and 20000");
        }

        if (byCategory && (!x.HasValue || !radius.HasValue))
        {
            throw new BadArgumentException("MissingParameter", "x, y, radius or rect parameter required");
        }

        var page = Bounded(query, "page", 1, 45, 1);
        var size = Bounded(query, "size", 1, 15, 15);
        var sort = query.GetValueOrDefault("sort") ?? "accuracy";
        if (sort is not ("accuracy" or "distance"))
        {
            throw new BadArgumentException("InvalidArgument", "sort is invalid");
        }

        if (sort == "distance" && !x.HasValue)
        {
            throw new BadArgumentException("MissingParameter", "x and y are required to sort by distance");
        }

        List<FakeKakaoPlace> places;
        lock (_gate)
        {
            places = _places.ToList();
        }

        var words = keyword.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var hits = places
            .Where(p => code.Length == 0 || p.CategoryGroupCode == code)
            .Where(p => words.All(w => $"{p.Name} {p.CategoryName} {p.AddressName} {p.RoadAddressName}".Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(p => (Place: p, Distance: x.HasValue ? Haversine(y!.Value, x.Value, p.Latitude, p.Longitude) : (double?)null))
            .Where(h => !radius.HasValue || !h.Distance.HasValue || h.Distance <= radius)
            .ToList();
        if (sort == "distance")
        {
            hits = hits.OrderBy(h => h.Distance).ToList();
        }

        // Kakao shows at most 45 results of a search, whatever total_count says.
        var pageable = Math.Min(hits.Count, 45);
        var documents = new JsonArray();
        foreach (var (place, distance) in hits.Take(pageable).Skip((page - 1) * size).Take(size))
        {
            documents.Add(new JsonObject
            {
                ["id"] = place.Id,
                ["place_name"] = place.Name,
                ["category_name"] = place.CategoryName,
                ["category_group_code"] = place.CategoryGroupCode,
                ["category_group_name"] = string.Empty,
                ["phone"] = place.Phone,
                ["address_name"] = place.AddressName,
                ["road_address_name"] = place.RoadAddressName,
                ["x"] = Coordinate(place.Longitude),
                ["y"] = Coordinate(place.Latitude),
                ["place_url"] = place.PlaceUrl,
                ["distance"] = distance.HasValue ? Math.Round(distance.Value).ToString("0", CultureInfo.InvariantCulture) : string.Empty,
            });
        }

        var meta = new JsonObject
        {
            ["total_count"] = hits.Count,
            ["pageable_count"] = pageable,
            ["is_end"] = page * size >= pageable,
        };
        if (!byCategory)
        {
            meta["same_name"] = new JsonObject
            {
                ["region"] = new JsonArray(),
                ["keyword"] = keyword,
                ["selected_region"] = string.Empty,
            };
        }

        return new JsonObject { ["meta"] = meta, ["documents"] = documents }.ToJsonString(Json);
    }

    private string AddressSearch(Dictionary<string, string> query)
    {
        var text = query.GetValueOrDefault("query")?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new BadArgumentException("MissingParameter", "query parameter required");
        }

        var page = Bounded(query, "page", 1, 45, 1);
        var size = Bounded(query, "size", 1, 30, 10);
        var analyze = query.GetValueOrDefault("analyze_type") ?? "similar";
        if (analyze is not ("similar" or "exact"))
        {
            throw new BadArgumentException("InvalidArgument", "analyze_type is invalid");
        }

        List<FakeKakaoAddress> addresses;
        lock (_gate)
        {
            addresses = _addresses.ToList();
        }

        var wanted = Squeeze(text);
        var hits = new List<(FakeKakaoAddress Address, bool ByRoad)>();
        foreach (var address in addresses)
        {
            if (address.RoadAddressName is { } road && Squeeze(road).Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add((address, true));
            }
            else if (address.JibunAddressName is { } jibun && Squeeze(jibun).Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add((address, false));
            }
        }

        var pageable = Math.Min(hits.Count, 45);
        var documents = new JsonArray();
        foreach (var (address, byRoad) in hits.Take(pageable).Skip((page - 1) * size).Take(size))
        {
            var x = Coordinate(address.Longitude);
            var y = Coordinate(address.Latitude);
            documents.Add(new JsonObject
            {
                ["address_name"] = byRoad ? address.RoadAddressName : address.JibunAddressName,
                ["address_type"] = byRoad ? "ROAD_ADDR" : "REGION_ADDR",
                ["x"] = x,
                ["y"] = y,
                ["address"] = address.JibunAddressName is { } jibun ? JibunObject(jibun, x, y) : null,
                ["road_address"] = address.RoadAddressName is { } road ? RoadObject(road, x, y) : null,
            });
        }

        return new JsonObject
        {
            ["meta"] = new JsonObject
            {
                ["total_count"] = hits.Count,
                ["pageable_count"] = pageable,
                ["is_end"] = page * size >= pageable,
            },
            ["documents"] = documents,
        }.ToJsonString(Json);
    }

    private static JsonObject JibunObject(string name, string x, string y)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = words.Length > 3 ? words[^1].Split('-') : [];
        return new JsonObject
        {
            ["address_name"] = name,
            ["region_1depth_name"] = words.ElementAtOrDefault(0) ?? string.Empty,
            ["region_2depth_name"] = words.ElementAtOrDefault(1) ?? string.Empty,
            ["region_3depth_name"] = words.ElementAtOrDefault(2) ?? string.Empty,
            ["region_3depth_h_name"] = words.ElementAtOrDefault(2) ?? string.Empty,
            ["h_code"] = string.Empty,
            ["b_code"] = string.Empty,
            ["mountain_yn"] = "N",
            ["main_address_no"] = number.ElementAtOrDefault(0) ?? string.Empty,
            ["sub_address_no"] = number.ElementAtOrDefault(1) ?? string.Empty,
            ["x"] = x,
            ["y"] = y,
        };
    }

    private static JsonObject RoadObject(string name, string x, string y)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = words.Length > 3 ? words[^1].Split('-') : [];
        return new JsonObject
        {
            ["address_name"] = name,
            ["region_1depth_name"] = words.ElementAtOrDefault(0) ?? string.Empty,
            ["region_2depth_name"] = words.ElementAtOrDefault(1) ?? string.Empty,
            ["region_3depth_name"] = string.Empty,
            ["road_name"] = words.Length > 3 ? words[^2] : string.Empty,
            ["underground_yn"] = "N",
            ["main_building_no"] = number.ElementAtOrDefault(0) ?? string.Empty,
            ["sub_building_no"] = number.ElementAtOrDefault(1) ?? string.Empty,
            ["building_name"] = string.Empty,
            ["zone_no"] = string.Empty,
            ["x"] = x,
            ["y"] = y,
        };
    }

    private static double? OptionalNumber(Dictionary<string, string> query, string name)
    {
        if (!query.TryGetValue(name, out var raw) || raw.Length == 0)
        {
            return null;
        }

        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new BadArgumentException("InvalidArgument", $"{name} is not a number");
    }

    private static int Bounded(Dictionary<string, string> query, string name, int min, int max, int fallback)
    {
        if (!query.TryGetValue(name, out var raw) || raw.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new BadArgumentException("InvalidArgument", $"{name} is not a number");
        }

        return value < min || value > max
            ? throw new BadArgumentException("InvalidArgument", $"{name} is more than max or less than min ({min}..{max})")
            : value;
    }

    private static double Haversine(double lat1, double lng1, double lat2, double lng2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static string Coordinate(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string Error(string type, string message) =>
        new JsonObject { ["errorType"] = type, ["message"] = message }.ToJsonString(Json);

    private sealed class BadArgumentException(string errorType, string message) : Exception(message)
    {
        public string ErrorType { get; } = errorType;
    }
}
