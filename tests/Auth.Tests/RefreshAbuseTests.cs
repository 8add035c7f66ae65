using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Auth.Tokens;
using Growbin.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Auth.Tests;

/// <summary>
/// Issue 17, item 1: refresh and logout cannot grow Redis or be hammered. A family keeps one state record however
/// often it rotates; refresh and logout are limited per client address and per family; a replay still ends the family.
/// Every loop is bounded and runs against the in-process host.
/// </summary>
public sealed class RefreshAbuseTests
{
    private const string ClientAddressHeader = "X-Test-Client-Address";

    [Fact]
    public async Task A_bounded_loop_of_refreshes_leaves_exactly_one_family_record_and_the_first_token_still_ends_it()
    {
        const int Refreshes = 50;
        await using var host = await StartAsync();
        var first = await host.Tokens.IssueAsync("user-loop");
        var afterLogin = Snapshot(host).Keys.ToList();

        var current = first;
        for (var i = 0; i < Refreshes; i++)
        {
            current = await host.RefreshOkAsync(current.RefreshToken);
        }

        Snapshot(host).Keys.Should().BeEquivalentTo(afterLogin, "refreshing adds no key, in either store");
        var keys = FamilyKeys(host);
        keys.Should().ContainSingle();
        host.Dapr.GetStoredETag(DaprComponents.StateStore, keys[0]).Should().Be((Refreshes + 1).ToString(CultureInfo.InvariantCulture),
            "every rotation rewrites the one record");
        host.Dapr.TtlOf(DaprComponents.StateStore, keys[0]).Should().BeGreaterThan(TimeSpan.FromDays(29)).And.BeLessThanOrEqualTo(TimeSpan.FromDays(30));

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(first.RefreshToken), HttpStatusCode.Unauthorized);
        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(current.RefreshToken), HttpStatusCode.Unauthorized);
        FamilyKeys(host).Should().Equal(keys);
    }

    [Fact]
    public async Task The_family_record_holds_neither_the_token_nor_the_family_id()
    {
        await using var host = await StartAsync();
        var pair = await host.RefreshOkAsync((await host.Tokens.IssueAsync("user-hashes")).RefreshToken);
        var familyId = pair.RefreshToken.Split('.')[0];

        var key = FamilyKeys(host).Single();
        var json = host.Dapr.GetStoredJson(DaprComponents.StateStore, key)!;

        key.Should().NotContain(familyId);
        json.Should().NotContain(familyId).And.NotContain(pair.RefreshToken.Split('.')[1]);
        JsonDocument.Parse(json).RootElement.GetProperty("userId").GetString().Should().Be("user-hashes");
    }

    [Fact]
    public async Task Past_the_family_limit_a_refresh_is_429_with_retry_after_and_changes_nothing()
    {
        await using var host = await StartAsync(familyLimit: 3);
        var pair = await host.Tokens.IssueAsync("user-family-limit");
        for (var i = 0; i < 3; i++)
        {
            pair = await host.RefreshOkAsync(pair.RefreshToken);
        }

        var before = Snapshot(host);

        var limited = await host.RefreshAsync(pair.RefreshToken);

        await ShouldBeRateLimitedAsync(limited, TimeSpan.FromMinutes(15));
        Snapshot(host).Should().Equal(before);
        var otherLogin = await host.Tokens.IssueAsync("user-family-limit");
        await host.RefreshOkAsync(otherLogin.RefreshToken);
    }

    [Fact]
    public async Task A_replayed_token_still_ends_a_family_whose_limit_is_used_up()
    {
        await using var host = await StartAsync(familyLimit: 2);
        var first = await host.Tokens.IssueAsync("user-replay-limit");
        var second = await host.RefreshOkAsync(first.RefreshToken);
        var third = await host.RefreshOkAsync(second.RefreshToken);
        (await host.RefreshAsync(third.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(first.RefreshToken), HttpStatusCode.Unauthorized);

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(third.RefreshToken), HttpStatusCode.Unauthorized);
        FamilyRecordOf(host).GetProperty("revokedAt").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task A_token_with_a_familys_id_but_not_its_current_secret_counts_as_a_replay()
    {
        await using var host = await StartAsync();
        var pair = await host.Tokens.IssueAsync("user-forged");
        var forged = pair.RefreshToken.Split('.')[0] + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(forged), HttpStatusCode.Unauthorized);

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(pair.RefreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Past_the_address_limit_refresh_and_logout_are_429_for_that_address_only()
    {
        await using var host = await StartAsync(addressLimit: 4);
        var pair = await host.Tokens.IssueAsync("user-address-limit");
        const string Address = "203.0.113.7";
        (await PostAsync(host, "refresh", "junk", Address)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await PostAsync(host, "refresh", Junk(), Address)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await PostAsync(host, "logout", pair.RefreshToken, Address)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no bearer token");
        var response = await PostAsync(host, "refresh", pair.RefreshToken, Address);
        response.StatusCode.Should().Be(HttpStatusCode.OK, "refused calls counted, this is the fourth");
        pair = (await response.Content.ReadFromJsonAsync<TokenPair>())!;
        var before = Snapshot(host);

        var refresh = await PostAsync(host, "refresh", pair.RefreshToken, Address);
        var logout = await PostAsync(host, "logout", pair.RefreshToken, Address, pair.AccessToken);

        await ShouldBeRateLimitedAsync(refresh, TimeSpan.FromMinutes(1));
        await ShouldBeRateLimitedAsync(logout, TimeSpan.FromMinutes(1));
        Snapshot(host).Should().Equal(before);
        (await PostAsync(host, "refresh", pair.RefreshToken, "203.0.113.8")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_the_family_limit_a_logout_is_429_and_neither_revokes_nor_denylists()
    {
        await using var host = await StartAsync(familyLimit: 1);
        var pair = await host.RefreshOkAsync((await host.Tokens.IssueAsync("user-logout-limit")).RefreshToken);
        var before = Snapshot(host);

        var logout = await host.LogoutAsync(pair.AccessToken, pair.RefreshToken);

        await ShouldBeRateLimitedAsync(logout, TimeSpan.FromMinutes(15));
        Snapshot(host).Should().Equal(before);
        (await host.VerifyAsync(pair.AccessToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_logout_that_lands_between_a_refreshs_read_and_write_leaves_the_family_ended()
    {
        await using var host = await StartAsync();
        var pair = await host.Tokens.IssueAsync("user-logout-race");
        var key = FamilyKeys(host).Single();
        // The double completes synchronously, so the rival's logout is done before the rotation's write reaches the store.
        host.Dapr.BeforeNextSave(DaprComponents.StateStore, key,
            () => host.Tokens.RevokeFamilyOfAsync(pair.RefreshToken, "user-logout-race").GetAwaiter().GetResult().Should().BeNull());

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(pair.RefreshToken), HttpStatusCode.Unauthorized);

        FamilyRecordOf(host).GetProperty("revokedAt").ValueKind.Should().Be(JsonValueKind.String);
        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(pair.RefreshToken), HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string> MalformedTokens => new()
    {
        ".",
        "abc.def",
        "no-dot-at-all-but-long-enough-to-look-like-a-refresh-token-0123456789",
        new string('A', 22) + "." + new string('A', 42),
        new string('A', 22) + "." + new string('A', 44),
        new string('A', 21) + "+." + new string('A', 43),
        new string('A', 22) + ".." + new string('A', 42),
        new string('A', 22) + "." + new string('A', 42) + " ",
        " " + new string('A', 21) + "." + new string('A', 43),
        new string('A', 22) + "." + new string('A', 21) + "." + new string('A', 21),
        new string('A', 128),
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task A_token_of_the_wrong_shape_is_401_and_stores_nothing(string token)
    {
        await using var host = await StartAsync();
        await host.Tokens.IssueAsync("user-malformed");
        var before = Snapshot(host);

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(token), HttpStatusCode.Unauthorized);

        Snapshot(host).Should().Equal(before);
    }

    [Fact]
    public async Task A_well_formed_token_of_no_family_is_401_and_stores_nothing()
    {
        await using var host = await StartAsync();
        var before = Snapshot(host);

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(Junk()), HttpStatusCode.Unauthorized);

        Snapshot(host).Should().Equal(before);
    }

    [Fact]
    public async Task A_token_longer_than_128_characters_is_400_and_stores_nothing()
    {
        await using var host = await StartAsync();
        await host.Tokens.IssueAsync("user-long");
        var before = Snapshot(host);

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(new string('A', 64) + "." + new string('A', 64)), HttpStatusCode.BadRequest);

        Snapshot(host).Should().Equal(before);
    }

    private static async Task<AuthHost> StartAsync(int addressLimit = 10_000, int familyLimit = 10_000)
    {
        var host = new AuthHost();
        host.Factory
            .WithSetting("Auth:RefreshRateLimit:AddressPermitLimit", addressLimit.ToString(CultureInfo.InvariantCulture))
            .WithSetting("Auth:RefreshRateLimit:FamilyPermitLimit", familyLimit.ToString(CultureInfo.InvariantCulture))
            .WithServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>());
        await host.InitializeAsync();
        return host;
    }

    private static Task<HttpResponseMessage> PostAsync(AuthHost host, string endpoint, string refreshToken, string address, string? accessToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/" + endpoint) { Content = JsonContent.Create(new { refreshToken }) };
        request.Headers.Add(ClientAddressHeader, address);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return host.Client.SendAsync(request);
    }

    /// <summary>Every state key of both stores auth writes, with its ETag: a write anywhere changes it.</summary>
    private static Dictionary<string, string?> Snapshot(AuthHost host) =>
        new[] { DaprComponents.StateStore, DaprComponents.TokenDenylist }
            .SelectMany(store => host.Dapr.StateKeys(store).Select(key => (Store: store, Key: key)))
            .ToDictionary(e => e.Store + "/" + e.Key, e => host.Dapr.GetStoredETag(e.Store, e.Key));

    private static List<string> FamilyKeys(AuthHost host) =>
        host.Dapr.StateKeys(DaprComponents.StateStore).Where(k => k.StartsWith("auth|family|", StringComparison.Ordinal)).ToList();

    private static JsonElement FamilyRecordOf(AuthHost host) =>
        JsonDocument.Parse(host.Dapr.GetStoredJson(DaprComponents.StateStore, FamilyKeys(host).Single())!).RootElement.Clone();

    private static string Junk() =>
        Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static async Task ShouldBeRateLimitedAsync(HttpResponseMessage response, TimeSpan window)
    {
        await AuthHost.ShouldBeProblemAsync(response, HttpStatusCode.TooManyRequests);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString()
            .Should().Be("https://api.growbin.app/problems/rate-limited");
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture)
            .Should().BeInRange(1, (int)window.TotalSeconds);
    }

    /// <summary>TestServer leaves the client address empty; this sets it from a header, as Kestrel would from the socket.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
