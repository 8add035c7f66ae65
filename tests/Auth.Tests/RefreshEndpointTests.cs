using System.Net;
using System.Net.Http.Json;
using System.Text;
using Growbin.TestSupport.Dapr;

namespace Growbin.Auth.Tests;

public sealed class RefreshEndpointTests(AuthHost api) : IClassFixture<AuthHost>
{
    [Fact]
    public async Task Refresh_returns_a_new_pair_and_the_new_refresh_token_works_in_turn()
    {
        var first = await api.Tokens.IssueAsync("user-1");

        var second = await api.RefreshOkAsync(first.RefreshToken);
        var third = await api.RefreshOkAsync(second.RefreshToken);

        second.RefreshToken.Should().NotBe(first.RefreshToken);
        third.RefreshToken.Should().NotBe(second.RefreshToken);
        second.TokenType.Should().Be("Bearer");
        second.ExpiresIn.Should().Be(900);
        var verified = await api.VerifyAsync(third.AccessToken);
        verified.StatusCode.Should().Be(HttpStatusCode.OK);
        (await verified.Content.ReadFromJsonAsync<VerifyBody>())!.UserId.Should().Be("user-1");
    }

    [Fact]
    public async Task Refresh_tokens_are_stored_only_as_hashes()
    {
        var pair = await api.Tokens.IssueAsync("user-hash");

        foreach (var key in api.Dapr.StateKeys("statestore"))
        {
            key.Should().NotContain(pair.RefreshToken);
            api.Dapr.GetStoredJson("statestore", key).Should().NotContain(pair.RefreshToken);
        }
    }

    [Fact]
    public async Task A_replayed_refresh_token_is_refused_and_revokes_the_whole_family()
    {
        var first = await api.Tokens.IssueAsync("user-2");
        var second = await api.RefreshOkAsync(first.RefreshToken);

        await AuthHost.ShouldBeProblemAsync(await api.RefreshAsync(first.RefreshToken), HttpStatusCode.Unauthorized);

        await AuthHost.ShouldBeProblemAsync(await api.RefreshAsync(second.RefreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Of_concurrent_uses_of_one_refresh_token_at_most_one_wins_and_the_family_is_revoked()
    {
        var pair = await api.Tokens.IssueAsync("user-race");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.RefreshAsync(pair.RefreshToken)));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        winners.Should().HaveCount(1);
        responses.Except(winners).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Unauthorized);
        var won = (await winners[0].Content.ReadFromJsonAsync<Growbin.Auth.Tokens.TokenPair>())!;
        (await api.RefreshAsync(won.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_family_of_the_same_user_survives_a_replay()
    {
        var phone = await api.Tokens.IssueAsync("user-3");
        var laptop = await api.Tokens.IssueAsync("user-3");
        await api.RefreshOkAsync(phone.RefreshToken);

        (await api.RefreshAsync(phone.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        await api.RefreshOkAsync(laptop.RefreshToken);
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_401_and_stores_nothing()
    {
        var before = api.Dapr.StateKeys("statestore").Count;

        await AuthHost.ShouldBeProblemAsync(await api.RefreshAsync("bm90LWEtdG9rZW4"), HttpStatusCode.Unauthorized);

        api.Dapr.StateKeys("statestore").Should().HaveCount(before);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"refreshToken\":null}")]
    [InlineData("{\"refreshToken\":\"\"}")]
    [InlineData("{\"refreshToken\":42}")]
    [InlineData("not json")]
    [InlineData("[]")]
    public async Task Malformed_bodies_are_400_problem_details_and_store_nothing(string body)
    {
        var before = api.Dapr.StateKeys("statestore").Count;

        var response = await api.Client.PostAsync("/api/v1/auth/refresh", new StringContent(body, Encoding.UTF8, "application/json"));

        await AuthHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        api.Dapr.StateKeys("statestore").Should().HaveCount(before);
    }

    [Fact]
    public async Task An_expired_refresh_token_is_401()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new AuthHost(new InMemoryDaprClient(time), ("key-1", true));
        await host.InitializeAsync();
        var pair = await host.Tokens.IssueAsync("user-4");

        time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        await AuthHost.ShouldBeProblemAsync(await host.RefreshAsync(pair.RefreshToken), HttpStatusCode.Unauthorized);
    }

    private sealed record VerifyBody(string UserId);
}
