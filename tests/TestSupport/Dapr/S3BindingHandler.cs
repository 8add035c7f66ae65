using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// An in-memory bucket behind a bindings.aws.s3 component (MinIO in Growbin): create, get, delete and list with the
/// request and response shapes of components-contrib's s3 binding (bindings/aws/s3/s3.go, v1.17+ on aws-sdk-go-v2).
/// presign and the bulk operations are not emulated.
/// </summary>
public sealed class S3BindingHandler : IBindingHandler
{
    private const int DefaultMaxResults = 1000;
    private const int S3PageLimit = 1000;

    private readonly object _gate = new();
    private readonly SortedDictionary<string, S3StoredObject> _objects = new(StringComparer.Ordinal);
    private readonly string _bucket;
    private readonly string _endpoint;
    private readonly bool _decodeBase64;
    private readonly bool _encodeBase64;
    private readonly TimeProvider _time;

    /// <param name="bucket">The component's <c>bucket</c>.</param>
    /// <param name="decodeBase64">The component's <c>decodeBase64</c>: create decodes the data before storing it.</param>
    /// <param name="encodeBase64">The component's <c>encodeBase64</c>: get returns base64 text.</param>
    /// <param name="endpoint">The component's <c>endpoint</c>; only shows up in create's location.</param>
    /// <param name="time">Clock for LastModified.</param>
    public S3BindingHandler(string bucket = "growbin", bool decodeBase64 = false, bool encodeBase64 = false,
        string endpoint = "http://minio:9000", TimeProvider? time = null)
    {
        _bucket = bucket;
        _decodeBase64 = decodeBase64;
        _encodeBase64 = encodeBase64;
        _endpoint = endpoint.TrimEnd('/');
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The bucket's content, by key.</summary>
    public IReadOnlyDictionary<string, S3StoredObject> Objects
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, S3StoredObject>(_objects);
            }
        }
    }

    /// <summary>Arranges an object as if something had uploaded it.</summary>
    public void Put(string key, byte[] content, string? contentType = null)
    {
        lock (_gate)
        {
            _objects[key] = new S3StoredObject(key, content.ToArray(), _time.GetUtcNow(), contentType);
        }
    }

    /// <summary>Arranges an object uploaded at <paramref name="lastModified"/> (e.g. one a purge should find old).</summary>
    public void PutAt(string key, byte[] content, DateTimeOffset lastModified, string? contentType = null)
    {
        lock (_gate)
        {
            _objects[key] = new S3StoredObject(key, content.ToArray(), lastModified, contentType);
        }
    }

    public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
    {
        var response = request.Operation switch
        {
            "create" => Create(request),
            "get" => Get(request),
            "delete" => Delete(request),
            "list" => List(request),
            _ => throw new InvalidOperationException($"s3 binding error: unsupported operation {request.Operation}"),
        };
        return Task.FromResult(response);
    }

    private BindingResponse Create(BindingRequest request)
    {
        var key = request.Metadata.GetValueOrDefault("key");
        if (string.IsNullOrEmpty(key))
        {
            key = Guid.NewGuid().ToString();
        }

        // Like the component: a JSON string literal (what the typed .NET overloads send) is unquoted first.
        var text = Unquote(request.Data.Span);
        byte[] content;
        if (Flag(request, "decodeBase64", _decodeBase64))
        {
            try
            {
                content = Convert.FromBase64String(text ?? Encoding.UTF8.GetString(request.Data.Span));
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"s3 binding error: uploading failed: illegal base64 data: {ex.Message}", ex);
            }
        }
        else
        {
            content = text is null ? request.Data.ToArray() : Encoding.UTF8.GetBytes(text);
        }

        var contentType = request.Metadata.GetValueOrDefault("Content-Type")?.Trim();
        Put(key, content, string.IsNullOrEmpty(contentType) ? null : contentType);

        var body = new JsonObject
        {
            ["location"] = $"{_endpoint}/{_bucket}/{EscapeKey(key)}",
            ["versionID"] = null,
        };
        return Respond(request, Encoding.UTF8.GetBytes(body.ToJsonString()), new Dictionary<string, string> { ["key"] = key });
    }

    private BindingResponse Get(BindingRequest request)
    {
        var key = RequiredKey(request);
        S3StoredObject? found;
        lock (_gate)
        {
            _objects.TryGetValue(key, out found);
        }

        if (found is null)
        {
            // components-contrib bindings/aws/s3/s3.go get: S3's NoSuchKey becomes exactly this message.
            throw new KeyNotFoundException("object not found");
        }

        var data = Flag(request, "encodeBase64", _encodeBase64)
            ? Encoding.UTF8.GetBytes(Convert.ToBase64String(found.Content))
            : found.Content.ToArray();
        return Respond(request, data, new Dictionary<string, string>());
    }

    private BindingResponse Delete(BindingRequest request)
    {
        var key = RequiredKey(request);
        lock (_gate)
        {
            // S3 answers 204 whether or not the key existed.
            _objects.Remove(key);
        }

        return Respond(request, ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>());
    }

    private BindingResponse List(BindingRequest request)
    {
        int maxResults;
        string prefix, marker, delimiter;
        try
        {
            using var payload = request.Data.IsEmpty ? JsonDocument.Parse("{}") : JsonDocument.Parse(request.Data);
            // listPayload.MaxResults is an int32: a string, a fraction or a bigger number fails the unmarshal.
            maxResults = ListField(payload.RootElement, "maxResults") is { } n ? n.GetInt32() : 0;
            prefix = ListField(payload.RootElement, "prefix")?.GetString() ?? string.Empty;
            marker = ListField(payload.RootElement, "marker")?.GetString() ?? string.Empty;
            delimiter = ListField(payload.RootElement, "delimiter")?.GetString() ?? string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidOperationException($"s3 binding (List Operation) - unable to parse Data property - {ex.Message}", ex);
        }

        // s3.go: maxResults below 1 becomes defaultMaxResults (1000). S3 echoes MaxKeys but never returns more than 1000.
        var maxKeys = maxResults < 1 ? DefaultMaxResults : maxResults;
        var pageSize = Math.Min(maxKeys, S3PageLimit);

        List<S3StoredObject> candidates;
        lock (_gate)
        {
            candidates = _objects.Values
                .Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Where(o => string.CompareOrdinal(o.Key, marker) > 0)
                .ToList();
        }

        var contents = new JsonArray();
        var commonPrefixes = new List<string>();
        var truncated = false;
        string? lastKey = null;
        foreach (var obj in candidates)
        {
            // With a delimiter, keys sharing the part up to it collapse into one CommonPrefixes entry.
            var rest = obj.Key[prefix.Length..];
            var cut = delimiter.Length > 0 ? rest.IndexOf(delimiter, StringComparison.Ordinal) : -1;
            var rolledUp = cut >= 0 ? prefix + rest[..(cut + delimiter.Length)] : null;
            // A prefix already listed, on this page or (as the marker) on the one before.
            if (rolledUp is not null && (commonPrefixes.Contains(rolledUp) || string.CompareOrdinal(rolledUp, marker) <= 0))
            {
                continue;
            }

            if (contents.Count + commonPrefixes.Count == pageSize)
            {
                truncated = true;
                break;
            }

            lastKey = rolledUp ?? obj.Key;
            if (rolledUp is not null)
            {
                commonPrefixes.Add(rolledUp);
                continue;
            }

            contents.Add(new JsonObject
            {
                ["ChecksumAlgorithm"] = null,
                ["ChecksumType"] = string.Empty,
                ["ETag"] = obj.ETag,
                ["Key"] = obj.Key,
                ["LastModified"] = GoTime.Rfc3339Nano(TruncateToMilliseconds(obj.LastModified)),
                ["Owner"] = null,
                ["RestoreStatus"] = null,
                ["Size"] = obj.Content.Length,
                ["StorageClass"] = "STANDARD",
            });
        }

        // s3.go list: json.Marshal of aws-sdk-go-v2's ListObjectsOutput, so every exported field is there (PascalCase),
        // nil slices and pointers as null, the enum strings as "", the middleware's ResultMetadata as {}.
        // NextMarker is S3's: "returned only if you have the delimiter request parameter specified"; without one a
        // truncated page is continued from its last key (ListObjectsOutput.NextMarker, S3 API ListObjects).
        var output = new JsonObject
        {
            ["CommonPrefixes"] = commonPrefixes.Count == 0
                ? null
                : new JsonArray(commonPrefixes.Select(p => (JsonNode)new JsonObject { ["Prefix"] = p }).ToArray()),
            ["Contents"] = contents.Count == 0 ? null : contents,
            ["Delimiter"] = delimiter,
            ["EncodingType"] = string.Empty,
            ["IsTruncated"] = truncated,
            ["Marker"] = marker,
            ["MaxKeys"] = maxKeys,
            ["Name"] = _bucket,
            ["NextMarker"] = truncated && delimiter.Length > 0 ? lastKey : null,
            ["Prefix"] = prefix,
            ["RequestCharged"] = string.Empty,
            ["ResultMetadata"] = new JsonObject(),
        };
        return Respond(request, Encoding.UTF8.GetBytes(output.ToJsonString()), new Dictionary<string, string>());
    }

    private static string RequiredKey(BindingRequest request)
    {
        var key = request.Metadata.GetValueOrDefault("key");
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("s3 binding error: required metadata 'key' missing");
        }

        return key;
    }

    // Request metadata may override the component's base64 flags (components-contrib mergeWithRequestMetadata).
    private static bool Flag(BindingRequest request, string name, bool componentValue) =>
        request.Metadata.TryGetValue(name, out var raw) && !string.IsNullOrEmpty(raw)
            ? raw.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "y" or "on"
            : componentValue;

    private static string? Unquote(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != (byte)'"' || data[^1] != (byte)'"')
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string EscapeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    // S3 keeps LastModified to the millisecond.
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static BindingResponse Respond(BindingRequest request, ReadOnlyMemory<byte> data, IReadOnlyDictionary<string, string> metadata) =>
        new(request, data, metadata);

    // Go's encoding/json matches field names case-insensitively; null counts as absent.
    private static JsonElement? ListField(JsonElement payload, string name)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"cannot unmarshal {payload.ValueKind} into listPayload");
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) &&
                property.Value.ValueKind != JsonValueKind.Null)
            {
                return property.Value;
            }
        }

        return null;
    }
}
