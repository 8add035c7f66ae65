using System.Net;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.Location.Tests;

/// <summary>Every location endpoint needs a valid access token (ARCHITECTURE §2), before any input is looked at.</summary>
[Collection(LocationCollection.Name)]
public sealed class AuthenticationTests(LocationHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Paths => new()
    {
        "/api/v1/locations/nearby?lat=37.5&lng=127",
        "/api/v1/locations/search?query=%EC%9E%AC%ED%99%9C%EC%9A%A9",
        "/api/v1/locations/0b8f7a7e-5d0e-4d7f-9a53-2f0f3b4a1c11",
        "/api/v1/locations/nearby?lat=999",
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task No_token_is_401_and_nothing_is_read_or_called(string path)
    {
        var bindingCalls = host.Dapr.BindingInvocations.Count;

        var response = await host.Factory.CreateClient().GetAsync(path);

        var problem = await LocationHost.ReadJsonAsync(response, HttpStatusCode.Unauthorized);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Unauthorized);
        host.Dapr.BindingInvocations.Count.Should().Be(bindingCalls);
        host.Kakao.CallCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_expired_token_is_401(string path)
    {
        var expired = host.Tokens.Create(Guid.NewGuid().ToString(), DateTime.UtcNow.AddMinutes(-10));
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", expired);

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
    }
}
