using System.Net;

namespace Growbin.E2E.Tests;

/// <summary>Polls a URL until it answers 2xx or the start-up deadline passes; the system may still be starting.</summary>
internal static class Eventually
{
    /// <summary>Generous: 12 apps and sidecars start on 2 cores. A bound on waiting, not a speed check.</summary>
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromMinutes(3);

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
}
