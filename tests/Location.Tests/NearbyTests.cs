using System.Globalization;
using System.Net;
using System.Text.Json;
using Growbin.Location.Points;

namespace Growbin.Location.Tests;

/// <summary>GET /api/v1/locations/nearby against real PostGIS, checked against a brute-force search of our own.</summary>
[Collection(LocationCollection.Name)]
public sealed class NearbyTests(LocationHost host) : IAsyncLifetime
{
    private const double SeoulLat = 37.5665;
    private const double SeoulLng = 126.9780;

    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Nearby_agrees_with_a_brute_force_haversine_search_over_500_random_points()
    {
        var random = new Random(20261123);
        var kinds = PointKinds.KoreanNames.Keys.ToArray();
        var points = new List<(Guid Id, double Lat, double Lng)>();
        for (var i = 0; i < 500; i++)
        {
            // About 11 km × 10.6 km around Seoul City Hall.
            var lat = SeoulLat + (random.NextDouble() - 0.5) * 0.1;
            var lng = SeoulLng + (random.NextDouble() - 0.5) * 0.12;
            points.Add((await host.InsertPointAsync(kinds[random.Next(kinds.Length)], $"점 {i}", lat, lng), lat, lng));
        }

        var client = host.Client();
        var checkedQueries = 0;
        var nonEmpty = 0;
        var truncated = 0;
        foreach (var radius in new[] { 300, 800, 1500, 3000 })
        {
            for (var q = 0; q < 5; q++)
            {
                var lat = SeoulLat + (random.NextDouble() - 0.5) * 0.06;
                var lng = SeoulLng + (random.NextDouble() - 0.5) * 0.07;
                var body = await LocationHost.ReadJsonAsync(
                    await client.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/locations/nearby?lat={lat}&lng={lng}&radius={radius}&limit=50")),
                    HttpStatusCode.OK);
                var items = body.GetProperty("items").EnumerateArray().ToList();
                var returned = items.Select(i => Guid.Parse(i.GetProperty("id").GetString()!)).ToList();

                // PostGIS measures on the WGS 84 spheroid, haversine on a sphere: around Seoul they differ by up to
                // ~0.3 %, so points that close to the edge may fall either way. The band is 1 m plus 0.5 %.
                double Band(double meters) => 1 + meters * 0.005;
                var byHaversine = points
                    .Select(p => (p.Id, Meters: Haversine(lat, lng, p.Lat, p.Lng)))
                    .OrderBy(p => p.Meters)
                    .ToList();
                var edge = returned.Count == 50
                    ? byHaversine.Single(p => p.Id == returned[^1]).Meters
                    : radius;
                var mustBeIn = byHaversine.Where(p => p.Meters < edge - Band(edge)).Select(p => p.Id).ToList();
                var mustBeOut = byHaversine.Where(p => p.Meters > radius + Band(radius)).Select(p => p.Id).ToHashSet();

                returned.Should().OnlyHaveUniqueItems();
                mustBeIn.Except(returned).Should().BeEmpty($"every point well inside {radius} m of ({lat}, {lng}) is found");
                returned.Should().NotContain(id => mustBeOut.Contains(id), "no point well outside the radius is returned");
                returned.Count.Should().BeLessThanOrEqualTo(50);

                var meters = returned.Select(id => byHaversine.Single(p => p.Id == id).Meters).ToList();
                for (var i = 1; i < meters.Count; i++)
                {
                    meters[i].Should().BeGreaterThanOrEqualTo(meters[i - 1] - 0.5, "results come nearest first");
                }

                foreach (var (item, expected) in items.Zip(meters))
                {
                    var distance = item.GetProperty("distanceMeters").GetDouble();
                    distance.Should().BeApproximately(expected, Band(expected));
                    distance.Should().BeLessThanOrEqualTo(radius);
                }

                body.GetProperty("radiusMeters").GetInt32().Should().Be(radius);
                checkedQueries++;
                nonEmpty += returned.Count > 0 ? 1 : 0;
                truncated += returned.Count == 50 ? 1 : 0;
            }
        }

        checkedQueries.Should().Be(20);
        nonEmpty.Should().BeGreaterThan(15, "the check is about points found, not empty answers");
        truncated.Should().BeGreaterThan(0, "some queries meet the limit, so the nearest-first cut is checked too");
    }

    [Fact]
    public async Task Kind_filters_and_is_echoed()
    {
        var medicine = await host.InsertPointAsync(PointKinds.Medicine, "온누리약국 폐의약품함", SeoulLat + 0.001, SeoulLng);
        await host.InsertPointAsync(PointKinds.ClothingBin, "의류수거함 1", SeoulLat + 0.0005, SeoulLng);
        var farther = await host.InsertPointAsync(PointKinds.Medicine, "시청 보건소", SeoulLat + 0.003, SeoulLng);

        var body = await GetAsync($"lat={SeoulLat}&lng={SeoulLng}&kind=medicine");

        Ids(body).Should().Equal(medicine, farther);
        body.GetProperty("kind").GetString().Should().Be(PointKinds.Medicine);
        body.GetProperty("items")[0].GetProperty("kindName").GetString().Should().Be("폐의약품 수거함");
    }

    [Fact]
    public async Task Limit_keeps_the_nearest()
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add(await host.InsertPointAsync(PointKinds.ClothingBin, $"의류수거함 {i}", SeoulLat + i * 0.0005, SeoulLng));
        }

        var body = await GetAsync($"lat={SeoulLat}&lng={SeoulLng}&limit=2");

        Ids(body).Should().Equal(ids[0], ids[1]);
        body.GetProperty("kind").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_default_radius_is_1000_m()
    {
        // 0.0081° and 0.0099° of latitude: about 900 m and 1,100 m north.
        var inside = await host.InsertPointAsync(PointKinds.RecyclingStation, "안쪽", SeoulLat + 0.0081, SeoulLng);
        await host.InsertPointAsync(PointKinds.RecyclingStation, "바깥", SeoulLat + 0.0099, SeoulLng);

        var body = await GetAsync($"lat={SeoulLat}&lng={SeoulLng}");

        Ids(body).Should().Equal(inside);
        body.GetProperty("radiusMeters").GetInt32().Should().Be(1000);
    }

    [Fact]
    public async Task Every_item_carries_the_point_its_distance_and_where_it_came_from()
    {
        var id = await host.InsertPointAsync(PointKinds.BatteryLamp, "서소문 폐건전지 수거함", 37.5640, 126.9750,
            address: "서울특별시 중구 서소문로 124", source: "seoul-junggu", district: "중구", detail: "1층 로비", openingHours: "09:00-18:00");

        var response = await host.Client().GetAsync(FormattableString.Invariant($"/api/v1/locations/nearby?lat={SeoulLat}&lng={SeoulLng}&radius=2000"));
        var body = await LocationHost.ReadJsonAsync(response, HttpStatusCode.OK);

        var item = body.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("id").GetGuid().Should().Be(id);
        item.GetProperty("kind").GetString().Should().Be(PointKinds.BatteryLamp);
        item.GetProperty("kindName").GetString().Should().Be("폐건전지·폐형광등 수거함");
        item.GetProperty("name").GetString().Should().Be("서소문 폐건전지 수거함");
        item.GetProperty("address").GetString().Should().Be("서울특별시 중구 서소문로 124");
        item.GetProperty("detail").GetString().Should().Be("1층 로비");
        item.GetProperty("district").GetString().Should().Be("중구");
        item.GetProperty("openingHours").GetString().Should().Be("09:00-18:00");
        item.GetProperty("lat").GetDouble().Should().BeApproximately(37.5640, 1e-9);
        item.GetProperty("lng").GetDouble().Should().BeApproximately(126.9750, 1e-9);
        item.GetProperty("source").GetString().Should().Be("seoul-junggu");
        var expected = Haversine(SeoulLat, SeoulLng, 37.5640, 126.9750);
        item.GetProperty("distanceMeters").GetDouble().Should().BeApproximately(expected, expected * 0.005);
        response.Headers.CacheControl!.Private.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_empty_area_is_an_empty_list()
    {
        await host.InsertPointAsync(PointKinds.ClothingBin, "부산 의류수거함", 35.1796, 129.0756);

        var body = await GetAsync($"lat={SeoulLat}&lng={SeoulLng}&radius=20000");

        body.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    private async Task<JsonElement> GetAsync(FormattableString query) => await LocationHost.ReadJsonAsync(
        await host.Client().GetAsync("/api/v1/locations/nearby?" + FormattableString.Invariant(query)),
        HttpStatusCode.OK);

    private static List<Guid> Ids(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    private static double Haversine(double lat1, double lng1, double lat2, double lng2)
    {
        const double r = 6_371_008.8;
        static double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2)
            + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lng2 - lng1) / 2), 2);
        return 2 * r * Math.Asin(Math.Sqrt(a));
    }
}
