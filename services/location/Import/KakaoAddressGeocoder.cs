using System.Globalization;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Csv;

namespace Growbin.Location.Import;

/// <summary>
/// Addresses to coordinates through Kakao Local's address search (<c>GET /v2/local/search/address.json</c>) on the
/// kakao-local binding, whose component adds the API key. One import asks about each address once (answers, including
/// "not found", are cached for the run; failures are not). A failure skips only its row, but after
/// <see cref="FailuresBeforeStop"/> authorization failures in a row the key is evidently wrong (or after as many
/// unreachable-Kakao errors, the network is), and further rows are skipped without calling Kakao, so a bad key does not
/// walk the whole file at one refused request per row.
/// </summary>
public sealed class KakaoAddressGeocoder(DaprClient dapr, TimeSpan? timeout = null)
{
    /// <summary>How long one address search may take; the component sets no client timeout of its own.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public const int FailuresBeforeStop = 3;
    public const string AddressSearchPath = "/v2/local/search/address.json";

    private readonly Dictionary<string, GeocodeResult> _cache = new(StringComparer.Ordinal);
    private int _consecutiveAuthFailures;
    private int _consecutiveErrors;

    /// <summary>Requests sent to Kakao in this run.</summary>
    public int Calls { get; private set; }

    /// <summary>Why Kakao is no longer asked in this run, or null while it still is.</summary>
    public string? StopReason { get; private set; }

    public async Task<GeocodeResult> GeocodeAsync(string address, CancellationToken cancellationToken = default)
    {
        var key = FieldText.Normalize(address) ?? "";
        if (key.Length == 0)
        {
            return GeocodeResult.NotFound;
        }

        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (StopReason is not null)
        {
            return GeocodeResult.Failed($"not geocoded: {StopReason}");
        }

        var request = new BindingRequest(DaprComponents.KakaoLocal, "get")
        {
            Metadata =
            {
                ["path"] = $"{AddressSearchPath}?query={Uri.EscapeDataString(key)}",
                // Statuses come back as data, so a 404 or 429 is this row's problem rather than an exception.
                ["errorIfNot2XX"] = "false",
            },
        };

        BindingResponse response;
        Calls++;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            response = await dapr.InvokeBindingAsync(request, deadline.Token);
        }
        catch (Exception ex) when (ex is DaprException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (++_consecutiveErrors >= FailuresBeforeStop)
            {
                StopReason = $"the kakao-local binding failed {FailuresBeforeStop} times in a row, so the import stopped asking";
            }

            return GeocodeResult.Failed(ex is OperationCanceledException || deadline.IsCancellationRequested
                ? $"Kakao address search did not answer within {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s"
                : $"Kakao address search failed: {(ex.InnerException ?? ex).Message}");
        }

        _consecutiveErrors = 0;

        var status = response.Metadata.TryGetValue("statusCode", out var code)
            && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        if (status is 401 or 403)
        {
            if (++_consecutiveAuthFailures >= FailuresBeforeStop)
            {
                StopReason = $"Kakao refused the API key {FailuresBeforeStop} times in a row, so the import stopped asking";
            }

            return GeocodeResult.Failed($"Kakao refused the API key ({status}); check kakao-local-authorization");
        }

        _consecutiveAuthFailures = 0;
        if (status == 429)
        {
            return GeocodeResult.Failed("Kakao's rate limit was reached (429)");
        }

        if (status is < 200 or > 299)
        {
            return GeocodeResult.Failed($"Kakao address search answered {(status == 0 ? "no status" : status)}");
        }

        var result = Parse(response.Data.Span);
        if (result.Failure is null)
        {
            _cache[key] = result;
        }

        return result;
    }

    // {"meta": {...}, "documents": [{"address_name": "...", "x": "126.97", "y": "37.56", ...}]}: x is the longitude,
    // y the latitude, both strings. The first document is Kakao's best match.
    private static GeocodeResult Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("documents", out var documents) || documents.ValueKind != JsonValueKind.Array)
            {
                return GeocodeResult.Failed("Kakao address search answered without documents");
            }

            if (documents.GetArrayLength() == 0)
            {
                return GeocodeResult.NotFound;
            }

            var first = documents[0];
            return first.TryGetProperty("x", out var x) && first.TryGetProperty("y", out var y)
                && double.TryParse(x.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                && double.TryParse(y.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                    ? GeocodeResult.Found(latitude, longitude)
                    : GeocodeResult.Failed("Kakao address search answered a document without x and y");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return GeocodeResult.Failed($"Kakao address search answered unreadable JSON: {ex.Message}");
        }
    }
}
