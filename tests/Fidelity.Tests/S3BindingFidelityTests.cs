using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.Fidelity.Tests;

/// <summary>
/// The bindings.aws.s3 <c>list</c> operation as components-contrib implements it (bindings/aws/s3/s3.go, <c>list</c>
/// and <c>listPayload</c>; v1.17 and v1.18 call aws-sdk-go-v2's <c>ListObjects</c>, i.e. S3 ListObjects v1, and
/// json.Marshal the output), against <see cref="S3BindingHandler"/> behind <see cref="InMemoryDaprClient"/>.
/// </summary>
public sealed class S3BindingFidelityTests : IDisposable
{
    private const string Binding = "images";

    private readonly InMemoryDaprClient _dapr = new();
    private readonly S3BindingHandler _bucket = new("growbin-images");

    public S3BindingFidelityTests()
    {
        _dapr.RegisterBinding(Binding, _bucket);
    }

    public void Dispose() => _dapr.Dispose();

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
    /// field present, an empty page's Contents null, the middleware's ResultMetadata an empty object.
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
        empty.GetProperty("Name").GetString().Should().Be("growbin-images");
        empty.GetProperty("ResultMetadata").EnumerateObject().Should().BeEmpty();
        var item = one.GetProperty("Contents").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("Key").GetString().Should().Be("raw/a");
        item.GetProperty("Size").GetInt64().Should().Be(1);
        item.GetProperty("LastModified").ValueKind.Should().Be(JsonValueKind.String);
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
}
