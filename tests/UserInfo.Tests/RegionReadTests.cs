using System.Net;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Growbin.UserInfo.Tests;

/// <summary>The invoked-only read of a user's profile region, which waste-api and chat-llm answer with.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class RegionReadTests(UserInfoHost host)
{
    [Fact]
    public async Task The_profiles_region_is_read_by_service_invocation_without_a_user_token()
    {
        var userId = await host.CreateUserAsync("지역주민", "서울특별시 마포구");

        var response = await host.Factory.CreateClient().GetAsync(UserRegions.PathOf(userId.ToString()));

        var body = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.OK);
        body.GetProperty("region").GetString().Should().Be("서울특별시 마포구");
    }

    [Fact]
    public async Task A_user_without_a_region_reads_as_null()
    {
        var userId = await host.CreateUserAsync();

        var body = await UserInfoHost.ReadJsonAsync(await host.Factory.CreateClient().GetAsync(UserRegions.PathOf(userId.ToString())), HttpStatusCode.OK);

        body.GetProperty("region").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("6f1c9a4e-0000-4000-8000-00000000dead")]
    public async Task An_unknown_user_is_404(string id)
    {
        var response = await host.Factory.CreateClient().GetAsync(UserRegions.PathOf(id));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_an_app_token_only_the_sidecar_may_read_a_region()
    {
        var userId = await host.CreateUserAsync("지역주민", "부산광역시");
        await using var factory = host.Factory.WithWebHostBuilder(b => b.UseSetting("APP_API_TOKEN", "userinfo-app-token"));

        var anonymous = await factory.CreateClient().GetAsync(UserRegions.PathOf(userId.ToString()));
        var request = new HttpRequestMessage(HttpMethod.Get, UserRegions.PathOf(userId.ToString()));
        request.Headers.Add(InMemoryDaprClient.AppTokenHeader, "userinfo-app-token");
        var sidecar = await factory.CreateClient().SendAsync(request);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        sidecar.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
