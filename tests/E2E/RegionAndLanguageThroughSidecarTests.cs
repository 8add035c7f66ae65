using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.OpenAi;

namespace Growbin.E2E.Tests;

/// <summary>
/// The person's region and language through the sidecars: the profile's region, set at userinfo, is read by waste-api
/// by service invocation when a scan starts, rule-retriever gives that region's own rule, and response-generator writes
/// the answer in the language of the request's Accept-Language. recycle-info's answers say their language too.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class RegionAndLanguageThroughSidecarTests(RunningSystem system)
{
    [DaprdFact]
    public async Task A_scan_by_someone_in_Seoul_asking_in_English_gets_Seouls_rule_in_English()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Scans.ReadyAsync(http, system);
        var session = await DevLogin.LoginAsync(http, system);
        using (var profile = new HttpRequestMessage(HttpMethod.Put, Users) { Content = JsonContent.Create(new { nickname = session.Nickname, region = "서울특별시 마포구" }) })
        {
            profile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
            using var saved = await http.SendAsync(profile);
            saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        }

        var before = system.OpenAi.DefaultResponse;
        system.OpenAi.DefaultResponse = FakeOpenAiResponse.Json(VisionAnswers.Pills);
        JsonElement scan;
        try
        {
            var taskId = await Scans.SubmitAsync(http, system, session.AccessToken, Scans.NewPhoto(), acceptLanguage: "en");
            scan = await Scans.FinishedAsync(http, system, session.AccessToken, taskId);
        }
        finally
        {
            system.OpenAi.DefaultResponse = before;
        }

        Scans.Status(scan).Should().Be(ScanStatus.Completed, scan.ToString());
        var answer = scan.GetProperty("result").GetProperty("answer");
        answer.GetProperty("language").GetString().Should().Be("en");
        answer.GetProperty("message").GetString().Should().Contain("This is the rule in Seoul.");
    }

    [DaprdFact]
    public async Task Recycle_info_answers_in_English_through_its_sidecar_and_says_so()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{system.SidecarPorts[AppIds.RecycleInfo]}/v1.0/invoke/{AppIds.RecycleInfo}/method/api/v1/recycle/guide";
        (await Eventually.GetAsync(http, url)).Should().Be(HttpStatusCode.OK);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Language", "en");

        using var response = await http.SendAsync(request);

        response.Content.Headers.ContentLanguage.Should().Equal("en");
        response.Headers.Vary.Should().Contain("Accept-Language");
    }

    private string Users => $"http://127.0.0.1:{system.SidecarPorts[AppIds.UserInfo]}/v1.0/invoke/{AppIds.UserInfo}/method/api/v1/users/me";
}
