using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>The OpenAPI document and the API reference page: in Production only when OpenApi:Enabled says so.</summary>
public sealed class OpenApiExposureTests
{
    private const string AppToken = "app-token-41f0aa";

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Production", "false", false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", null, true)]
    [InlineData("Testing", "false", false)]
    public async Task The_document_and_the_reference_page_are_served_only_where_allowed(string environment, string? enabled, bool served)
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/api/v1/things", () => "ok"),
            settings: new Dictionary<string, string?> { ["APP_API_TOKEN"] = AppToken, ["OpenApi:Enabled"] = enabled },
            environmentName: environment);
        var client = app.GetTestClient();

        var document = await client.GetAsync("/openapi/v1.json");
        var page = await client.GetAsync("/scalar/v1");

        var expected = served ? HttpStatusCode.OK : HttpStatusCode.NotFound;
        document.StatusCode.Should().Be(expected);
        page.StatusCode.Should().Be(expected);
        (await client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK, "probes are served everywhere");
    }
}
