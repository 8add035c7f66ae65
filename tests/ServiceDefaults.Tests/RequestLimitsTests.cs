using System.Net;
using System.Text.Json;
using Growbin.ServiceDefaults.Limits;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// Abuse of the request body on a real Kestrel (loopback): a body over the limit is refused with a 413 ProblemDetails
/// before it is read (declared) or at the limit (chunked); sidecar routes take the sidecar's size; a body trickled
/// below the minimum rate is cut off. Every exchange is bounded in bytes and time and ends by itself.
/// </summary>
public sealed class RequestLimitsTests
{
    private const int ThirtyMegabytes = 30 * 1024 * 1024;
    private const long GlobalLimit = 64 * 1024;

    private int _handled;

    [Fact]
    public async Task A_30_MB_token_declared_in_content_length_is_a_413_problem_and_not_one_byte_of_it_is_read()
    {
        await using var app = await StartAsync();
        using var connection = await RawHttpConnection.OpenAsync(app.BaseAddress);

        // The head alone: a server that waited for the 30 MB would never answer, and the read below would time out.
        await connection.SendHeadAsync("POST", "/api/v1/refresh", "Content-Type: application/json", $"Content-Length: {ThirtyMegabytes}");
        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(30));

        ShouldBePayloadTooLarge(response);
        app.BodyBytesRead.Should().Be(0, "Kestrel refuses a declared length over the limit before reading any of it");
        _handled.Should().Be(0);
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_stopped_at_the_limit_far_below_what_was_offered()
    {
        await using var app = await StartAsync();
        using var connection = await RawHttpConnection.OpenAsync(app.BaseAddress);
        await connection.SendHeadAsync("POST", "/api/v1/refresh", "Content-Type: application/json", "Transfer-Encoding: chunked");

        // 1 MiB in 16 KiB chunks, written whole (it fits the loopback socket buffers), then the answer is read.
        var chunk = ChunkOf(16 * 1024);
        for (var i = 0; i < 64 && !connection.ServerHasAnsweredOrClosed; i++)
        {
            await connection.SendAsync(chunk.Bytes);
        }

        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(30));

        ShouldBePayloadTooLarge(response);
        app.BodyBytesRead.Should().BeLessThanOrEqualTo(GlobalLimit, "reading stops at the 64 KiB limit, not at the 1 MiB offered");
        _handled.Should().Be(0);
    }

    [Fact]
    public async Task A_body_under_the_limit_is_read_whole()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/v1/refresh", Json(new string('a', 40 * 1024)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        _handled.Should().Be(1);
    }

    [Fact]
    public async Task A_sidecar_route_takes_a_body_over_the_public_limit_up_to_the_sidecars()
    {
        await using var app = await StartAsync(new() { ["RequestLimits:SidecarMaxRequestBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = app.CreateClient(expect100ContinueTimeout: TimeSpan.FromSeconds(30));

        var delivery = await client.PostAsync("/events/thing-happened", new ByteArrayContent(new byte[256 * 1024]));
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, "/events/thing-happened") { Content = new ByteArrayContent(new byte[1024 * 1024]) };
        tooLarge.Headers.ExpectContinue = true; // the refusal comes before the body is sent
        var refused = await client.SendAsync(tooLarge);

        delivery.StatusCode.Should().Be(HttpStatusCode.OK, "256 KiB is over the public 64 KiB but within the sidecar's limit");
        (await delivery.Content.ReadAsStringAsync()).Should().Be((256 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        refused.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ProblemTypeAsync(refused)).Should().Be(ProblemTypes.PayloadTooLarge);
    }

    [Fact]
    public async Task A_body_trickled_below_the_minimum_rate_is_cut_off_with_408()
    {
        // 1 KiB/s minimum with a 1.5 s grace (Kestrel's floor is its 1 s heartbeat); the client sends 10 bytes a second.
        await using var app = await StartAsync(new()
        {
            ["RequestLimits:MinRequestBodyBytesPerSecond"] = "1024",
            ["RequestLimits:DataRateGracePeriod"] = "00:00:01.5",
        });
        using var connection = await RawHttpConnection.OpenAsync(app.BaseAddress);
        await connection.SendHeadAsync("POST", "/api/v1/upload", "Content-Type: application/octet-stream", "Content-Length: 60000");

        var sent = 0;
        var cutOff = false;
        while (sent < 600) // at most 60 s of trickling; the server is expected to end it long before
        {
            if (connection.ServerHasAnsweredOrClosed)
            {
                cutOff = true;
                break;
            }

            try
            {
                await connection.SendAsync("a"u8.ToArray());
            }
            catch (IOException)
            {
                cutOff = true;
                break;
            }

            sent++;
            await Task.Delay(100);
        }

        cutOff.Should().BeTrue($"the server should end a body trickled at 10 B/s; {sent} bytes were sent");
        var response = await connection.ReadResponseAsync(TimeSpan.FromSeconds(30));
        response.Status.Should().Be(StatusCodes.Status408RequestTimeout);
        app.BodyBytesRead.Should().BeLessThan(60000);
        _handled.Should().Be(0, "the handler never got the whole body");
    }

    [Fact]
    public async Task A_request_past_its_timeout_is_a_504_problem_and_a_sidecar_route_has_no_timeout_of_ours()
    {
        await using var app = await StartAsync(new() { ["RequestLimits:RequestTimeout"] = "00:00:00.100" });
        using var client = app.CreateClient();

        var slow = await client.GetAsync("/api/v1/slow");
        var sidecar = await client.GetAsync("/internal/slow");

        slow.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await ProblemTypeAsync(slow)).Should().Be(ProblemTypes.For("request-timeout"));
        sidecar.StatusCode.Should().Be(HttpStatusCode.OK, "the sidecar's resiliency policy times its own calls");
    }

    [Fact]
    public async Task An_endpoint_with_its_own_timeout_policy_outlasts_the_default()
    {
        await using var app = await StartAsync(new() { ["RequestLimits:RequestTimeout"] = "00:00:00.100" });
        using var client = app.CreateClient();

        var streaming = await client.GetAsync("/api/v1/slow-stream");

        streaming.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private Task<LoopbackApp> StartAsync(Dictionary<string, string?>? settings = null) => LoopbackApp.StartAsync(app =>
    {
        app.MapPost("/api/v1/refresh", (TokenBody body) =>
        {
            Interlocked.Increment(ref _handled);
            return body.RefreshToken.Length;
        });
        app.MapPost("/api/v1/upload", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null, request.HttpContext.RequestAborted);
            Interlocked.Increment(ref _handled);
            return "read";
        });
        app.MapPost("/events/thing-happened", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            return body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        // Waits 1 s on RequestAborted: a 100 ms timeout cancels it first, where one applies.
        app.MapGet("/api/v1/slow", (Delegate)Slow);
        app.MapGet("/internal/slow", (Delegate)Slow);
        app.MapGet("/api/v1/slow-stream", (Delegate)Slow).WithRequestTimeout(RequestTimeoutPolicies.Streaming);
    }, settings);

    private static async Task<string> Slow(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
        return "done";
    }

    private static void ShouldBePayloadTooLarge(RawHttpResponse response)
    {
        response.Status.Should().Be(StatusCodes.Status413PayloadTooLarge, response.Body);
        response.Headers["content-type"].Should().StartWith("application/problem+json");
        JsonDocument.Parse(response.Body).RootElement.GetProperty("type").GetString().Should().Be(ProblemTypes.PayloadTooLarge);
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString();
    }

    private static StringContent Json(string token) =>
        new(JsonSerializer.Serialize(new { refreshToken = token }), System.Text.Encoding.UTF8, "application/json");

    /// <summary>One HTTP/1.1 chunk of <paramref name="size"/> bytes of 'a'.</summary>
    private static (byte[] Bytes, int Size) ChunkOf(int size)
    {
        var head = System.Text.Encoding.ASCII.GetBytes($"{size:X}\r\n");
        var bytes = new byte[head.Length + size + 2];
        head.CopyTo(bytes, 0);
        Array.Fill(bytes, (byte)'a', head.Length, size);
        bytes[^2] = (byte)'\r';
        bytes[^1] = (byte)'\n';
        return (bytes, size);
    }

    private sealed record TokenBody(string RefreshToken);
}
