using System.Net;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Location.Points;
using Growbin.TestSupport.Kakao;

namespace Growbin.Location.Tests;

/// <summary>GET /api/v1/locations/search: local trigram search on real PostgreSQL, merged with Kakao Local.</summary>
[Collection(LocationCollection.Name)]
public sealed class SearchTests(LocationHost host) : IAsyncLifetime
{
    private const double Lat = 37.5663;
    private const double Lng = 126.9016;

    private FakeKakaoServer _kakao = null!;

    public async Task InitializeAsync() => _kakao = await host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("마포구청 재활용 정거장")]
    [InlineData("마포구청 재활융 정거장")]
    [InlineData("마포구청재활용정거장")]
    [InlineData("재활용 정거장")]
    [InlineData("월드컵로 212")]
    public async Task Local_points_are_found_by_name_or_address_despite_typos_and_spacing(string query)
    {
        var id = await host.InsertPointAsync(PointKinds.RecyclingStation, "마포구청 재활용 정거장", Lat, Lng,
            address: "서울특별시 마포구 월드컵로 212");
        await host.InsertPointAsync(PointKinds.Medicine, "부산진구 보건소 폐의약품함", 35.1631, 129.0530, address: "부산광역시 부산진구 시민공원로 30");

        var body = await SearchAsync(query);

        var first = body.GetProperty("items")[0];
        first.GetProperty("origin").GetString().Should().Be("local");
        first.GetProperty("id").GetString().Should().Be(id.ToString());
        first.GetProperty("kind").GetString().Should().Be(PointKinds.RecyclingStation);
        first.GetProperty("distanceMeters").ValueKind.Should().Be(JsonValueKind.Null, "no position was given");
        Names(body).Should().NotContain("부산진구 보건소 폐의약품함");
    }

    [Fact]
    public async Task Unrelated_queries_find_nothing_locally()
    {
        await host.InsertPointAsync(PointKinds.RecyclingStation, "마포구청 재활용 정거장", Lat, Lng, address: "서울특별시 마포구 월드컵로 212");

        var body = await SearchAsync("강남역 자전거");

        body.GetProperty("items").EnumerateArray().Should().NotContain(i => i.GetProperty("origin").GetString() == "local");
    }

    [Theory]
    [InlineData("%", "100% 재생 의류수거함")]
    [InlineData("_", "A_1 의류수거함")]
    [InlineData("\\", "역\\슬래시 의류수거함")]
    public async Task Like_wildcards_in_the_query_match_only_themselves(string query, string literal)
    {
        await host.InsertPointAsync(PointKinds.ClothingBin, literal, Lat, Lng);
        await host.InsertPointAsync(PointKinds.ClothingBin, "성산동 의류수거함", Lat, Lng);
        await host.InsertPointAsync(PointKinds.ClothingBin, "AB1 의류수거함", Lat, Lng);

        var body = await SearchAsync(query);

        Names(body).Should().Equal(literal);
    }

    [Fact]
    public async Task With_a_position_local_results_carry_their_distance()
    {
        await host.InsertPointAsync(PointKinds.ClothingBin, "성산동 의류수거함", Lat + 0.009, Lng);

        var body = await SearchAsync("성산동 의류수거함", Lat, Lng);

        body.GetProperty("items")[0].GetProperty("distanceMeters").GetDouble().Should().BeInRange(990, 1010);
    }

    [Fact]
    public async Task Kakao_places_are_merged_after_local_ones_nearest_first_and_obvious_duplicates_are_dropped()
    {
        var local = await host.InsertPointAsync(PointKinds.CommunityCentre, "성산1동 주민센터", Lat, Lng, address: "서울특별시 마포구 성산로 4길 15");
        _kakao.AddPlace(
            // The same place as the local point, 10 m off and spelt with a space: dropped.
            new FakeKakaoPlace("8001", "성산1동 주민 센터", Lat + 0.00009, Lng, "서울 마포구 성산동 250-1", "서울 마포구 성산로4길 15",
                "사회,공공기관 > 행정기관 > 주민센터", "PO3", "02-3153-6570"),
            // Same name, another place 500 m away: kept.
            new FakeKakaoPlace("8002", "성산1동 주민센터", Lat + 0.0045, Lng, "서울 마포구 성산동 1"),
            new FakeKakaoPlace("8003", "성산1동 주민센터 재활용 정거장", Lat + 0.001, Lng + 0.001, "서울 마포구 성산동 2", "서울 마포구 성산로 10",
                "", "", "02-000-0000"));

        var body = await SearchAsync("성산1동 주민센터", Lat, Lng);

        var items = body.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => (i.GetProperty("origin").GetString(), i.GetProperty("id").GetString()))
            .Should().Equal(("local", local.ToString()), ("kakao", "8003"), ("kakao", "8002"));
        var kakao = items[1];
        kakao.GetProperty("placeUrl").GetString().Should().Be("http://place.map.kakao.com/8003");
        kakao.GetProperty("roadAddress").GetString().Should().Be("서울 마포구 성산로 10");
        kakao.GetProperty("phone").GetString().Should().Be("02-000-0000");
        kakao.GetProperty("lat").GetDouble().Should().BeApproximately(Lat + 0.001, 1e-9);
        kakao.GetProperty("lng").GetDouble().Should().BeApproximately(Lng + 0.001, 1e-9);
        kakao.GetProperty("distanceMeters").GetDouble().Should().BeInRange(130, 145);
        kakao.GetProperty("kind").ValueKind.Should().Be(JsonValueKind.Null);
        External(body).Should().Be(("kakao", "ok", null, false));

        var request = _kakao.Requests.Single();
        request.Endpoint.Should().Be("keyword");
        request.Query["query"].Should().Be("성산1동 주민센터");
        request.Query["x"].Should().Be("126.902", "x is the longitude, rounded like the cache key");
        request.Query["y"].Should().Be("37.566");
        request.Query["radius"].Should().Be("5000");
        request.Query["size"].Should().Be("15");
        request.Authorization.Should().Be(_kakao.Authorization);
    }

    [Fact]
    public async Task Kakao_is_asked_page_by_page_up_to_45_places()
    {
        for (var i = 0; i < 50; i++)
        {
            _kakao.AddPlace(new FakeKakaoPlace($"{9000 + i}", $"헌옷 수거함 {i}", Lat + i * 0.0001, Lng, "서울 마포구"));
        }

        var body = await SearchAsync("헌옷 수거함");

        body.GetProperty("items").GetArrayLength().Should().Be(45);
        _kakao.Requests.Select(r => r.Query["page"]).Should().Equal("1", "2", "3");
        _kakao.Requests.Should().NotContain(r => r.Query.ContainsKey("x"), "no position, no x/y/radius");
    }

    [Fact]
    public async Task A_second_search_is_answered_from_the_cache_for_a_day()
    {
        _kakao.AddPlace(new FakeKakaoPlace("7001", "합정역 폐건전지 수거함", Lat, Lng, "서울 마포구 합정동"));

        var first = await SearchAsync("합정역 폐건전지", Lat, Lng);
        // Same normalised query (spaces, case) and a position in the same ~100 m cell.
        var second = await SearchAsync("  합정역   폐건전지 ", Lat + 0.0001, Lng + 0.0003);
        host.Clock.Advance(TimeSpan.FromHours(23));
        var third = await SearchAsync("합정역 폐건전지", Lat, Lng);

        _kakao.CallCount.Should().Be(1);
        External(first).Should().Be(("kakao", "ok", null, false));
        External(second).Should().Be(("kakao", "ok", null, true));
        External(third).Should().Be(("kakao", "ok", null, true));
        Ids(second).Should().Equal("7001");
        second.GetProperty("items")[0].GetProperty("distanceMeters").GetDouble().Should().BeInRange(25, 35,
            "a cached place is measured from this caller's position");

        host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var afterADay = await SearchAsync("합정역 폐건전지", Lat, Lng);

        _kakao.CallCount.Should().Be(2, "the cached answer expires after 86,400 s");
        External(afterADay).Should().Be(("kakao", "ok", null, false));
    }

    [Fact]
    public async Task Another_position_or_query_is_another_cache_entry()
    {
        _kakao.AddPlace(new FakeKakaoPlace("7002", "망원 의류수거함", Lat, Lng, "서울 마포구 망원동"));

        await SearchAsync("망원 의류수거함", Lat, Lng);
        await SearchAsync("망원 의류수거함", Lat + 0.01, Lng);
        await SearchAsync("망원 의류수거함");
        await SearchAsync("망원 수거함", Lat, Lng);

        _kakao.CallCount.Should().Be(4);
    }

    [Theory]
    [InlineData(FakeKakaoFailure.Unauthorized, "unauthorized")]
    [InlineData(FakeKakaoFailure.RateLimited, "rate-limited")]
    [InlineData(FakeKakaoFailure.Slow, "timeout")]
    [InlineData(FakeKakaoFailure.MalformedJson, "malformed-response")]
    [InlineData(FakeKakaoFailure.ServerError, "error")]
    public async Task When_kakao_fails_local_results_come_back_flagged_and_nothing_is_cached(FakeKakaoFailure failure, string reason)
    {
        var local = await host.InsertPointAsync(PointKinds.BatteryLamp, "서교동 폐건전지 수거함", Lat, Lng);
        _kakao.AddPlace(new FakeKakaoPlace("6001", "서교동 폐건전지 수거함 2", Lat, Lng, "서울 마포구 서교동"));
        _kakao.FailNext(failure);

        var failed = await SearchAsync("서교동 폐건전지", Lat, Lng);
        var next = await SearchAsync("서교동 폐건전지", Lat, Lng);

        Ids(failed).Should().Equal(local.ToString());
        External(failed).Should().Be(("kakao", "unavailable", reason, false));
        _kakao.CallCount.Should().Be(2, "a failure is not cached: the next search asks again");
        Ids(next).Should().Equal(local.ToString(), "6001");
        External(next).Should().Be(("kakao", "ok", null, false));
    }

    [Fact]
    public async Task A_wrong_key_is_unauthorized()
    {
        var kakao = await host.ResetAsync("KakaoAK not-the-right-key");
        var local = await host.InsertPointAsync(PointKinds.Medicine, "연남동 약국", Lat, Lng);

        var body = await SearchAsync("연남동 약국");

        Ids(body).Should().Equal(local.ToString());
        External(body).Should().Be(("kakao", "unavailable", "unauthorized", false));
        kakao.Requests.Single().Status.Should().Be(401);
    }

    [Theory]
    [InlineData("KakaoAK replace-with-your-kakao-rest-api-key")]
    [InlineData("")]
    [InlineData("KakaoAK ")]
    public async Task Without_a_real_key_kakao_is_not_asked(string authorization)
    {
        var kakao = await host.ResetAsync(authorization);
        var local = await host.InsertPointAsync(PointKinds.Medicine, "연남동 약국", Lat, Lng);

        var body = await SearchAsync("연남동 약국");

        Ids(body).Should().Equal(local.ToString());
        External(body).Should().Be(("kakao", "unavailable", "not-configured", false));
        kakao.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task A_missing_secret_is_not_configured()
    {
        host.Dapr.SetSecret(DaprComponents.SecretStore, FakeKakaoServer.AuthorizationSecret, new Dictionary<string, string>());

        var body = await SearchAsync("연남동 약국");

        External(body).Should().Be(("kakao", "unavailable", "not-configured", false));
        _kakao.CallCount.Should().Be(0);
    }

    [Fact]
    public async Task A_binding_error_is_unavailable_not_a_500()
    {
        host.Dapr.RegisterBinding(DaprComponents.KakaoLocal, new UnreachableKakao());

        var body = await SearchAsync("연남동 약국");

        External(body).Should().Be(("kakao", "unavailable", "error", false));
    }

    [Fact]
    public async Task A_component_left_at_errorIfNot2XX_true_still_tells_429_apart()
    {
        host.Dapr.RegisterBinding(DaprComponents.KakaoLocal,
            new Growbin.TestSupport.Dapr.HttpBindingHandler(_kakao.BaseAddress.ToString())
            {
                SecurityTokenHeader = "Authorization",
                SecurityToken = _kakao.Authorization,
            });
        _kakao.FailNext(FakeKakaoFailure.RateLimited);

        var body = await SearchAsync("연남동 약국");

        External(body).Should().Be(("kakao", "unavailable", "rate-limited", false));
    }

    private async Task<JsonElement> SearchAsync(string query, double? lat = null, double? lng = null)
    {
        var path = "/api/v1/locations/search?query=" + Uri.EscapeDataString(query)
            + (lat.HasValue ? FormattableString.Invariant($"&lat={lat}&lng={lng}") : string.Empty);
        return await LocationHost.ReadJsonAsync(await host.Client().GetAsync(path), HttpStatusCode.OK);
    }

    private static List<string?> Names(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();

    private static List<string?> Ids(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();

    private static (string?, string?, string?, bool) External(JsonElement body)
    {
        var external = body.GetProperty("external");
        return (external.GetProperty("provider").GetString(), external.GetProperty("status").GetString(),
            external.GetProperty("reason").GetString(), external.GetProperty("cached").GetBoolean());
    }
}
