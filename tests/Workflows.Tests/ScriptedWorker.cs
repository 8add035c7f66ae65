using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Growbin.Workflows.Tests;

/// <summary>
/// A worker app behind Dapr service invocation whose activities answer from a script: per activity, a queue of
/// responses (then the default), with every call recorded. Plugged into the in-memory Dapr double with RegisterApp.
/// </summary>
public sealed class ScriptedWorker : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>>> _scripts = new();
    private readonly ConcurrentQueue<(string Activity, string? IdempotencyKey, string Body)> _calls = new();

    public IReadOnlyList<(string Activity, string? IdempotencyKey, string Body)> Calls => _calls.ToList();

    public Action<string>? OnCall { get; set; }

    public int CallsTo(string activity) => _calls.Count(c => c.Activity == activity);

    /// <summary>The next answers of <paramref name="activity"/>, in order; after them it echoes its input with 200.</summary>
    public ScriptedWorker Answer(string activity, params Func<HttpRequestMessage, Task<HttpResponseMessage>>[] answers)
    {
        var queue = _scripts.GetOrAdd(activity, _ => new());
        foreach (var answer in answers)
        {
            queue.Enqueue((request, _) => answer(request));
        }

        return this;
    }

    /// <summary>The next call of <paramref name="activity"/> never answers; it ends only when the caller gives up.</summary>
    public ScriptedWorker Hang(string activity)
    {
        _scripts.GetOrAdd(activity, _ => new()).Enqueue(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        return this;
    }

    public ScriptedWorker Fail(string activity, HttpStatusCode status, int times, string? problemType = null)
    {
        for (var i = 0; i < times; i++)
        {
            Answer(activity, _ => Task.FromResult(Problem(status, problemType ?? $"https://api.growbin.app/problems/test-{(int)status}")));
        }

        return this;
    }

    public static HttpResponseMessage Problem(HttpStatusCode status, string type) => new(status)
    {
        Content = new StringContent($$"""{"type":"{{type}}","title":"scripted","status":{{(int)status}},"detail":"scripted failure {{(int)status}}"}""", Encoding.UTF8, "application/problem+json"),
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var activity = request.RequestUri!.AbsolutePath.Split('/').Last();
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        _calls.Enqueue((activity, request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null, body));
        OnCall?.Invoke(activity);
        if (_scripts.TryGetValue(activity, out var queue) && queue.TryDequeue(out var answer))
        {
            return await answer(request, cancellationToken);
        }

        // Default: the activity's output is its input, upper-cased when it is a string, so outputs are visible.
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToUpperInvariant(), Encoding.UTF8, "application/json") };
    }
}
