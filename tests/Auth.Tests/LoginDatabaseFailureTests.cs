using System.Net;
using Growbin.TestSupport.OAuth;
using Growbin.TestSupport.Postgres;

namespace Growbin.Auth.Tests;

/// <summary>
/// A login whose statements fail while they run, on the growbin-db double that answers like the real binding (its
/// query gives an empty success then, its exec the error): never a token for a user that was not stored or read.
/// </summary>
public sealed class LoginDatabaseFailureTests(LoginHost host) : IClassFixture<LoginHost>
{
    // Digits only: Kakao's ids are numbers, and the other providers take them too.
    private static string NewSubject() => Random.Shared.NextInt64(8_000_000_000, 9_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Func<ExecutedStatement, bool> Of(string subject, string operation) =>
        s => s.Operation == operation && s.Params.Any(p => p.ToString() == subject);

    [Fact]
    public async Task A_returning_login_reads_its_user_back_and_a_first_login_needs_no_read()
    {
        var subject = NewSubject();
        var before = host.Database.Binding.Executed.Count;
        var first = await host.LoginAsAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount(subject, Nickname: "다시옴"));
        var afterFirst = host.Database.Binding.Executed.Count;

        var again = await host.LoginAsAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount(subject, Nickname: "다시옴"));

        (first.IsNewUser, again.IsNewUser).Should().Be((true, false));
        again.UserId.Should().Be(first.UserId);
        host.Database.Binding.Executed.Skip(before).Take(afterFirst - before).Select(s => s.Operation).Should().Equal("exec");
        host.Database.Binding.Executed.Skip(afterFirst).Select(s => s.Operation).Should().Equal("exec", "query");
    }

    [Fact]
    public async Task A_login_whose_connection_drops_on_the_upsert_is_503_and_issues_no_token()
    {
        var subject = NewSubject();
        var consent = await host.ConsentAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount(subject, Nickname: "끊김"));
        var tokens = host.TokenStateCount();
        using var drop = host.Database.Binding.DropConnectionAt(Of(subject, "exec"));

        var response = await host.LoginAsync(FakeOAuthServer.Kakao, consent.Code, consent.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.ServiceUnavailable, "dependency-unavailable");
        host.TokenStateCount().Should().Be(tokens);
    }

    [Fact]
    public async Task A_login_whose_upsert_is_refused_while_it_runs_fails_and_stores_no_user()
    {
        var subject = NewSubject();
        var consent = await host.ConsentAsync(FakeOAuthServer.Naver, new FakeOAuthAccount(subject, Nickname: "거절"));
        var tokens = host.TokenStateCount();
        using var denied = host.Database.Binding.DenyAtExecution(Of(subject, "exec"));

        var response = await host.LoginAsync(FakeOAuthServer.Naver, consent.Code, consent.State);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await host.Database.ScalarAsync<long>("SELECT count(*) FROM growbin.user_identities WHERE subject = $1", subject)).Should().Be(0);
        host.TokenStateCount().Should().Be(tokens);
    }

    [Fact]
    public async Task A_returning_login_whose_read_back_fails_while_it_runs_is_503_and_issues_no_token()
    {
        var subject = NewSubject();
        await host.LoginAsAsync(FakeOAuthServer.Google, new FakeOAuthAccount(subject, Nickname: "읽기실패"));
        var consent = await host.ConsentAsync(FakeOAuthServer.Google, new FakeOAuthAccount(subject, Nickname: "읽기실패"));
        var tokens = host.TokenStateCount();
        using var denied = host.Database.Binding.DenyAtExecution(Of(subject, "query"));

        var response = await host.LoginAsync(FakeOAuthServer.Google, consent.Code, consent.State);

        await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.ServiceUnavailable, "dependency-unavailable");
        host.TokenStateCount().Should().Be(tokens);
        host.Database.Binding.Executed[^1].HiddenError.Should().Contain("(SQLSTATE 42501)", "the binding answered [] with success");
    }
}
