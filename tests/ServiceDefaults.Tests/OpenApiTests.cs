using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_document_is_served_and_lists_the_app_endpoints()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/api/v1/things", () => "ok"));

        var document = await app.GetTestClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        document.GetProperty("info").GetProperty("title").GetString().Should().StartWith("Growbin ");
        document.GetProperty("paths").TryGetProperty("/api/v1/things", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Api_reference_page_is_served()
    {
        await using var app = await TestApp.StartAsync();

        var response = await app.GetTestClient().GetAsync("/scalar/v1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }
}
