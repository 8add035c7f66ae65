using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

public sealed class ProblemDetailsTests
{
    [Fact]
    public async Task Unknown_route_is_a_not_found_problem_with_a_trace_id()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.GetTestClient().GetAsync("/api/v1/nothing-here");

        var problem = await ReadProblemAsync(response, HttpStatusCode.NotFound);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.NotFound);
        problem.GetProperty("instance").GetString().Should().Be("/api/v1/nothing-here");
        problem.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Unhandled_exception_is_an_internal_problem_that_does_not_leak_the_message()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/boom", string () => throw new InvalidOperationException("secret detail")));

        var response = await app.GetTestClient().GetAsync("/boom");

        var problem = await ReadProblemAsync(response, HttpStatusCode.InternalServerError);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Internal);
        problem.ToString().Should().NotContain("secret detail");
    }

    [Fact]
    public async Task Validation_problem_gets_the_validation_type_and_its_errors()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/things", () =>
            TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Name is required."] })));

        var response = await app.GetTestClient().PostAsync("/things", null);

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        problem.GetProperty("errors").GetProperty("name")[0].GetString().Should().Be("Name is required.");
    }

    [Fact]
    public async Task A_specific_problem_type_set_by_an_endpoint_is_kept()
    {
        var custom = ProblemTypes.For("image-too-large");
        await using var app = await TestApp.StartAsync(a => a.MapPost("/upload", () =>
            TypedResults.Problem(statusCode: 413, type: custom, title: "Image too large")));

        var response = await app.GetTestClient().PostAsync("/upload", null);

        (await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge)).GetProperty("type").GetString().Should().Be(custom);
    }

    [Fact]
    public async Task Json_is_camel_case()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/shape", () => new { TaskId = "t-1", StatusUrl = "/x" }));

        var body = await app.GetTestClient().GetFromJsonAsync<JsonElement>("/shape");

        body.GetProperty("taskId").GetString().Should().Be("t-1");
        body.GetProperty("statusUrl").GetString().Should().Be("/x");
    }

    private sealed record Thing(string Name, int Count);

    [Theory]
    [InlineData("{not json", "JSON")]
    [InlineData("""{"name":"a"}""", "count")]
    [InlineData("""{"name":null,"count":1}""", "name")]
    public async Task A_body_that_cannot_be_read_is_a_400_problem_that_says_why_and_is_not_logged_as_an_error(string body, string mentioned)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(a => a.MapPost("/things", (Thing thing) => TypedResults.Ok(thing)), logs: logs);

        var response = await app.GetTestClient().PostAsync("/things", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain(mentioned);
        logs.Entries.Should().NotContain(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_400_problem_naming_the_parameter()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/pages", (int page) => TypedResults.Ok(page)));

        var response = await app.GetTestClient().GetAsync("/pages?page=two");

        (await ReadProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString().Should().Contain("page");
    }

    internal static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        return problem;
    }
}
