using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Dapr;

public sealed class S3BindingHandlerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2030, 5, 6, 7, 8, 9, 123, TimeSpan.Zero));
    private readonly InMemoryDaprClient _dapr = new();

    private S3BindingHandler Register(bool decodeBase64 = false, bool encodeBase64 = false)
    {
        var handler = new S3BindingHandler("photos", decodeBase64, encodeBase64, time: _time);
        _dapr.RegisterBinding("s3", handler);
        return handler;
    }

    private static BindingRequest Request(string operation, string? key = null, byte[]? data = null)
    {
        var request = new BindingRequest("s3", operation) { Data = data ?? [] };
        if (key is not null)
        {
            request.Metadata["key"] = key;
        }

        return request;
    }

    [Fact]
    public async Task Create_stores_bytes_under_the_key_and_answers_location()
    {
        var bucket = Register();

        var response = await _dapr.InvokeBindingAsync(Request("create", "a/b.jpg", [1, 2, 3]));

        bucket.Objects["a/b.jpg"].Content.Should().Equal(1, 2, 3);
        bucket.Objects["a/b.jpg"].LastModified.Should().Be(_time.GetUtcNow());
        Encoding.UTF8.GetString(response.Data.Span).Should().Be("""{"location":"http://minio:9000/photos/a/b.jpg","versionID":null}""");
        response.Metadata.Should().ContainKey("key").WhoseValue.Should().Be("a/b.jpg");
    }

    [Fact]
    public async Task Create_without_key_generates_a_guid_key()
    {
        var bucket = Register();

        await _dapr.InvokeBindingAsync(Request("create", data: [9]));

        Guid.TryParse(bucket.Objects.Keys.Single(), out _).Should().BeTrue();
    }

    [Fact]
    public async Task Create_with_decodeBase64_stores_the_decoded_bytes()
    {
        var bucket = Register(decodeBase64: true);

        // The typed overload sends a JSON string; the component unquotes it first.
        await _dapr.InvokeBindingAsync<string>("s3", "create", Convert.ToBase64String([7, 8]),
            new Dictionary<string, string> { ["key"] = "k" });

        bucket.Objects["k"].Content.Should().Equal(7, 8);
    }

    [Fact]
    public async Task Get_returns_raw_bytes_or_base64_when_encodeBase64()
    {
        Register().Put("k", [1, 2]);
        (await _dapr.InvokeBindingAsync(Request("get", "k"))).Data.ToArray().Should().Equal(1, 2);

        Register(encodeBase64: true).Put("k", [1, 2]);
        Encoding.UTF8.GetString((await _dapr.InvokeBindingAsync(Request("get", "k"))).Data.Span).Should().Be("AQI=");
    }

    [Fact]
    public async Task Get_of_missing_key_fails_with_NoSuchKey()
    {
        Register();

        var act = () => _dapr.InvokeBindingAsync(Request("get", "nope"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<Grpc.Core.RpcException>()
            .Which.Status.Detail.Should().Contain("NoSuchKey");
    }

    [Fact]
    public async Task Delete_removes_the_object_and_answers_empty()
    {
        var bucket = Register();
        bucket.Put("k", [1]);

        var response = await _dapr.InvokeBindingAsync(Request("delete", "k"));

        response.Data.IsEmpty.Should().BeTrue();
        bucket.Objects.Should().BeEmpty();
    }

    [Fact]
    public async Task List_answers_the_shape_of_S3_ListObjects()
    {
        var bucket = Register();
        bucket.Put("scans/1.jpg", [1, 2, 3]);
        bucket.Put("scans/2.jpg", [4]);
        bucket.Put("other/x", [5]);

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("s3", "list")
        {
            Data = JsonSerializer.SerializeToUtf8Bytes(new { maxResults = 1, prefix = "scans/" }),
        });

        using var json = JsonDocument.Parse(response.Data);
        var root = json.RootElement;
        root.GetProperty("Name").GetString().Should().Be("photos");
        root.GetProperty("Prefix").GetString().Should().Be("scans/");
        root.GetProperty("MaxKeys").GetInt32().Should().Be(1);
        root.GetProperty("IsTruncated").GetBoolean().Should().BeTrue();
        root.GetProperty("NextMarker").ValueKind.Should().Be(JsonValueKind.Null, "S3 sends NextMarker only with a delimiter");
        var item = root.GetProperty("Contents").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("Key").GetString().Should().Be("scans/1.jpg");
        item.GetProperty("Size").GetInt32().Should().Be(3);
        item.GetProperty("ETag").GetString().Should().Be("\"5289df737df57326fcdd22597afb1fac\"");
        item.GetProperty("LastModified").GetString().Should().Be("2030-05-06T07:08:09.123Z");
    }

    [Fact]
    public async Task List_with_delimiter_rolls_keys_up_into_common_prefixes()
    {
        var bucket = Register();
        bucket.Put("a/1", [1]);
        bucket.Put("a/2", [1]);
        bucket.Put("b", [1]);

        var response = await _dapr.InvokeBindingAsync(new BindingRequest("s3", "list")
        {
            Data = JsonSerializer.SerializeToUtf8Bytes(new { delimiter = "/" }),
        });

        using var json = JsonDocument.Parse(response.Data);
        json.RootElement.GetProperty("CommonPrefixes").EnumerateArray().Select(p => p.GetProperty("Prefix").GetString())
            .Should().Equal("a/");
        json.RootElement.GetProperty("Contents").EnumerateArray().Select(p => p.GetProperty("Key").GetString())
            .Should().Equal("b");
    }
}
