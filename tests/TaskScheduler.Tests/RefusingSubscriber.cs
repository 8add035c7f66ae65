using Growbin.ServiceDefaults.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.TaskScheduler.Tests;

/// <summary>
/// Another app's subscription to a topic, declared as every Growbin app declares it
/// (<see cref="SubscriptionExtensions.MapSubscription"/>, dead-lettering to <c>dead-letter</c>), on a TestServer, that
/// refuses every delivery with <see cref="Answer"/> and counts the attempts.
/// </summary>
public sealed class RefusingSubscriber : IAsyncDisposable
{
    private WebApplication? _app;
    private int _attempts;

    public Func<IResult> Answer { get; set; } = () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable);

    public int Attempts => Volatile.Read(ref _attempts);

    public HttpClient Client { get; private set; } = null!;

    public static async Task<RefusingSubscriber> StartAsync(string topic)
    {
        var subscriber = new RefusingSubscriber();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting();
        var app = builder.Build();
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapSubscription(topic, $"/events/{topic}", () =>
        {
            Interlocked.Increment(ref subscriber._attempts);
            return subscriber.Answer();
        });
        await app.StartAsync();
        subscriber._app = app;
        subscriber.Client = app.GetTestClient();
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
