using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Growbin.Auth.OAuth;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Auth.Tests;

/// <summary>
/// A state is spent once even when two logins read it together. Dapr's Redis delete succeeds on a key that is already
/// gone (contrib state/redis/redis.go delDefaultQuery), so spending is a guarded save; the dev provider has no
/// provider-side single-use code behind it, which makes it the sharpest case.
/// </summary>
public sealed class OAuthStateRaceTests
{
    [Fact]
    public async Task A_login_whose_state_a_rival_spends_between_its_read_and_its_write_is_refused()
    {
        await using var host = await StartAsync("Development");
        var authorize = await host.AuthorizeOkAsync("dev");
        var store = host.Factory.Services.GetRequiredService<OAuthStateStore>();
        OAuthStateClaim? rival = null;
        host.Dapr.BeforeNextSave(DaprComponents.StateStore, k => k.StartsWith(OAuthStateStore.KeyPrefix, StringComparison.Ordinal),
            _ => rival = store.ConsumeAsync(authorize.State, null).GetAwaiter().GetResult());

        var response = await host.LoginAsync("dev", "늦은사람", authorize.State);

        rival.Should().NotBeNull("the rival ran between the login's read and its write");
        rival!.Record.Should().NotBeNull("the rival spent the state");
        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "invalid-oauth-state");
        (await host.UserCountAsync()).Should().Be(0);
        host.TokenStateCount().Should().Be(0);
    }

    [Fact]
    public async Task Of_concurrent_dev_logins_with_one_state_exactly_one_gets_in()
    {
        await using var host = await StartAsync("Development");
        var authorize = await host.AuthorizeOkAsync("dev");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => host.LoginAsync("dev", "동시개발자", authorize.State)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await LoginHost.ShouldBeProblemAsync(refused, HttpStatusCode.BadRequest, "invalid-oauth-state");
        }

        (await host.UserCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task A_spent_state_keeps_neither_verifier_nor_secret_hash_and_expires_with_its_ttl()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync("Testing", time);
        var consent = await host.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount("108700000000000000009", Nickname: "사용됨"));
        var key = OAuthStateStore.KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(consent.State)));

        time.Advance(TimeSpan.FromMinutes(5));
        await host.LoginOkAsync(FakeOAuthServer.Google, consent);

        var spent = JsonDocument.Parse(host.Dapr.GetStoredJson(DaprComponents.StateStore, key)!).RootElement;
        spent.GetProperty("usedAt").ValueKind.Should().Be(JsonValueKind.String);
        spent.GetProperty("codeVerifier").ValueKind.Should().Be(JsonValueKind.Null);
        spent.GetProperty("secretHash").ValueKind.Should().Be(JsonValueKind.Null);
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        host.Dapr.GetStoredJson(DaprComponents.StateStore, key).Should().BeNull("the used mark ends with the state's own ten minutes");
    }

    private static async Task<LoginHost> StartAsync(string environment, TimeProvider? time = null)
    {
        var host = new LoginHost(environment, daprTime: time, appTime: time);
        await host.InitializeAsync();
        return host;
    }
}
