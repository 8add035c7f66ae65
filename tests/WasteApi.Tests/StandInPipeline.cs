using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts.Pipeline;

namespace Growbin.WasteApi.Tests;

/// <summary>scan-pipeline's <see cref="ScanWorkflowApi"/> as far as waste-api uses it: start a scan (201, or 200 if known), read one.</summary>
public sealed class StandInPipeline : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ScanRequest> _scans = new();

    public ConcurrentQueue<string> Starts { get; } = new();

    /// <summary>Every scan started, by task id, as waste-api sent it.</summary>
    public IReadOnlyDictionary<string, ScanRequest> Scans => _scans;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var taskId = Uri.UnescapeDataString(request.RequestUri!.AbsolutePath.Split('/')[^1]);
        if (request.Method == HttpMethod.Post)
        {
            var scan = (await request.Content!.ReadFromJsonAsync<ScanRequest>(cancellationToken))!;
            Starts.Enqueue(taskId);
            return new HttpResponseMessage(_scans.TryAdd(taskId, scan) ? HttpStatusCode.Created : HttpStatusCode.OK);
        }

        if (!_scans.TryGetValue(taskId, out var known))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = JsonContent.Create(new { type = ScanWorkflowApi.ScanNotFoundType, status = 404 }),
            };
        }

        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = JsonContent.Create(new ScanState(taskId, known.UserId, ScanStatus.Queued, null, 0, null, null,
                known.SubmittedAt, known.SubmittedAt)),
        };
    }
}
