using System.Net;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.Location.Tests;

/// <summary>Bad parameters are a 400 naming the field, before anything is read or asked: no SQL, no Kakao call, no cache.</summary>
[Collection(LocationCollection.Name)]
public sealed class ValidationTests(LocationHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> BadRequests => new()
    {
        { "/api/v1/locations/nearby?lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=37.5", "lng" },
        { "/api/v1/locations/nearby?lat=91&lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=-90.5&lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=37.5&lng=180.1", "lng" },
        { "/api/v1/locations/nearby?lat=abc&lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=37.5&lng=1e2", "lng" },
        { "/api/v1/locations/nearby?lat=NaN&lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=Infinity&lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=37,5&lng=127", "lat" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&radius=0", "radius" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&radius=20001", "radius" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&radius=1.5", "radius" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&radius=-5", "radius" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&limit=0", "limit" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&limit=1000", "limit" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&limit=ten", "limit" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&kind=plastic", "kind" },
        { "/api/v1/locations/nearby?lat=37.5&lng=127&kind=Medicine", "kind" },
        { "/api/v1/locations/search", "query" },
        { "/api/v1/locations/search?query=%20%20", "query" },
        { "/api/v1/locations/search?query=" + new string('가', 101), "query" },
        { "/api/v1/locations/search?query=%EB%A7%88%ED%8F%AC%00", "query" },
        { "/api/v1/locations/search?query=%E2%80%8B%EB%A7%88%ED%8F%AC", "query" },
        { "/api/v1/locations/search?query=abc&lat=37.5", "lng" },
        { "/api/v1/locations/search?query=abc&lng=127", "lat" },
        { "/api/v1/locations/search?query=abc&lat=x&lng=127", "lat" },
        { "/api/v1/locations/search?query=abc&lat=37.5&lng=200", "lng" },
        { "/api/v1/locations/not-a-uuid", "id" },
        { "/api/v1/locations/12345", "id" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_parameter_is_a_400_naming_it_and_nothing_is_read_or_called(string path, string field)
    {
        var bindingCalls = host.Dapr.BindingInvocations.Count;

        var response = await host.Client().GetAsync(path);

        var problem = await LocationHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
        messages.Should().ContainSingle().Which.Should().Contain(field);
        host.Dapr.BindingInvocations.Count.Should().Be(bindingCalls, "no SQL and no Kakao call for a bad request");
        host.Kakao.CallCount.Should().Be(0);
        host.Dapr.StateKeys(Growbin.Contracts.DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task Every_broken_field_is_reported_at_once()
    {
        var problem = await LocationHost.ReadJsonAsync(
            await host.Client().GetAsync("/api/v1/locations/nearby?lat=100&lng=abc&radius=0&limit=51&kind=x"),
            HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo(["lat", "lng", "radius", "limit", "kind"]);
    }

    [Fact]
    public async Task Empty_optional_parameters_mean_not_given()
    {
        var body = await LocationHost.ReadJsonAsync(
            await host.Client().GetAsync("/api/v1/locations/nearby?lat=37.5&lng=127&radius=&limit=&kind="),
            HttpStatusCode.OK);

        body.GetProperty("radiusMeters").GetInt32().Should().Be(1000);
    }
}
