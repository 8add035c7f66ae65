using System.Net;
using Growbin.Contracts;
using Growbin.Location.Points;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Postgres;

namespace Growbin.Location.Tests;

/// <summary>GET /api/v1/locations/{id}, and what a database outage looks like on every endpoint.</summary>
[Collection(LocationCollection.Name)]
public sealed class GetByIdTests(LocationHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_point_is_found_by_its_id_without_a_distance()
    {
        var id = await host.InsertPointAsync(PointKinds.PetVending, "망원시장 투명페트병 회수기", 37.5561, 126.9063,
            address: "서울특별시 마포구 포은로8길 14", district: "마포구");

        var response = await host.Client().GetAsync($"/api/v1/locations/{id}");
        var body = await LocationHost.ReadJsonAsync(response, HttpStatusCode.OK);

        body.GetProperty("id").GetGuid().Should().Be(id);
        body.GetProperty("kind").GetString().Should().Be(PointKinds.PetVending);
        body.GetProperty("kindName").GetString().Should().Be("투명페트병 무인회수기");
        body.GetProperty("name").GetString().Should().Be("망원시장 투명페트병 회수기");
        body.GetProperty("address").GetString().Should().Be("서울특별시 마포구 포은로8길 14");
        body.GetProperty("district").GetString().Should().Be("마포구");
        body.GetProperty("detail").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        body.GetProperty("lat").GetDouble().Should().BeApproximately(37.5561, 1e-9);
        body.GetProperty("lng").GetDouble().Should().BeApproximately(126.9063, 1e-9);
        body.GetProperty("distanceMeters").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        response.Headers.CacheControl!.Private.Should().BeTrue();
    }

    [Fact]
    public async Task An_unknown_id_is_404_location_not_found()
    {
        var response = await host.Client().GetAsync($"/api/v1/locations/{Guid.NewGuid()}");

        var problem = await LocationHost.ReadJsonAsync(response, HttpStatusCode.NotFound);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.For("location-not-found"));
        response.Headers.CacheControl?.Private.Should().NotBe(true, "only answers found are cacheable");
    }

    [Theory]
    [InlineData("/api/v1/locations/nearby?lat=37.5&lng=127")]
    [InlineData("/api/v1/locations/search?query=%EC%9E%AC%ED%99%9C%EC%9A%A9")]
    [InlineData("/api/v1/locations/0b8f7a7e-5d0e-4d7f-9a53-2f0f3b4a1c11")]
    public async Task A_database_outage_is_503_dependency_unavailable(string path)
    {
        var down = new UnreachableDatabase();
        host.Dapr.RegisterBinding(DaprComponents.Database, down);
        try
        {
            var problem = await LocationHost.ReadJsonAsync(await host.Client().GetAsync(path), HttpStatusCode.ServiceUnavailable);

            problem.GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
            down.Calls.Should().Be(1);
        }
        finally
        {
            host.Database.AttachTo(host.Dapr);
        }
    }

    /// <summary>
    /// The binding's query answers a statement refused while it runs (a privilege revoked; checked after prepare)
    /// with an empty success: that must not become 404, an empty list or zero results.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/locations/nearby?lat=37.5561&lng=126.9063")]
    [InlineData("/api/v1/locations/search?query=%EB%A7%9D%EC%9B%90")]
    [InlineData("/api/v1/locations/{id}")]
    public async Task A_read_that_fails_while_it_runs_is_503_not_an_empty_answer(string path)
    {
        var id = await host.InsertPointAsync(PointKinds.PetVending, "망원시장 투명페트병 회수기", 37.5561, 126.9063);
        var client = host.Client();
        var url = path.Replace("{id}", id.ToString(), StringComparison.Ordinal);
        (await client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK, "the point is found while nothing fails");

        using (host.Database.Binding.DenyAtExecution(s => s.Sql.Contains("growbin.collection_points", StringComparison.Ordinal)))
        {
            var problem = await LocationHost.ReadJsonAsync(await client.GetAsync(url), HttpStatusCode.ServiceUnavailable);

            problem.GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
            host.Database.Binding.Executed[^1].HiddenError.Should().Contain("permission denied", "the binding itself answered success");
        }
    }

    [Fact]
    public async Task A_read_whose_rows_are_cut_short_is_503_not_fewer_points()
    {
        for (var i = 0; i < 3; i++)
        {
            await host.InsertPointAsync(PointKinds.Medicine, $"약국 {i}", 37.5561 + (i / 10_000.0), 126.9063);
        }

        using var drop = host.Database.Binding.DropConnectionAt(s => s.Sql.Contains("growbin.collection_points", StringComparison.Ordinal), afterRows: 1);

        var response = await host.Client().GetAsync("/api/v1/locations/nearby?lat=37.5561&lng=126.9063");

        (await LocationHost.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString()
            .Should().Be(ProblemTypes.DependencyUnavailable);
    }
}
