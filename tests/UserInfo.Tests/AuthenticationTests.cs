using System.Net;
using System.Net.Http.Json;
using Growbin.TestSupport.Hosting;

namespace Growbin.UserInfo.Tests;

/// <summary>Every user endpoint needs a valid access token; the event route is for the sidecar and needs none.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class AuthenticationTests(UserInfoHost host)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/users/me" },
        { "PUT", "/api/v1/users/me" },
        { "DELETE", "/api/v1/users/me" },
        { "GET", "/api/v1/users/{id}/history" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task No_token_is_401_and_nothing_changes(string method, string path)
    {
        var userId = await host.CreateUserAsync("그대로");

        var response = await host.Factory.CreateClient().SendAsync(Request(method, path, userId));

        await ShouldBeUnauthorizedAndUnchangedAsync(response, userId);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_expired_token_is_401_and_nothing_changes(string method, string path)
    {
        var userId = await host.CreateUserAsync("그대로");
        var expired = host.Tokens.Create(userId.ToString(), DateTime.UtcNow.AddMinutes(-10));

        var response = await host.ClientWithToken(expired).SendAsync(Request(method, path, userId));

        await ShouldBeUnauthorizedAndUnchangedAsync(response, userId);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_token_for_another_audience_is_401_and_nothing_changes(string method, string path)
    {
        var userId = await host.CreateUserAsync("그대로");
        var elsewhere = host.Tokens.Create(userId.ToString(), DateTime.UtcNow.AddMinutes(15), audience: "some-other-api");

        var response = await host.ClientWithToken(elsewhere).SendAsync(Request(method, path, userId));

        await ShouldBeUnauthorizedAndUnchangedAsync(response, userId);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_401()
    {
        var userId = await host.CreateUserAsync("그대로");
        using var stranger = new TestTokens();

        var response = await host.ClientWithToken(stranger.For(userId.ToString())).GetAsync("/api/v1/users/me");

        await ShouldBeUnauthorizedAndUnchangedAsync(response, userId);
    }

    private static HttpRequestMessage Request(string method, string path, Guid userId) =>
        new(new HttpMethod(method), path.Replace("{id}", userId.ToString(), StringComparison.Ordinal))
        {
            Content = method == "PUT" ? JsonContent.Create(new { nickname = "바뀐이름" }) : null,
        };

    private async Task ShouldBeUnauthorizedAndUnchangedAsync(HttpResponseMessage response, Guid userId)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await response.Content.ReadAsStringAsync());
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1 AND nickname = '그대로'", userId)).Should().Be(1);
    }
}
