using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts.Pipeline;

namespace Growbin.TaskScheduler.Tests;

/// <summary>scan-pipeline's in-flight list as task-scheduler reaches it through service invocation.</summary>
public sealed class FakeScanPipeline : HttpMessageHandler
{
    private readonly List<InFlightScan> _inFlight = [];

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public int Requests { get; private set; }

    public void Add(string scanId, DateTimeOffset startedAt)
    {
        lock (_inFlight)
        {
            _inFlight.Add(new InFlightScan(scanId, startedAt));
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_inFlight)
        {
            Requests++;
            if (request.Method != HttpMethod.Get || request.RequestUri?.AbsolutePath != "/" + InFlightScan.Path)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var response = new HttpResponseMessage(Status);
            if (Status == HttpStatusCode.OK)
            {
                response.Content = JsonContent.Create(_inFlight.ToList());
            }

            return Task.FromResult(response);
        }
    }
}
