using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// waste-api on real Kestrel on 127.0.0.1 (a free port), so a client that drops its connection does so as a phone
/// would, with a stand-in scan-pipeline behind the Dapr double that serves the scans a test puts in
/// <see cref="Scans"/> and counts every read. The events stream polls every 20 ms.
/// </summary>
public sealed class ScanStatusHost : IAsyncDisposable
{
    /// <summary>A bound on waiting for the server, not a timing check.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly StandInScans _pipeline = new();

    /// <param name="requestsPerUser">The per-user token bucket: this many requests, none refilled during a test.</param>
    public ScanStatusHost(int requestsPerUser = 10_000)
    {
        Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(_pipeline) { BaseAddress = new Uri("http://scan-pipeline") });
        Factory = Tokens.ApplyTo(new GrowbinAppFactory<Program>(Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", requestsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1")
            .WithSetting("RateLimiting:PerUser:ReplenishmentPeriod", "01:00:00")
            .WithSetting("Waste:EventsPollInterval", "00:00:00.020");
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public InMemoryDaprClient Dapr { get; } = new();

    public TestTokens Tokens { get; } = new();

    public GrowbinAppFactory<Program> Factory { get; }

    public Uri BaseAddress { get; }

    /// <summary>What scan-pipeline answers for each task id; anything else is its 404.</summary>
    public ConcurrentDictionary<string, ScanState> Scans => _pipeline.Scans;

    /// <summary>Reads that reached scan-pipeline.</summary>
    public int PipelineReads => _pipeline.Reads;

    public StreamSlots Slots => Factory.Services.GetRequiredService<StreamSlots>();

    public HttpClient ClientFor(string userId) => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new("Bearer", Tokens.For(userId)) },
    };

    /// <summary>A scan of <paramref name="userId"/> that scan-pipeline reports as <paramref name="status"/>.</summary>
    public string AddScan(string userId, string status = ScanStatus.Running)
    {
        var taskId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        Scans[taskId] = new ScanState(taskId, userId, status, "analyze", 1, null, null, now, now);
        return taskId;
    }

    /// <summary>
    /// Opens <c>GET /api/v1/waste/{taskId}/events</c> and returns once the headers are in: the stream (to read or drop
    /// with the token source) or the refusal.
    /// </summary>
    public static async Task<OpenStream> OpenEventsAsync(HttpClient client, string taskId)
    {
        var abort = new CancellationTokenSource();
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/v1/waste/{taskId}/events"),
            HttpCompletionOption.ResponseHeadersRead, abort.Token).WaitAsync(Patience);
        return new OpenStream(response, abort);
    }

    /// <summary>Waits (bounded) until the server holds <paramref name="open"/> streams of <paramref name="userId"/>.</summary>
    public async Task WaitForOpenStreamsAsync(string userId, long open)
    {
        using var bound = new CancellationTokenSource(Patience);
        while (Slots.OpenFor(userId) != open && !bound.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        Slots.OpenFor(userId).Should().Be(open, "the server frees a stream's slot once the stream has ended");
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Tokens.Dispose();
    }

    public sealed class OpenStream(HttpResponseMessage response, CancellationTokenSource abort) : IDisposable
    {
        private StreamReader? _reader;

        public HttpResponseMessage Response { get; } = response;

        /// <summary>The next SSE event (name and data), or null when the server ended the stream.</summary>
        public async Task<(string Event, JsonElement Data)?> NextEventAsync()
        {
            _reader ??= new StreamReader(await Response.Content.ReadAsStreamAsync(), Encoding.UTF8);
            string? name = null;
            string? data = null;
            while (await _reader.ReadLineAsync().WaitAsync(Patience) is { } line)
            {
                if (line.Length == 0 && name is not null && data is not null)
                {
                    return (name, JsonDocument.Parse(data).RootElement.Clone());
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            return null;
        }

        /// <summary>The client goes away mid-stream: its connection is dropped, nothing is said.</summary>
        public void Drop()
        {
            abort.Cancel();
            Dispose();
        }

        public void Dispose()
        {
            _reader?.Dispose();
            Response.Dispose();
            abort.Dispose();
        }
    }

    /// <summary>scan-pipeline's GET of <see cref="ScanWorkflowApi"/>: the scans a test added, else its 404.</summary>
    private sealed class StandInScans : HttpMessageHandler
    {
        private int _reads;

        public ConcurrentDictionary<string, ScanState> Scans { get; } = new();

        public int Reads => Volatile.Read(ref _reads);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            var taskId = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath.Split('/')[^1]);
            return Task.FromResult(request.Method == HttpMethod.Get && Scans.TryGetValue(taskId, out var scan)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(scan) }
                : new HttpResponseMessage(HttpStatusCode.NotFound)
                {
                    Content = JsonContent.Create(new { type = ScanWorkflowApi.ScanNotFoundType, status = 404 }),
                });
        }
    }
}
