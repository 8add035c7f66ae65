using System.Net;
using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Kakao;

namespace Growbin.Location.Tests;

/// <summary>The fake answers like Kakao Local, so the tests that lean on it mean something.</summary>
public sealed class FakeKakaoServerTests : IAsyncLifetime
{
    private FakeKakaoServer _kakao = null!;
    private readonly InMemoryDaprClient _dapr = new();

    public async Task InitializeAsync()
    {
        _kakao = await FakeKakaoServer.StartAsync();
        _kakao.AddPlace(
            new FakeKakaoPlace("11", "마포구청 재활용센터", 37.5663, 126.9016, "서울 마포구 성산동 370", "서울 마포구 월드컵로 212",
                "사회,공공기관 > 행정기관", "PO3", "02-3153-8114"),
            new FakeKakaoPlace("12", "망원동 재활용 정거장", 37.5556, 126.9105, "서울 마포구 망원동 1"));
        _kakao.AddAddress(new FakeKakaoAddress("서울 마포구 월드컵로 212", "서울 마포구 성산동 370", 37.5663, 126.9016));
        _kakao.AttachTo(_dapr);
    }

    public async Task DisposeAsync()
    {
        await _kakao.DisposeAsync();
        _dapr.Dispose();
    }

    [Fact]
    public async Task Keyword_search_answers_kakaos_shape_with_string_coordinates_and_distance()
    {
        var response = await GetAsync("/v2/local/search/keyword.json?query=%EC%9E%AC%ED%99%9C%EC%9A%A9&x=126.9016&y=37.5663&radius=5000&sort=distance");

        response.Status.Should().Be(200);
        var root = response.Body.RootElement;
        root.GetProperty("meta").GetProperty("total_count").GetInt32().Should().Be(2);
        root.GetProperty("meta").GetProperty("is_end").GetBoolean().Should().BeTrue();
        root.GetProperty("meta").GetProperty("same_name").GetProperty("keyword").GetString().Should().Be("재활용");
        var first = root.GetProperty("documents")[0];
        first.GetProperty("id").GetString().Should().Be("11");
        first.GetProperty("x").GetString().Should().Be("126.9016");
        first.GetProperty("y").GetString().Should().Be("37.5663");
        first.GetProperty("distance").GetString().Should().Be("0");
        first.GetProperty("place_url").GetString().Should().Be("http://place.map.kakao.com/11");
        root.GetProperty("documents")[1].GetProperty("distance").GetString().Should().MatchRegex("^[0-9]+$");
        _kakao.CallCount.Should().Be(1);
        _kakao.Requests.Single().Authorization.Should().Be(_kakao.Authorization);
    }

    [Fact]
    public async Task Address_search_geocodes_with_road_and_lot_number_objects()
    {
        var response = await GetAsync("/v2/local/search/address.json?query=" + Uri.EscapeDataString("마포구 월드컵로 212"));

        response.Status.Should().Be(200);
        var document = response.Body.RootElement.GetProperty("documents").EnumerateArray().Single();
        document.GetProperty("address_type").GetString().Should().Be("ROAD_ADDR");
        document.GetProperty("x").GetString().Should().Be("126.9016");
        document.GetProperty("road_address").GetProperty("main_building_no").GetString().Should().Be("212");
        document.GetProperty("address").GetProperty("region_2depth_name").GetString().Should().Be("마포구");
    }

    [Fact]
    public async Task A_wrong_key_is_401()
    {
        var dapr = new InMemoryDaprClient();
        _kakao.AttachTo(dapr, "KakaoAK wrong");

        var response = await dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.KakaoLocal, "get")
        {
            Metadata = { ["path"] = "/v2/local/search/keyword.json?query=a" },
        });

        response.Metadata["statusCode"].Should().Be("401");
        JsonDocument.Parse(response.Data).RootElement.GetProperty("errorType").GetString().Should().Be("AccessDeniedError");
    }

    [Theory]
    [InlineData(FakeKakaoFailure.Unauthorized, 401)]
    [InlineData(FakeKakaoFailure.RateLimited, 429)]
    [InlineData(FakeKakaoFailure.ServerError, 500)]
    public async Task Scripted_failures_answer_their_status_once(FakeKakaoFailure failure, int status)
    {
        _kakao.FailNext(failure);

        var failed = await GetRawAsync("/v2/local/search/keyword.json?query=a");
        var next = await GetRawAsync("/v2/local/search/keyword.json?query=a");

        failed.Status.Should().Be(status);
        next.Status.Should().Be(200);
        _kakao.Requests.Select(r => r.Status).Should().Equal(status, 200);
    }

    [Fact]
    public async Task Malformed_json_is_a_200_that_does_not_parse()
    {
        _kakao.FailNext(FakeKakaoFailure.MalformedJson);

        var response = await GetRawAsync("/v2/local/search/keyword.json?query=a");

        response.Status.Should().Be(200);
        var parse = () => JsonDocument.Parse(response.Body);
        parse.Should().Throw<JsonException>();
    }

    [Fact]
    public async Task A_slow_answer_outlasts_the_callers_timeout()
    {
        _kakao.FailNext(FakeKakaoFailure.Slow);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var call = () => _dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.KakaoLocal, "get")
        {
            Metadata = { ["path"] = "/v2/local/search/keyword.json?query=a" },
        }, timeout.Token);

        await call.Should().ThrowAsync<Exception>();
        _kakao.CallCount.Should().Be(1);
    }

    [Theory]
    [InlineData("/v2/local/search/keyword.json?query=a&size=16")]
    [InlineData("/v2/local/search/keyword.json?query=a&page=46")]
    [InlineData("/v2/local/search/keyword.json?query=a&x=1&y=2&radius=20001")]
    [InlineData("/v2/local/search/keyword.json")]
    [InlineData("/v2/local/search/category.json?category_group_code=XX1&x=1&y=2&radius=10")]
    public async Task Out_of_bounds_parameters_are_400(string path)
    {
        var response = await GetRawAsync(path);

        response.Status.Should().Be(400);
        JsonDocument.Parse(response.Body).RootElement.GetProperty("errorType").GetString().Should().NotBeNullOrEmpty();
    }

    private async Task<(int Status, JsonDocument Body)> GetAsync(string path)
    {
        var (status, body) = await GetRawAsync(path);
        return (status, JsonDocument.Parse(body));
    }

    private async Task<(int Status, string Body)> GetRawAsync(string path)
    {
        var response = await _dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.KakaoLocal, "get") { Metadata = { ["path"] = path } });
        return (int.Parse(response.Metadata["statusCode"], System.Globalization.CultureInfo.InvariantCulture),
            System.Text.Encoding.UTF8.GetString(response.Data.Span));
    }
}
