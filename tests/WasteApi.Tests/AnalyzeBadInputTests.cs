using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Images;

namespace Growbin.WasteApi.Tests;

/// <summary>Every bad upload is a clear 4xx ProblemDetails, and nothing is stored and no scan starts.</summary>
public sealed class AnalyzeBadInputTests : IAsyncLifetime
{
    private readonly WasteApiHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("empty", HttpStatusCode.BadRequest)]
    [InlineData("not an image", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("truncated jpeg", HttpStatusCode.UnprocessableEntity)]
    [InlineData("20000×20000 png", HttpStatusCode.UnprocessableEntity)]
    [InlineData("over 10 MiB", HttpStatusCode.RequestEntityTooLarge)]
    public async Task A_bad_photo_is_refused_with_a_problem_and_nothing_is_stored(string what, HttpStatusCode status)
    {
        // The photos are made here, not in the theory data, so discovery never holds megabytes of them.
        var (photo, type) = what switch
        {
            "empty" => ([], ProblemTypes.Validation),
            "not an image" => (TestPhotos.NotAnImage(), WasteApi.NotAnImage),
            "truncated jpeg" => (TestPhotos.TruncatedJpeg(), WasteApi.NotAnImage),
            "20000×20000 png" => (TestPhotos.BombPng(), WasteApi.ImageTooLarge),
            _ => (Oversized(), WasteApi.ImageTooLarge),
        };

        var response = await _host.ClientFor("user-1").PostAsync("/api/v1/waste/analyze", Form(photo));

        await ShouldBeProblemAsync(response, status, type, what);
        NothingStored();
    }

    [Fact]
    public async Task A_photo_in_the_wrong_field_is_a_validation_problem_that_names_the_right_field()
    {
        var form = new MultipartFormDataContent { { Photo(TestPhotos.Jpeg()), "photo", "a.jpg" } };

        var response = await _host.ClientFor("user-1").PostAsync("/api/v1/waste/analyze", form);

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation, "wrong field");
        problem.GetProperty("errors").GetProperty("image")[0].GetString().Should().Contain("'image'").And.Contain("'photo'");
        NothingStored();
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        var response = await _host.ClientFor("user-1").PostAsync("/api/v1/waste/analyze", new ByteArrayContent(TestPhotos.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } });

        await ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "raw body");
        NothingStored();
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("key/with/slashes")]
    public async Task A_malformed_idempotency_key_is_a_validation_problem(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = Form(TestPhotos.Jpeg()) };
        request.Headers.Add("Idempotency-Key", key);

        var response = await _host.ClientFor("user-1").SendAsync(request);

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation, "idempotency key");
        NothingStored();
    }

    [Fact]
    public async Task A_question_with_control_characters_or_too_long_is_a_validation_problem()
    {
        var form = Form(TestPhotos.Jpeg());
        form.Add(new StringContent(new string('가', 501)), "question");

        var response = await _host.ClientFor("user-1").PostAsync("/api/v1/waste/analyze", form);

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, ProblemTypes.Validation, "question");
        NothingStored();
    }

    [Fact]
    public async Task Without_a_token_nothing_is_accepted()
    {
        var response = await _host.Factory.CreateClient().PostAsync("/api/v1/waste/analyze", Form(TestPhotos.Jpeg()));

        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized, "no token");
        NothingStored();
    }

    [Theory]
    [InlineData("not-a-task-id")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task An_unknown_task_is_404(string taskId)
    {
        var response = await _host.ClientFor("user-1").GetAsync($"/api/v1/waste/{taskId}");

        await ShouldBeProblemAsync(response, HttpStatusCode.NotFound, WasteApi.ScanNotFound, "unknown task");
    }

    [Fact]
    public async Task Categories_list_the_dataset_with_an_etag()
    {
        var response = await _host.ClientFor("user-1").GetAsync("/api/v1/waste/categories");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag.Should().NotBeNull();
        var categories = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        categories.EnumerateArray().Select(c => c.GetProperty("id").GetString()).Should().Contain(["paper-pack", "general-waste"]);
    }

    private static byte[] Oversized()
    {
        // A real JPEG padded past 10 MiB: the size alone refuses it.
        var jpeg = TestPhotos.Jpeg();
        var padded = new byte[(10 * 1024 * 1024) + 1];
        jpeg.CopyTo(padded, 0);
        return padded;
    }

    private static MultipartFormDataContent Form(byte[] photo) => new() { { Photo(photo), "image", "photo.jpg" } };

    private static ByteArrayContent Photo(byte[] photo) => new(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } };

    private static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string because)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, $"{because}: {body}");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", because);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("type").GetString().Should().Be(type, because);
        return problem;
    }

    private void NothingStored()
    {
        _host.Images.Objects.Should().BeEmpty();
        _host.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
        _host.PipelineRequests.Should().BeEmpty("no scan was started or even looked up");
    }
}
