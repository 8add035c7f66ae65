using System.Net;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// A bare app built like every Growbin Program.cs, on a real Kestrel at 127.0.0.1 and a free port: the test server
/// enforces neither body sizes nor data rates. Counts every request-body byte the app pulls from Kestrel.
/// </summary>
internal sealed class LoopbackApp : IAsyncDisposable
{
    private long _bodyBytesRead;

    private LoopbackApp(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Request-body bytes the app has read so far, over all requests.</summary>
    public long BodyBytesRead => Interlocked.Read(ref _bodyBytesRead);

    public static async Task<LoopbackApp> StartAsync(Action<WebApplication> mapEndpoints, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dapr:SidecarStartupWait"] = "00:00:00.200" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        builder.Services.RemoveAll<DaprClient>();
        builder.Services.AddSingleton<DaprClient>(new InMemoryDaprClient());

        var app = builder.Build();
        var loopback = new LoopbackApp(app);
        app.Use((context, next) =>
        {
            context.Request.Body = new CountingReadStream(context.Request.Body, n => Interlocked.Add(ref loopback._bodyBytesRead, n));
            return next(context);
        });
        app.MapDefaultEndpoints();
        mapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        loopback.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return loopback;
    }

    public HttpClient CreateClient(TimeSpan? expect100ContinueTimeout = null) => new(new SocketsHttpHandler
    {
        Expect100ContinueTimeout = expect100ContinueTimeout ?? TimeSpan.FromSeconds(1),
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Stops within 5 s whatever the open connections do.</summary>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await App.StopAsync(grace.Token);
        await App.DisposeAsync();
    }
}
