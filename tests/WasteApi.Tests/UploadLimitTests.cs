using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Images;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// The upload's size limits, enforced while reading, on a real Kestrel (loopback): the test server enforces no body
/// size. The request may be 10.5 MiB and the photo 10 MiB; past either, reading stops, the answer is a 413
/// ProblemDetails and nothing is stored (no object, no state, no scan started).
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const long MaxImageBytes = 10 * 1024 * 1024;
    private const long MaxRequestBytes = MaxImageBytes + (512 * 1024);

    private readonly WasteApiHost _host = new();
    private readonly BodyCounter _counter = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _host.Factory.WithServices(s => s.AddSingleton<IStartupFilter>(_counter));
        _host.Factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _host.Factory.StartServer();
        var address = _host.Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // Waits for the server's interim answer before sending a body that asks for one (Expect: 100-continue).
        _client = _host.Tokens.Authorize(new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(60),
        }, "user-1");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task An_upload_just_over_10_5_MiB_is_413_before_its_body_is_read_and_nothing_is_stored()
    {
        var form = Form(new byte[MaxImageBytes]);
        form.Add(new ByteArrayContent(new byte[MaxRequestBytes - MaxImageBytes]), "padding", "padding.bin");
        var length = (await form.ReadAsByteArrayAsync()).Length;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        request.Headers.ExpectContinue = true;

        var response = await _client.SendAsync(request);

        length.Should().BeGreaterThan((int)MaxRequestBytes).And.BeLessThan((int)MaxRequestBytes + 1024, "just over the limit");
        await ShouldBeTooLargeAsync(response);
        _counter.BytesRead.Should().Be(0, "a declared length over the limit is refused before any of it is read");
        NothingStored();
    }

    [Fact]
    public async Task A_photo_part_over_10_MiB_in_a_request_under_the_limit_stops_the_reading_at_the_photo_limit()
    {
        // 10 MiB + 256 KiB of photo, sent without a length (chunked): only the photo limit can stop it.
        var photo = new byte[MaxImageBytes + (256 * 1024)];
        TestPhotos.Jpeg().CopyTo(photo, 0);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = Form(photo) };
        request.Headers.TransferEncodingChunked = true;

        var response = await _client.SendAsync(request);

        await ShouldBeTooLargeAsync(response);
        _counter.BytesRead.Should().BeLessThan(MaxImageBytes + (128 * 1024), "reading stopped within a read of the photo limit");
        NothingStored();
    }

    [Fact]
    public async Task A_2_MiB_photo_is_read_whole_on_kestrel_far_above_the_64_KiB_of_other_routes()
    {
        var photo = new byte[2 * 1024 * 1024];
        TestPhotos.Jpeg().CopyTo(photo, 0);

        var response = await _client.PostAsync("/api/v1/waste/analyze", Form(photo));

        // The stand-in scan-pipeline starts no scan: getting that far means the upload was read, checked and stored.
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
        _host.Images.Objects.Values.Should().ContainSingle().Which.Content.Should().Equal(photo);
    }

    [Theory]
    [InlineData("cut short")]
    [InlineData("nine parts")]
    [InlineData("urlencoded")]
    public async Task A_body_that_is_not_usable_multipart_is_a_4xx_problem_and_nothing_is_stored(string what)
    {
        var content = what switch
        {
            "cut short" => Raw("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n\r\nabc", "multipart/form-data; boundary=b"),
            "nine parts" => NineParts(),
            _ => (HttpContent)new FormUrlEncodedContent([new("image", "abc")]),
        };

        var response = await _client.PostAsync("/api/v1/waste/analyze", content);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(what == "urlencoded" ? 415 : 400, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        NothingStored();
    }

    private static HttpContent NineParts()
    {
        var form = Form(TestPhotos.Jpeg());
        for (var i = 0; i < 8; i++)
        {
            form.Add(new StringContent("x"), $"extra{i}");
        }

        return form;
    }

    private static ByteArrayContent Raw(string body, string contentType) =>
        new(Encoding.ASCII.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };

    private static MultipartFormDataContent Form(byte[] photo) =>
        new() { { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };

    private static async Task ShouldBeTooLargeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("type").GetString().Should().Be(WasteApi.ImageTooLarge);
    }

    private void NothingStored()
    {
        _host.Images.Objects.Should().BeEmpty();
        _host.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _host.PipelineRequests.Should().BeEmpty("no scan was started or even looked up");
    }

    /// <summary>Counts the request-body bytes the app pulls from Kestrel, wrapping the whole pipeline.</summary>
    private sealed class BodyCounter : IStartupFilter
    {
        private long _bytesRead;

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Request.Body = new CountingReadStream(context.Request.Body, n => Interlocked.Add(ref _bytesRead, n));
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
