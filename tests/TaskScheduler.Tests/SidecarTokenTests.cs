using System.Net;
using Growbin.TaskScheduler.Apis;
using Growbin.TestSupport.Hosting;

namespace Growbin.TaskScheduler.Tests;

/// <summary>With APP_API_TOKEN set (Kubernetes), only the sidecar's cron binding can tick the scheduler.</summary>
public sealed class SidecarTokenTests : IAsyncDisposable
{
    private const string AppToken = "task-scheduler-app-token";

    private readonly GrowbinAppFactory<Program> _factory = new GrowbinAppFactory<Program>().WithSetting("APP_API_TOKEN", AppToken);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("POST")]
    [InlineData("OPTIONS")]
    public async Task A_tick_without_the_sidecars_token_is_refused_and_runs_no_job(string method)
    {
        var response = await _factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), SchedulerTickApi.Route));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _factory.Dapr.BindingInvocations.Should().BeEmpty();
    }

    [Fact]
    public async Task The_binding_probe_with_the_sidecars_token_is_answered()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, SchedulerTickApi.Route);
        request.Headers.Add("dapr-api-token", AppToken);

        (await _factory.CreateClient().SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
