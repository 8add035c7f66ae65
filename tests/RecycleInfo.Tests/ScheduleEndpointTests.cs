using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Postgres;

namespace Growbin.RecycleInfo.Tests;

[Collection(ScheduleCollection.Name)]
public sealed class ScheduleEndpointTests(ScheduleHost host)
{
    [Fact]
    public async Task An_area_comes_with_days_times_methods_and_the_next_collection_skipping_a_non_collection_saturday()
    {
        host.Clock.SetKorea(2026, 12, 10, 14); // a Thursday

        var body = await host.GetJsonAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"));

        body.GetProperty("region").GetString().Should().Be("서울특별시 마포구");
        body.GetProperty("now").GetString().Should().Be("2026-12-10T14:00:00+09:00");
        body.GetProperty("sourceId").GetString().Should().Be("data-go-kr-waste-schedule");
        var area = body.GetProperty("areas").EnumerateArray().Should().ContainSingle().Subject;
        area.GetProperty("name").GetString().Should().Be("망원1동");
        area.GetProperty("place").GetString().Should().Be("내 집 앞, 건물 앞 도로변");
        area.GetProperty("dataDate").GetString().Should().Be("2026-03-31");
        area.GetProperty("department").GetProperty("name").GetString().Should().Be("[합성] 마포구청 자원순환과");
        area.GetProperty("nonCollection").GetProperty("weekdays").EnumerateArray().Select(d => d.GetString()).Should().Equal("sat");
        area.GetProperty("nonCollection").GetProperty("holidays").EnumerateArray().Select(d => d.GetString()).Should().Equal("public");

        var general = area.GetProperty("general");
        general.GetProperty("days").EnumerateArray().Select(d => d.GetString()).Should().Equal("mon", "wed", "fri");
        general.GetProperty("daysKo").GetString().Should().Be("월·수·금");
        (general.GetProperty("start").GetString(), general.GetProperty("end").GetString()).Should().Be(("20:00", "06:00"));
        general.GetProperty("endsNextDay").GetBoolean().Should().BeTrue();
        general.GetProperty("method").GetString().Should().Be("종량제봉투에 담아 묶어서 배출");
        general.GetProperty("today").GetProperty("putOutDay").GetBoolean().Should().BeFalse();
        // Friday night's waste would be collected on Saturday, a non-collection day: the next window is Monday's.
        Window(general.GetProperty("next")).Should().Be(("2026-12-14", "2026-12-14T20:00:00+09:00", "2026-12-15T06:00:00+09:00", "2026-12-15", false));

        var recyclable = area.GetProperty("recyclable");
        var today = recyclable.GetProperty("today");
        (today.GetProperty("putOutDay").GetBoolean(), today.GetProperty("collected").GetBoolean()).Should().Be((true, true));
        Window(today.GetProperty("window")).Should().Be(("2026-12-10", "2026-12-10T20:00:00+09:00", "2026-12-11T06:00:00+09:00", "2026-12-11", false));
        Window(recyclable.GetProperty("next")).Should().Be(Window(today.GetProperty("window")));
        area.GetProperty("food").GetProperty("method").GetString().Should().Be("전용용기에 담아 배출 (물기 제거)");
    }

    [Fact]
    public async Task A_window_still_open_from_last_night_is_the_next_one_and_open()
    {
        host.Clock.SetKorea(2026, 12, 11, 3); // Friday 03:00, inside Thursday's 20:00–06:00

        var recyclable = (await host.GetJsonAsync(ScheduleHost.Url("서울 마포구", "망원1동"))).GetProperty("areas")[0].GetProperty("recyclable");

        recyclable.GetProperty("today").GetProperty("putOutDay").GetBoolean().Should().BeFalse("recyclables go out 화·목·일");
        Window(recyclable.GetProperty("next")).Should().Be(("2026-12-10", "2026-12-10T20:00:00+09:00", "2026-12-11T06:00:00+09:00", "2026-12-11", true));
    }

    [Fact]
    public async Task A_public_holiday_cancels_the_window_collected_on_it()
    {
        host.Clock.SetKorea(2026, 12, 24, 21); // Thursday night; Friday is 성탄절

        var recyclable = (await host.GetJsonAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"))).GetProperty("areas")[0].GetProperty("recyclable");

        var today = recyclable.GetProperty("today");
        (today.GetProperty("putOutDay").GetBoolean(), today.GetProperty("collected").GetBoolean()).Should().Be((true, false));
        today.GetProperty("noCollectionReason").GetString().Should().Be("성탄절");
        recyclable.GetProperty("next").GetProperty("date").GetString().Should().Be("2026-12-27");
    }

    [Fact]
    public async Task Chuseok_itself_cancels_collection_but_the_days_around_it_do_not_when_only_명절_당일_is_listed()
    {
        host.Clock.SetKorea(2026, 9, 24, 12); // Thursday, the day before 추석 (2026-09-25)

        var area = (await host.GetJsonAsync(ScheduleHost.Url("서울특별시 마포구", "서교동"))).GetProperty("areas")[0];

        area.GetProperty("nonCollection").GetProperty("holidays").EnumerateArray().Select(h => h.GetString()).Should().Equal("chuseok", "seollal");
        // General waste 일~목 19:00–24:00 is collected the same night: 9/24 is only 추석 연휴.
        area.GetProperty("general").GetProperty("today").GetProperty("collected").GetBoolean().Should().BeTrue();
        // Food waste 매일 18:00–06:00 put out on 9/24 is collected on 추석 itself; 9/25's on Saturday (미수거일).
        var food = area.GetProperty("food");
        food.GetProperty("today").GetProperty("noCollectionReason").GetString().Should().Be("추석");
        food.GetProperty("next").GetProperty("date").GetString().Should().Be("2026-09-26");
    }

    [Theory]
    [InlineData("합정동", "서교동 일대")]
    [InlineData("서교", "서교동 일대")]
    [InlineData("서교동 일대", "서교동 일대")]
    [InlineData("상 암 동", "상암동")]
    public async Task An_area_is_found_by_its_name_or_in_its_target_list(string query, string name)
    {
        var body = await host.GetJsonAsync(ScheduleHost.Url("서울특별시 마포구", query));

        body.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Should().Equal(name);
    }

    [Theory]
    [InlineData("경기도 성남시 분당구", "정자2동", "정자1동")]
    [InlineData("경기 성남시분당구", "정자1동", "정자1동")]
    [InlineData("세종", "한솔동", "한솔동")]
    [InlineData("Seoul 서대문구", "연희동", "신촌동")]
    public async Task Regions_are_read_as_people_write_them(string region, string area, string name)
    {
        var body = await host.GetJsonAsync(ScheduleHost.Url(region, area));

        body.GetProperty("areas")[0].GetProperty("name").GetString().Should().Be(name);
    }

    [Fact]
    public async Task Answers_are_public_with_an_etag_and_cached_only_until_the_next_window_opens()
    {
        host.Clock.SetKorea(2026, 12, 10, 19, 58); // two minutes before Thursday's 20:00 window

        var response = await host.Client.GetAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.Public.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(120));

        using var again = new HttpRequestMessage(HttpMethod.Get, ScheduleHost.Url("서울특별시 마포구", "망원1동"));
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        (await host.Client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        host.Clock.SetKorea(2026, 12, 10, 10);
        var morning = await host.Client.GetAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"));
        morning.Headers.CacheControl!.MaxAge.Should().Be(ScheduleApi.MaxAge);
        morning.Headers.ETag.Should().NotBe(response.Headers.ETag, "the answer says another time");
    }

    [Theory]
    [InlineData(null, "망원1동", "region")]
    [InlineData("서울특별시", "망원1동", "region")]
    [InlineData("서울나라 마포구", "망원1동", "region")]
    [InlineData("서울특별시 마포구 가나다라마바사아자차카타파하 가나다라마바사아자차카타파하 가나다라마바사아자차카타파하", "망원1동", "region")]
    [InlineData("서울특별시 마포구", null, "area")]
    [InlineData("서울특별시 마포구", "동", "area")]
    [InlineData("서울특별시 마포구", "망원\u0001동", "area")]
    [InlineData("서울특별시 마포구", "망원\u200B1동", "area")]
    [InlineData("서울특별시 마포구", "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타파하", "area")]
    public async Task Bad_or_missing_parameters_are_400_naming_the_field_and_query_nothing(string? region, string? area, string field)
    {
        var before = host.Database.Binding.Executed.Count;
        var query = string.Join('&', new[] { ("region", region), ("area", area) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

        var problem = await host.GetJsonAsync($"/api/v1/recycle/schedule?{query}", HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal(field);
        host.Database.Binding.Executed.Count.Should().Be(before);
    }

    [Fact]
    public async Task Both_bad_parameters_are_reported_at_once()
    {
        var problem = await host.GetJsonAsync("/api/v1/recycle/schedule", HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("region", "area");
    }

    [Theory]
    [InlineData("부산광역시 해운대구", "우동", "No collection schedule of 부산광역시 해운대구 has been imported.")]
    [InlineData("서울특별시 마포구", "연희동", "No 관리구역 of 서울특별시 마포구 is named or lists '연희동'.")]
    public async Task Nothing_matching_is_404_schedule_not_found(string region, string area, string detail)
    {
        var problem = await host.GetJsonAsync(ScheduleHost.Url(region, area), HttpStatusCode.NotFound);

        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.For("schedule-not-found"));
        problem.GetProperty("detail").GetString().Should().Be(detail);
    }

    [Fact]
    public async Task A_database_outage_is_503_dependency_unavailable()
    {
        var down = new UnreachableDatabase();
        host.Dapr.RegisterBinding(DaprComponents.Database, down);
        try
        {
            var problem = await host.GetJsonAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"), HttpStatusCode.ServiceUnavailable);

            problem.GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
            down.Calls.Should().Be(1);
        }
        finally
        {
            host.Database.AttachTo(host.Dapr);
        }
    }

    [Fact]
    public async Task A_read_that_fails_while_it_runs_is_503_not_a_404()
    {
        using (host.Database.Binding.DenyAtExecution(s => s.Sql.Contains("growbin.schedule_regions", StringComparison.Ordinal)))
        {
            var problem = await host.GetJsonAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"), HttpStatusCode.ServiceUnavailable);

            problem.GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
            host.Database.Binding.Executed[^1].HiddenError.Should().Contain("permission denied");
        }
    }

    [Fact]
    public async Task Anonymous_callers_share_the_per_address_rate_limit()
    {
        await using var factory = host.CreateFactory(tokenLimit: 2);
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync(ScheduleHost.Url("서울특별시 마포구", "망원1동"))).StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
    }

    private static (string?, string?, string?, string?, bool) Window(JsonElement window) => (
        window.GetProperty("date").GetString(), window.GetProperty("startsAt").GetString(), window.GetProperty("endsAt").GetString(),
        window.GetProperty("collectionDate").GetString(), window.GetProperty("open").GetBoolean());
}
