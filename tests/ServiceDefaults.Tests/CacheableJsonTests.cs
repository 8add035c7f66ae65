using System.Net;
using Growbin.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

public sealed class CacheableJsonTests
{
    private static Task<WebApplication> StartAsync() => TestApp.StartAsync(a =>
    {
        var cached = CacheableJson.Create(new { name = "우유팩" }, a.Services, TimeSpan.FromMinutes(10));
        a.MapMethods("/doc", [HttpMethods.Get, HttpMethods.Head], () => cached);
    });

    [Fact]
    public async Task A_cacheable_body_carries_a_strong_etag_and_a_public_lifetime()
    {
        await using var app = await StartAsync();

        var response = await app.GetTestClient().GetAsync("/doc");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.IsWeak.Should().BeFalse();
        response.Headers.CacheControl!.Public.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromMinutes(10));
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"name":"우유팩"}""");
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("*")]
    public async Task A_matching_if_none_match_answers_304_without_a_body(string ifNoneMatch)
    {
        await using var app = await StartAsync();
        var client = app.GetTestClient();
        var etag = (await client.GetAsync("/doc")).Headers.ETag!.Tag;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/doc");
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(ifNoneMatch, etag));
        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
        response.Headers.ETag!.Tag.Should().Be(etag);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_stale_etag_gets_the_full_body()
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/doc");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"0123\"");

        var response = await app.GetTestClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("우유팩");
    }

    [Fact]
    public async Task Head_gets_the_headers_and_length_without_the_body()
    {
        await using var app = await StartAsync();

        var response = await app.GetTestClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/doc"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag.Should().NotBeNull();
        response.Content.Headers.ContentLength.Should().BeGreaterThan(0);
    }
}
