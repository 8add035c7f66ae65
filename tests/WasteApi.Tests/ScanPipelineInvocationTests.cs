using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Images;

namespace Growbin.WasteApi.Tests;

/// <summary>waste-api reaches scan-pipeline's workflows by service invocation (actors do not cross namespaces).</summary>
public sealed class ScanPipelineInvocationTests : IAsyncLifetime
{
    private readonly WasteApiHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Reading_a_scan_asks_scan_pipeline_by_service_invocation()
    {
        const string taskId = "0123456789abcdef0123456789abcdef";

        var response = await _host.ClientFor("user-1").GetAsync($"/api/v1/waste/{taskId}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _host.PipelineRequests.Should().Equal($"GET /internal/workflows/{taskId}");
    }

    [Fact]
    public async Task An_upload_while_scan_pipeline_is_unreachable_is_503_and_the_same_key_can_be_sent_again()
    {
        _host.TakeScanPipelineDown();

        var response = await PostAsync("retry-me");

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().Should().Contain("Idempotency-Key");
        _host.Dapr.StateKeys(DaprComponents.StateStore).Should().ContainSingle(k => k.Contains("retry-me"));
    }

    [Fact]
    public async Task Reading_a_scan_while_scan_pipeline_is_unreachable_is_a_server_error_not_a_404()
    {
        _host.TakeScanPipelineDown();

        var response = await _host.ClientFor("user-1").GetAsync("/api/v1/waste/0123456789abcdef0123456789abcdef");

        ((int)response.StatusCode).Should().BeGreaterThanOrEqualTo(500);
    }

    private Task<HttpResponseMessage> PostAsync(string idempotencyKey)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return _host.ClientFor("user-1").SendAsync(request);
    }
}
