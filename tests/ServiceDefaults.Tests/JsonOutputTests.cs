using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

public sealed class JsonOutputTests
{
    [Fact]
    public async Task Korean_text_is_written_as_utf8_not_as_unicode_escapes()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/word", () => TypedResults.Ok(new { name = "영수증 <b>" })));

        var response = await app.GetTestClient().GetAsync("/word");

        response.Content.Headers.ContentType!.CharSet.Should().Be("utf-8");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("영수증").And.NotContain("\\uC601");
        body.Should().Contain("\\u003Cb\\u003E", "markup stays escaped so JSON is safe to embed in HTML");
    }
}
