using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.Fidelity.Tests;

/// <summary>
/// bindings.aws.s3 as components-contrib implements it (bindings/aws/s3/s3.go: <c>create</c>, <c>get</c>,
/// <c>delete</c>, and <c>list</c> with <c>listPayload</c>; v1.17 and v1.18 call aws-sdk-go-v2's <c>ListObjects</c>, i.e.
/// S3 ListObjects v1, and json.Marshal the output), against <see cref="S3BindingHandler"/> behind
/// <see cref="InMemoryDaprClient"/>.
/// </summary>
public sealed class S3BindingFidelityTests : IDisposable
{
    private const string Binding = "images";

    private const string Bucket = "growbin-images";

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2030, 5, 6, 7, 8, 9, 123, TimeSpan.Zero));
    private readonly InMemoryDaprClient _dapr = new();
    private readonly S3BindingHandler _bucket;

    public S3BindingFidelityTests()
    {
        _bucket = Register();
    }

    public void Dispose() => _dapr.Dispose();

    /// <remarks>
    /// s3.go create: the object goes under metadata <c>key</c>, the answer is <c>createResponse</c> marshalled
    /// (<c>location</c>, <c>versionID</c>, presignURL omitted when empty) with <c>key</c> in the metadata; buildLocation
    /// gives endpoint/bucket/key when the upload answers no location.
    /// </remarks>
    [Fact]
    public async Task Create_stores_bytes_under_the_key_and_answers_location()
    {
        var response = await _dapr.InvokeBindingAsync(Request("create", "a/b.jpg", [1, 2, 3]));

        _bucket.Objects["a/b.jpg"].Content.Should().Equal(1, 2, 3);
        _bucket.Objects["a/b.jpg"].LastModified.Should().Be(_time.GetUtcNow());
        Encoding.UTF8.GetString(response.Data.Span).Should().Be($$"""{"location":"http://minio:9000/{{Bucket}}/a/b.jpg","versionID":null}""");
        response.Metadata.Should().ContainKey("key").WhoseValue.Should().Be("a/b.jpg");
    }

    /// <remarks>s3.go create: <c>if key == "" { u, err = uuid.NewRandom() … key = u.String() }</c>.</remarks>
    [Fact]
    public async Task Create_without_key_generates_a_guid_key()
    {
        await _dapr.InvokeBindingAsync(Request("create", data: [9]));

        Guid.TryParse(_bucket.Objects.Keys.Single(), out _).Should().BeTrue();
    }

    /// <remarks>
    /// s3.go create: the body is <c>commonutils.Unquote(req.Data)</c> (a JSON string, as the typed overload sends, loses
    /// its quotes), read through <c>b64.NewDecoder</c> when <c>decodeBase64</c> is set.
    /// </remarks>
    [Fact]
    public async Task Create_with_decodeBase64_stores_the_decoded_bytes()
    {
        var bucket = Register(decodeBase64: true);

        // The typed overload sends a JSON string; the component unquotes it first.
        await _dapr.InvokeBindingAsync<string>(Binding, "create", Convert.ToBase64String([7, 8]),
            new Dictionary<string, string> { ["key"] = "k" });

        bucket.Objects["k"].Content.Should().Equal(7, 8);
    }

    /// <remarks>s3.go get: the object's bytes, or <c>b64.StdEncoding.EncodeToString</c> of them when <c>encodeBase64</c> is set.</remarks>
    [Fact]
    public async Task Get_returns_raw_bytes_or_base64_when_encodeBase64()
    {
        Register().Put("k", [1, 2]);
        (await _dapr.InvokeBindingAsync(Request("get", "k"))).Data.ToArray().Should().Equal(1, 2);

        Register(encodeBase64: true).Put("k", [1, 2]);
        Encoding.UTF8.GetString((await _dapr.InvokeBindingAsync(Request("get", "k"))).Data.Span).Should().Be("AQI=");
    }

    /// <remarks>s3.go delete: DeleteObject, then <c>return nil, nil</c>: no data.</remarks>
    [Fact]
    public async Task Delete_removes_the_object_and_answers_empty()
    {
        _bucket.Put("k", [1]);

        var response = await _dapr.InvokeBindingAsync(Request("delete", "k"));

        response.Data.IsEmpty.Should().BeTrue();
        _bucket.Objects.Should().BeEmpty();
    }

    /// <remarks>
    /// s3.go list passes S3's answer through; S3's NextMarker "is returned only if you have the delimiter request
    /// parameter specified" (aws-sdk-go-v2 service/s3 ListObjectsOutput.NextMarker).
    /// </remarks>
    [Fact]
    public async Task A_truncated_list_without_a_delimiter_has_no_NextMarker()
    {
        Put("raw/a", "raw/b", "raw/c");

        var page = await ListAsync(new { prefix = "raw/", maxResults = 2 });

        page.GetProperty("IsTruncated").GetBoolean().Should().BeTrue();
        page.GetProperty("NextMarker").ValueKind.Should().Be(JsonValueKind.Null);
        Keys(page).Should().Equal("raw/a", "raw/b");
    }

    /// <remarks>s3.go list with a delimiter: S3 sets NextMarker on a truncated page (the last key or common prefix).</remarks>
    [Fact]
    public async Task A_truncated_list_with_a_delimiter_has_NextMarker()
    {
        Put("a/1", "a/2", "b", "c");

        var page = await ListAsync(new { delimiter = "/", maxResults = 2 });

        page.GetProperty("IsTruncated").GetBoolean().Should().BeTrue();
        page.GetProperty("NextMarker").GetString().Should().Be("b");
        page.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString()).Should().Equal("a/");
        Keys(page).Should().Equal("b");
    }

    /// <remarks>
    /// s3.go sends <c>Marker: ptr.Of(payload.Marker)</c>; S3 "starts listing after this specified key", so the last
    /// key of a page continues the listing (ListObjectsOutput.NextMarker: "use the value of the last Key element").
    /// </remarks>
    [Fact]
    public async Task The_last_key_of_a_page_as_marker_continues_after_it()
    {
        Put("raw/a", "raw/b", "raw/c");

        var second = await ListAsync(new { prefix = "raw/", maxResults = 2, marker = "raw/b" });

        Keys(second).Should().Equal("raw/c");
        second.GetProperty("IsTruncated").GetBoolean().Should().BeFalse();
        second.GetProperty("Marker").GetString().Should().Be("raw/b");
    }

    /// <remarks>s3.go list: <c>if payload.MaxResults &lt; 1 { payload.MaxResults = defaultMaxResults }</c> (1000).</remarks>
    [Fact]
    public async Task MaxResults_below_one_or_absent_means_1000()
    {
        Put("k");

        (await ListAsync(new { maxResults = 0 })).GetProperty("MaxKeys").GetInt32().Should().Be(1000);
        (await ListAsync(new { prefix = "" })).GetProperty("MaxKeys").GetInt32().Should().Be(1000);
    }

    /// <remarks>
    /// s3.go list unmarshals Data only when it is not nil (an empty proto bytes field arrives as nil), so no data is
    /// the whole bucket with the defaults.
    /// </remarks>
    [Fact]
    public async Task A_list_without_data_lists_everything()
    {
        Put("x", "y");

        var response = await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "list"));

        Keys(Parse(response)).Should().Equal("x", "y");
    }

    /// <remarks>s3.go listPayload is read with encoding/json, which matches field names case-insensitively.</remarks>
    [Fact]
    public async Task Payload_field_names_match_case_insensitively()
    {
        Put("p/1", "q/1");

        var page = await ListAsync(new Dictionary<string, object> { ["Prefix"] = "p/", ["MAXRESULTS"] = 5 });

        Keys(page).Should().Equal("p/1");
        page.GetProperty("MaxKeys").GetInt32().Should().Be(5);
    }

    /// <remarks>s3.go list: a payload that does not unmarshal is "s3 binding (List Operation) - unable to parse Data property - …".</remarks>
    [Fact]
    public async Task A_payload_of_the_wrong_type_is_an_error()
    {
        var act = () => ListAsync(new { maxResults = "5" });

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().StartWith($"error invoking output binding {Binding}: s3 binding (List Operation) - unable to parse Data property - ");
    }

    /// <remarks>
    /// s3.go list: <c>json.Marshal(result)</c> of aws-sdk-go-v2 ListObjectsOutput: Go field names (PascalCase), every
    /// field present, an empty page's Contents null, the middleware's ResultMetadata an empty object; an object's ETag is
    /// S3's quoted MD5 of a single-part upload and LastModified (millisecond precision in S3) Go's RFC 3339 in UTC.
    /// </remarks>
    [Fact]
    public async Task The_result_is_ListObjectsOutput_as_Go_marshals_it()
    {
        Put("raw/a");

        var empty = await ListAsync(new { prefix = "none/" });
        var one = await ListAsync(new { prefix = "raw/" });

        empty.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "CommonPrefixes", "Contents", "Delimiter", "EncodingType", "IsTruncated", "Marker", "MaxKeys", "Name", "NextMarker",
            "Prefix", "RequestCharged", "ResultMetadata");
        empty.GetProperty("Contents").ValueKind.Should().Be(JsonValueKind.Null);
        empty.GetProperty("Name").GetString().Should().Be(Bucket);
        empty.GetProperty("ResultMetadata").EnumerateObject().Should().BeEmpty();
        one.GetProperty("Prefix").GetString().Should().Be("raw/");
        var item = one.GetProperty("Contents").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("Key").GetString().Should().Be("raw/a");
        item.GetProperty("Size").GetInt64().Should().Be(1);
        item.GetProperty("ETag").GetString().Should().Be("\"55a54008ad1ba589aa210d2629c1df41\"", "the MD5 of the one byte 0x01");
        item.GetProperty("LastModified").GetString().Should().Be("2030-05-06T07:08:09.123Z");
    }

    /// <summary>A bucket with the component's <c>decodeBase64</c> / <c>encodeBase64</c>, behind the binding from now on.</summary>
    private S3BindingHandler Register(bool decodeBase64 = false, bool encodeBase64 = false)
    {
        var bucket = new S3BindingHandler(Bucket, decodeBase64, encodeBase64, time: _time);
        _dapr.RegisterBinding(Binding, bucket);
        return bucket;
    }

    private static BindingRequest Request(string operation, string? key = null, byte[]? data = null)
    {
        var request = new BindingRequest(Binding, operation) { Data = data ?? [] };
        if (key is not null)
        {
            request.Metadata["key"] = key;
        }

        return request;
    }

    private void Put(params string[] keys)
    {
        foreach (var key in keys)
        {
            _bucket.Put(key, [1]);
        }
    }

    private async Task<JsonElement> ListAsync(object payload) =>
        Parse(await _dapr.InvokeBindingAsync(new BindingRequest(Binding, "list") { Data = JsonSerializer.SerializeToUtf8Bytes(payload) }));

    private static JsonElement Parse(BindingResponse response) => JsonDocument.Parse(response.Data).RootElement.Clone();

    private static IEnumerable<string?> Keys(JsonElement page) =>
        page.GetProperty("Contents") is { ValueKind: JsonValueKind.Array } contents
            ? contents.EnumerateArray().Select(c => c.GetProperty("Key").GetString()).ToList()
            : [];

    /// <remarks>Follows components-contrib bindings/aws/s3/s3.go get: S3's NoSuchKey becomes <c>errors.New("object not found")</c>, which daprd wraps as "error invoking output binding …".</remarks>
    [Fact]
    public async Task A_get_of_a_missing_key_fails_with_object_not_found()
    {
        var act = () => _dapr.InvokeBindingAsync(Request("get", "nope"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<Grpc.Core.RpcException>()
            .Which.Status.Detail.Should().Be($"error invoking output binding {Binding}: object not found");
    }
}
