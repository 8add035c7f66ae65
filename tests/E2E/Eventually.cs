using System.Net;

namespace Growbin.E2E.Tests;

/// <summary>
/// Polls until something holds or a deadline passes; the system may still be starting, or a scan still running. Every
/// wait here is bounded, and the bounds are generous: they limit waiting, they do not check speed.
/// </summary>
internal static class Eventually
{
    /// <summary>Generous: 12 apps and sidecars start on 2 cores. A bound on waiting, not a speed check.</summary>
    public static readonly TimeSpan StartupDeadline = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls a URL until it answers 2xx or the start-up deadline passes; returns the last status (0: never answered).</summary>
    public static async Task<HttpStatusCode> GetAsync(HttpClient http, string url)
    {
        using var deadline = new CancellationTokenSource(StartupDeadline);
        HttpStatusCode last = 0;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                var response = await http.GetAsync(url, deadline.Token);
                last = response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return last;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not up yet.
            }

            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        return last;
    }

    /// <summary>
    /// Runs <paramref name="probe"/> until <paramref name="done"/> holds for its answer or <paramref name="bound"/> has
    /// passed. A probe that cannot reach its target yet (connection refused, timeout) counts as "not yet". Returns
    /// whether it held, and the last answer (default when none came), for the assertion's message.
    /// </summary>
    public static async Task<(bool Done, T? Last)> UntilAsync<T>(
        Func<CancellationToken, Task<T>> probe, Func<T, bool> done, TimeSpan bound, TimeSpan? interval = null)
    {
        using var deadline = new CancellationTokenSource(bound);
        T? last = default;
        while (true)
        {
            try
            {
                last = await probe(deadline.Token);
                if (done(last))
                {
                    return (true, last);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not reachable yet.
            }

            if (deadline.IsCancellationRequested)
            {
                return (false, last);
            }

            try
            {
                await Task.Delay(interval ?? PollInterval, deadline.Token);
            }
            catch (TaskCanceledException)
            {
                // One last look after the deadline, then give up.
            }
        }
    }
}
