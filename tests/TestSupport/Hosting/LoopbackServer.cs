using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.TestSupport.Hosting;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, for fakes of outside services that code reaches over HTTP.</summary>
internal static class LoopbackServer
{
    /// <summary>Starts a slim app with the endpoints <paramref name="map"/> adds; returns it and <c>http://127.0.0.1:{port}/</c>.</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(Type owner, Action<WebApplication> map,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = owner.Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops within 5 s whatever the open connections do, then disposes.</summary>
    public static async Task StopAsync(WebApplication app)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }
}
