using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using Dapr.Client;
using Growbin.ServiceDefaults;
using Growbin.ServiceDefaults.Authentication;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Growbin.Benchmarks;

/// <summary>
/// What checking an access token costs an API: the full ES256 validation (signature, claims, denylist read) against
/// the cache of validated tokens, and a whole authenticated request through the shared middleware. The denylist is
/// the in-memory Dapr double here, so its cost is a dictionary read, not the sidecar round trip it is in production.
/// </summary>
[MemoryDiagnoser]
public class AccessTokenValidationBenchmarks
{
    private readonly TestTokens _tokens = new();
    private AccessTokenValidator _uncached = null!;
    private AccessTokenValidator _cached = null!;
    private string _token = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var dapr = _tokens.ServeJwksFrom(new InMemoryDaprClient());
        _token = _tokens.For("bench-user");
        _uncached = Validator(dapr, cacheSize: 0);
        _cached = Validator(dapr, cacheSize: 10_000);
        if (!(await _cached.ValidateAsync(_token)).IsValid)
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.Services.RemoveAll<DaprClient>();
        builder.Services.AddSingleton<DaprClient>(dapr);
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGet("/me", (HttpContext http) => http.User.Identity!.Name).RequireAuthorization();
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    [GlobalCleanup]
    public async Task TearDownAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        _uncached.Dispose();
        _cached.Dispose();
        _tokens.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> Es256Uncached() => (await _uncached.ValidateAsync(_token)).IsValid;

    [Benchmark]
    public async Task<bool> Cached() => (await _cached.ValidateAsync(_token)).IsValid;

    [Benchmark]
    public async Task<int> AuthenticatedRequestCached()
    {
        using var response = await _client.GetAsync("/me");
        return (int)response.StatusCode;
    }

    private static AccessTokenValidator Validator(InMemoryDaprClient dapr, int cacheSize)
    {
        var options = Options.Create(new JwtValidationOptions { ValidatedTokenCacheSize = cacheSize });
        var keys = new JwksSigningKeySource(dapr, options, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JwksSigningKeySource>.Instance);
        return new AccessTokenValidator(keys, new TokenDenylist(dapr), options, TimeProvider.System);
    }
}
