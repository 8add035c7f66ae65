using System.Net;
using System.Text.Json;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Tests;

public sealed class ProbeAndMetricsTests
{
    [Fact]
    public async Task Healthz_is_ok_without_a_sidecar()
    {
        await using var app = await TestApp.StartAsync(dapr: new InMemoryDaprClient { SidecarHealthy = false });

        var response = await app.GetTestClient().GetAsync("/healthz");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readyz_is_not_ready_and_says_why_when_the_sidecar_is_missing()
    {
        await using var app = await TestApp.StartAsync(dapr: new InMemoryDaprClient { SidecarHealthy = false });

        var response = await app.GetTestClient().GetAsync("/readyz");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        checks.GetProperty("dapr-sidecar").GetProperty("status").GetString().Should().Be("Unhealthy");
        checks.GetProperty("metrics-endpoint").GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Fact]
    public async Task Readyz_is_ready_when_the_sidecar_answers_and_metrics_are_mapped()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.GetTestClient().GetAsync("/readyz");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"Healthy\"");
    }

    [Fact]
    public async Task Metrics_serves_prometheus_text_with_http_request_metrics()
    {
        await using var app = await TestApp.StartAsync();
        var client = app.GetTestClient();
        await client.GetAsync("/healthz");

        var response = await client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Contain("# TYPE http_request_duration_seconds histogram");
        text.Should().Contain("endpoint=\"/healthz\"");
    }

    [Fact]
    public async Task An_app_that_does_not_map_metrics_fails_to_start()
    {
        var start = () => TestApp.StartAsync(mapDefaults: false, mapEndpoints: app => app.MapGet("/hello", () => "hi"));

        (await start.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("*/metrics is not mapped*MapDefaultEndpoints*");
    }

    [Fact]
    public async Task A_missing_sidecar_is_logged_as_a_warning_and_the_app_keeps_serving()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(dapr: new InMemoryDaprClient { SidecarHealthy = false }, logs: logs);

        var warning = await WaitForAsync(() => logs.Entries.FirstOrDefault(e => e.Level == LogLevel.Warning && e.Message.Contains("Dapr sidecar not reachable")));

        warning.Message.Should().Contain("make run");
        (await app.GetTestClient().GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_reachable_sidecar_is_logged_as_information()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(logs: logs);

        var entry = await WaitForAsync(() => logs.Entries.FirstOrDefault(e => e.Message.StartsWith("Dapr sidecar reachable", StringComparison.Ordinal)));

        entry.Level.Should().Be(LogLevel.Information);
    }

    /// <summary>Polls for something the app does in the background; a generous deadline, not a speed check.</summary>
    private static async Task<T> WaitForAsync<T>(Func<T> probe)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = probe();
            if (!EqualityComparer<T>.Default.Equals(value, default))
            {
                return value;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
