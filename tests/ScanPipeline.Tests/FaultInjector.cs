using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// Sits between the Dapr double and a worker app: counts each activity invocation, and on request fails the next
/// ones with a status (before the worker sees them) or lets one through and then "crashes" the caller (the worker did
/// its work, its answer never reaches the pipeline's checkpoint).
/// </summary>
public sealed class FaultInjector(HttpMessageHandler app) : DelegatingHandler(app)
{
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HttpStatusCode>> _failures = new();
    private readonly ConcurrentDictionary<string, int> _crashes = new();

    public int Calls(string activity) => _calls.GetValueOrDefault(activity);

    public void Fail(string activity, HttpStatusCode status, int times)
    {
        var queue = _failures.GetOrAdd(activity, _ => new());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(status);
        }
    }

    public void CrashAfter(string activity) => _crashes.AddOrUpdate(activity, 1, (_, n) => n + 1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var activity = path.StartsWith("/activities/", StringComparison.Ordinal) ? path["/activities/".Length..] : null;
        if (activity is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        _calls.AddOrUpdate(activity, 1, (_, n) => n + 1);
        if (_failures.TryGetValue(activity, out var queue) && queue.TryDequeue(out var status))
        {
            return new HttpResponseMessage(status)
            {
                Content = new StringContent(
                    $$"""{"type":"https://api.growbin.app/problems/injected","title":"injected","status":{{(int)status}},"detail":"injected failure"}""",
                    Encoding.UTF8,
                    "application/problem+json"),
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (_crashes.TryGetValue(activity, out var left) && left > 0 && _crashes.TryUpdate(activity, left - 1, left))
        {
            throw new SimulatedCrashException($"the pipeline host died after '{activity}' answered {(int)response.StatusCode}");
        }

        return response;
    }
}

public sealed class SimulatedCrashException(string message) : Exception(message);
