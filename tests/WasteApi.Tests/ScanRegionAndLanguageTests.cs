using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// A scan carries the answer's language (Accept-Language) and the person's region (the form's, else the profile's
/// from userinfo by service invocation) into the workflow, so the answer gives that region's own rule.
/// </summary>
public sealed class ScanRegionAndLanguageTests : IAsyncLifetime
{
    private const string User = "6f1c9a4e-1111-4000-8000-000000000001";

    private readonly WasteApiHost _host = new();
    private readonly StandInPipeline _pipeline = new();
    private readonly StandInUserInfo _userinfo = new();

    public Task InitializeAsync()
    {
        _host.Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(_pipeline) { BaseAddress = new Uri("http://localhost") });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_forms_region_is_normalised_and_wins_over_the_profile_and_userinfo_is_not_asked()
    {
        _userinfo.Region = "부산광역시";
        _host.Dapr.RegisterApp(AppIds.UserInfo, new HttpClient(_userinfo) { BaseAddress = new Uri("http://localhost") });

        var scan = await StartAsync(region: "서울 마포구");

        scan.Region.Should().Be("서울특별시 마포구");
        _userinfo.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_form_region_the_profile_region_is_read_from_userinfo()
    {
        _userinfo.Region = "경기도 성남시 분당구";
        _host.Dapr.RegisterApp(AppIds.UserInfo, new HttpClient(_userinfo) { BaseAddress = new Uri("http://localhost") });

        var scan = await StartAsync();

        scan.Region.Should().Be("경기도 성남시 분당구");
        _userinfo.Requests.Should().Equal($"GET /internal/users/{User}/region");
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task When_userinfo_knows_no_region_or_fails_the_scan_goes_on_with_the_national_rule(HttpStatusCode status)
    {
        _userinfo.Status = status;
        _host.Dapr.RegisterApp(AppIds.UserInfo, new HttpClient(_userinfo) { BaseAddress = new Uri("http://localhost") });

        var scan = await StartAsync();

        scan.Region.Should().BeNull();
    }

    [Fact]
    public async Task When_userinfo_is_not_reachable_at_all_the_scan_still_starts()
    {
        var scan = await StartAsync();

        scan.Region.Should().BeNull();
    }

    [Theory]
    [InlineData(null, "ko")]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("ja, fr;q=0.5", "ko")]
    [InlineData("ko;q=0.3, en;q=0.7", "en")]
    public async Task The_answers_language_is_the_best_of_Accept_Language(string? acceptLanguage, string expected)
    {
        var scan = await StartAsync(acceptLanguage: acceptLanguage);

        scan.Language.Should().Be(expected);
    }

    [Theory]
    [InlineData("마포구")]
    [InlineData("Tokyo")]
    [InlineData("")]
    [InlineData("서울특별시 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_region_that_names_no_sido_is_a_400_that_stores_and_starts_nothing(string region)
    {
        var response = await PostAsync(region, acceptLanguage: null);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("region").GetArrayLength().Should().Be(1);
        _pipeline.Starts.Should().BeEmpty();
        _host.Images.Objects.Should().BeEmpty();
        _host.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    private async Task<ScanRequest> StartAsync(string? region = null, string? acceptLanguage = null)
    {
        var response = await PostAsync(region, acceptLanguage);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        var taskId = JsonDocument.Parse(body).RootElement.GetProperty("taskId").GetString()!;
        return _pipeline.Scans[taskId];
    }

    private Task<HttpResponseMessage> PostAsync(string? region, string? acceptLanguage)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestPhotos.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" },
        };
        if (region is not null)
        {
            form.Add(new StringContent(region), "region");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return _host.ClientFor(User).SendAsync(request);
    }

    /// <summary>userinfo's <see cref="UserRegions"/> read as waste-api uses it (userinfo's own tests cover the real one).</summary>
    private sealed class StandInUserInfo : HttpMessageHandler
    {
        public string? Region { get; set; }

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            }

            var response = new HttpResponseMessage(Status);
            if (Status == HttpStatusCode.OK)
            {
                response.Content = JsonContent.Create(new UserRegion(Region));
            }

            return Task.FromResult(response);
        }
    }
}
