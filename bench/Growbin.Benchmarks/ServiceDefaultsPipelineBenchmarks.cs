using BenchmarkDotNet.Attributes;
using Dapr.Client;
using Growbin.ServiceDefaults;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Growbin.Benchmarks;

/// <summary>
/// What the shared middleware costs every request: the probes Kubernetes and Dapr call every few seconds,
/// a Prometheus scrape, and an error answered as ProblemDetails. In-process (TestServer), so no socket noise.
/// </summary>
[MemoryDiagnoser]
public class ServiceDefaultsPipelineBenchmarks
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.Services.RemoveAll<DaprClient>();
        builder.Services.AddSingleton<DaprClient>(new InMemoryDaprClient());
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    private async Task<int> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return (int)response.StatusCode;
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<int> Healthz() => GetAsync("/healthz");

    [Benchmark]
    public Task<int> Readyz() => GetAsync("/readyz");

    [Benchmark]
    public Task<int> Metrics() => GetAsync("/metrics");

    [Benchmark]
    public Task<int> NotFoundProblem() => GetAsync("/api/v1/missing");
}
