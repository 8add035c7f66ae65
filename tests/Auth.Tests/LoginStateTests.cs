using System.Net;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OAuth;

namespace Growbin.Auth.Tests;

public sealed class LoginStateTests(LoginHost host) : IClassFixture<LoginHost>
{
    private const string InvalidState = "invalid-oauth-state";

    [Fact]
    public async Task A_state_issued_for_another_provider_is_refused_and_nothing_is_stored()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount("4200000001", Nickname: "상태확인"));
        var snapshot = await SnapshotAsync();

        var response = await host.LoginAsync(FakeOAuthServer.Google, consent.Code, consent.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, InvalidState);
        await ShouldBeUnchangedAsync(snapshot);
    }

    [Fact]
    public async Task A_state_issued_for_another_redirect_uri_is_refused_and_burnt()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Naver, new FakeOAuthAccount("naver-state-2", Nickname: "상태확인"));
        var snapshot = await SnapshotAsync();

        var response = await host.LoginAsync(FakeOAuthServer.Naver, consent.Code, consent.State, LoginHost.OtherRedirectUri);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, InvalidState);
        await ShouldBeUnchangedAsync(snapshot);
        // A state used for the wrong login is spent: the right login cannot follow with it.
        await LoginHost.ShouldBeProblemAsync(
            await host.LoginAsync(FakeOAuthServer.Naver, consent.Code, consent.State), HttpStatusCode.BadRequest, InvalidState);
    }

    [Fact]
    public async Task A_state_works_once()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount("108600000000000000001", Nickname: "한번만"));
        await host.LoginOkAsync(FakeOAuthServer.Google, consent);
        var second = await host.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount("108600000000000000002", Nickname: "두번째"));
        var snapshot = await SnapshotAsync();
        var tokenCalls = host.OAuth.Requests.Count;

        var reused = await host.LoginAsync(FakeOAuthServer.Google, second.Code, consent.State);

        await LoginHost.ShouldBeProblemAsync(reused, HttpStatusCode.BadRequest, InvalidState);
        host.OAuth.Requests.Should().HaveCount(tokenCalls, "a refused state never reaches the provider");
        await ShouldBeUnchangedAsync(snapshot);
    }

    [Fact]
    public async Task Of_concurrent_logins_with_one_state_exactly_one_gets_it()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount("4200000004", Nickname: "동시요청"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => host.LoginAsync(FakeOAuthServer.Kakao, consent.Code, consent.State)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await LoginHost.ShouldBeProblemAsync(loser, HttpStatusCode.BadRequest, InvalidState);
        }
    }

    [Fact]
    public async Task An_unknown_state_is_refused_and_nothing_is_stored()
    {
        var consent = await host.ConsentAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount("4200000005", Nickname: "모르는상태"));
        var snapshot = await SnapshotAsync();

        var response = await host.LoginAsync(FakeOAuthServer.Kakao, consent.Code, "bm90LWEtc3RhdGUtdGhhdC1hdXRoLWV2ZXItaXNzdWVk");

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, InvalidState);
        await ShouldBeUnchangedAsync(snapshot);
    }

    [Fact]
    public async Task A_state_is_good_for_ten_minutes_and_not_a_second_longer()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = await StartAsync(new LoginHost("Testing", daprTime: time, appTime: time));
        var inTime = await timed.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount("108600000000000000006", Nickname: "제시간"));
        var late = await timed.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount("108600000000000000007", Nickname: "늦음"));

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await timed.LoginOkAsync(FakeOAuthServer.Google, inTime);

        time.Advance(TimeSpan.FromSeconds(2));
        var response = await timed.LoginAsync(FakeOAuthServer.Google, late.Code, late.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, InvalidState);
        (await timed.UserCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task The_state_is_stored_with_a_ten_minute_ttl()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = await StartAsync(new LoginHost("Testing", daprTime: time));
        await timed.AuthorizeOkAsync(FakeOAuthServer.Naver);
        var key = timed.Dapr.StateKeys("statestore").Should().ContainSingle().Subject;
        key.Should().MatchRegex("^auth\\|oauth-state\\|[0-9a-f]{64}$");

        time.Advance(TimeSpan.FromSeconds(599));
        timed.Dapr.GetStoredJson("statestore", key).Should().Contain("\"provider\":\"naver\"").And.Contain(LoginHost.RedirectUri);
        time.Advance(TimeSpan.FromSeconds(2));
        timed.Dapr.GetStoredJson("statestore", key).Should().BeNull();
    }

    private static async Task<LoginHost> StartAsync(LoginHost host)
    {
        await host.InitializeAsync();
        return host;
    }

    private async Task<(long Users, long Identities, int Tokens)> SnapshotAsync() =>
        (await host.UserCountAsync(), await host.IdentityCountAsync(), host.TokenStateCount());

    private async Task ShouldBeUnchangedAsync((long Users, long Identities, int Tokens) before)
    {
        (await SnapshotAsync()).Should().Be(before);
    }
}
