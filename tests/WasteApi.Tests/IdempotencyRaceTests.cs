using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Images;
using Grpc.Core;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// Two uploads with one Idempotency-Key, the second reserving the key between the first's start and its write. The key
/// is created through StateCreate, so against Redis the loser sees an ETag mismatch (no resiliency retry) and answers
/// with the winner's task id.
/// </summary>
public sealed class IdempotencyRaceTests : IAsyncLifetime
{
    private const string User = "user-1";
    private const string Key = "race-1";

    private readonly WasteApiHost _host = new();
    private readonly StandInPipeline _pipeline = new();

    public Task InitializeAsync()
    {
        _host.Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(_pipeline) { BaseAddress = new Uri("http://localhost") });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_upload_that_loses_the_reservation_answers_the_winners_task_id_and_starts_nothing()
    {
        HttpResponseMessage? winner = null;
        _host.Dapr.BeforeNextSave(DaprComponents.StateStore, k => k.StartsWith("idempotency:", StringComparison.Ordinal) && k.EndsWith(":" + Key, StringComparison.Ordinal),
            _ => winner = PostAsync().GetAwaiter().GetResult());

        using var loser = await PostAsync();

        winner.Should().NotBeNull();
        winner!.StatusCode.Should().Be(HttpStatusCode.Accepted);
        loser.StatusCode.Should().Be(HttpStatusCode.Accepted, await loser.Content.ReadAsStringAsync());
        var winnerId = await TaskIdOf(winner);
        (await TaskIdOf(loser)).Should().Be(winnerId);
        _pipeline.Starts.Should().Equal(winnerId);
        _host.Dapr.StateFailures.Should().ContainSingle()
            .Which.Should().Match<StateFailure>(f => f.Key.EndsWith(":" + Key) && f.Code == StatusCode.Aborted);
        winner.Dispose();
    }

    private Task<HttpResponseMessage> PostAsync()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        request.Headers.Add("Idempotency-Key", Key);
        return _host.ClientFor(User).SendAsync(request);
    }

    private static async Task<string> TaskIdOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetString()!;
}
