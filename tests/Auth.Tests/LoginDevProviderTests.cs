using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Growbin.Auth.Tests;

public sealed class LoginDevProviderTests
{
    [Fact]
    public async Task In_Development_the_dev_provider_logs_in_with_the_nickname_as_code()
    {
        await using var host = await StartAsync("Development");
        var authorize = await host.AuthorizeOkAsync("dev");
        var url = new Uri(authorize.AuthorizationUrl);
        url.GetLeftPart(UriPartial.Path).Should().Be(LoginHost.RedirectUri);
        QueryHelpers.ParseQuery(url.Query)["state"].ToString().Should().Be(authorize.State);

        var response = await host.LoginAsync("dev", "개발자", authorize.State);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var login = (await response.Content.ReadFromJsonAsync<LoginHost.LoginBody>())!;
        login.IsNewUser.Should().BeTrue();
        (await host.Database.ScalarAsync<string>("SELECT nickname FROM growbin.users WHERE id = $1::uuid", login.UserId)).Should().Be("개발자");
        (await host.Database.ScalarAsync<string>(
            "SELECT user_id::text FROM growbin.user_identities WHERE provider = 'dev' AND subject = '개발자'")).Should().Be(login.UserId);
        host.OAuth.Requests.Should().BeEmpty("the dev provider calls no provider");

        var again = await host.AuthorizeOkAsync("dev");
        var second = (await (await host.LoginAsync("dev", "개발자", again.State)).Content.ReadFromJsonAsync<LoginHost.LoginBody>())!;
        second.UserId.Should().Be(login.UserId);
        second.IsNewUser.Should().BeFalse();
    }

    [Fact]
    public async Task The_dev_provider_still_needs_a_state_from_its_own_authorize()
    {
        await using var host = await StartAsync("Development");
        var kakao = await host.AuthorizeOkAsync("kakao");

        await LoginHost.ShouldBeProblemAsync(await host.LoginAsync("dev", "개발자", "made-up-state"), HttpStatusCode.BadRequest, "invalid-oauth-state");
        await LoginHost.ShouldBeProblemAsync(await host.LoginAsync("dev", "개발자", kakao.State), HttpStatusCode.BadRequest, "invalid-oauth-state");
        (await host.UserCountAsync()).Should().Be(0);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("스물한글자가넘는아주아주아주아주긴닉네임입니다")]
    [InlineData(" 앞공백")]
    [InlineData("제어\u0001문자")]
    public async Task A_dev_nickname_that_does_not_fit_is_a_validation_problem_and_keeps_the_state(string nickname)
    {
        await using var host = await StartAsync("Development");
        var authorize = await host.AuthorizeOkAsync("dev");

        var response = await host.LoginAsync("dev", nickname, authorize.State);

        var problem = await LoginHost.ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").TryGetProperty("code", out _).Should().BeTrue();
        (await host.LoginAsync("dev", "괜찮은이름", authorize.State)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task Outside_Development_dev_is_an_unknown_provider(string environment)
    {
        await using var host = await StartAsync(environment);

        await LoginHost.ShouldBeProblemAsync(await host.AuthorizeAsync("dev"), HttpStatusCode.NotFound, "unknown-provider");
        var kakao = await host.AuthorizeOkAsync("kakao");
        await LoginHost.ShouldBeProblemAsync(await host.LoginAsync("dev", "개발자", kakao.State), HttpStatusCode.NotFound, "unknown-provider");
        (await host.UserCountAsync()).Should().Be(0);
    }

    private static async Task<LoginHost> StartAsync(string environment)
    {
        var host = new LoginHost(environment);
        await host.InitializeAsync();
        return host;
    }
}
