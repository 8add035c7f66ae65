using System.Net;
using System.Net.Http.Json;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.UserInfo.Tests;

/// <summary>Every broken rule is a 400 ValidationProblem naming the field, and the stored profile stays as it was.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class ProfileValidationTests(UserInfoHost host)
{
    private const string Me = "/api/v1/users/me";
    private const string Nickname = "nickname";
    private const string ImageUrl = "profileImageUrl";
    private const string Region = "region";

    public static TheoryData<string, string?, string?, string?, string> Invalid => new()
    {
        // case, nickname, profileImageUrl, region, field named in errors
        { "nickname missing", null, null, null, Nickname },
        { "nickname of one character", "가", null, null, Nickname },
        { "nickname of one character padded with spaces", "  가  ", null, null, Nickname },
        { "nickname of 21 characters", new string('가', 21), null, null, Nickname },
        { "nickname of 21 Latin letters", new string('a', 21), null, null, Nickname },
        { "nickname with a control character", "초록\u0007이", null, null, Nickname },
        { "nickname with a line break", "초록\n이", null, null, Nickname },
        { "nickname with a zero-width space", "초록\u200B이", null, null, Nickname },
        { "nickname of zero-width joiners only", "\u200D\u200D\u200D", null, null, Nickname },
        { "nickname with a right-to-left override", "초록\u202E이", null, null, Nickname },
        { "nickname of spaces only", "     ", null, null, Nickname },
        { "nickname of ideographic spaces only", "\u3000\u3000\u3000", null, null, Nickname },
        { "nickname of 20 emoji that are 40 code points", string.Concat(Enumerable.Repeat("👍🏻", 20)), null, null, Nickname },
        { "image URL over http", "초록이", "http://cdn.growbin.app/a.png", null, ImageUrl },
        { "relative image URL", "초록이", "/avatars/a.png", null, ImageUrl },
        { "image URL without a scheme", "초록이", "cdn.growbin.app/a.png", null, ImageUrl },
        { "javascript image URL", "초록이", "javascript:alert(1)", null, ImageUrl },
        { "image URL with credentials", "초록이", "https://user:pw@cdn.growbin.app/a.png", null, ImageUrl },
        { "image URL with a space", "초록이", "https://cdn.growbin.app/a b.png", null, ImageUrl },
        { "empty image URL", "초록이", "", null, ImageUrl },
        { "image URL of 2049 characters", "초록이", "https://cdn.growbin.app/" + new string('a', 2049 - 24), null, ImageUrl },
        { "region in English", "초록이", null, "Seoul Mapo-gu", Region },
        { "region below 시군구 (a 동)", "초록이", null, "서울특별시 마포구 서교동", Region },
        { "region without its 시/도", "초록이", null, "마포구", Region },
        { "region whose 시/도 does not exist", "초록이", null, "한빛특별시 마포구", Region },
        { "region with a short 시/도 name", "초록이", null, "서울 마포구", Region },
        { "region with a tab", "초록이", null, "서울특별시\t마포구", Region },
        { "region over 50 characters", "초록이", null, "경기도 " + new string('가', 50) + "시", Region },
        { "empty region", "초록이", null, "", Region },
        { "region with a zero-width space", "초록이", null, "서울특별시 마포\u200B구", Region },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_profile_is_a_validation_problem_naming_the_field_and_nothing_changes(
        string what, string? nickname, string? profileImageUrl, string? region, string field)
    {
        var userId = await host.CreateUserAsync("원래이름", "서울특별시 마포구");

        var response = await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname, profileImageUrl, region });

        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation, what);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal([field], what);
        errors.GetProperty(field)[0].GetString().Should().Contain(field, what);
        (await host.CountAsync(
                "SELECT count(*) FROM growbin.users WHERE id = $1 AND nickname = '원래이름' AND region = '서울특별시 마포구' AND profile_image_url IS NULL AND updated_at = created_at",
                userId))
            .Should().Be(1, $"{what} must leave the row unchanged");
    }

    [Fact]
    public async Task Every_broken_field_is_reported_at_once()
    {
        var userId = await host.CreateUserAsync();

        var response = await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "x", profileImageUrl = "ftp://a/b", region = "Nowhere" });

        var errors = (await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(Nickname, ImageUrl, Region);
    }

    public static TheoryData<string, string, string?> Valid => new()
    {
        // nickname sent, region sent, region stored
        { "초록", "서울특별시 마포구", "서울특별시 마포구" },
        { new string('가', 20), "경기도 성남시 분당구", "경기도 성남시 분당구" },
        { "Green Bin 123", "세종특별자치시", "세종특별자치시" },
        { "분리배출 고수", "부산광역시 기장군", "부산광역시 기장군" },
        { "👍🏻👍🏻", "제주특별자치도 서귀포시", "제주특별자치도 서귀포시" },
        { "ab", "  강원특별자치도   춘천시 ", "강원특별자치도 춘천시" },
        { "뉴비", "경기도", "경기도" },
        { "양평사람", "경기도 양평군", "경기도 양평군" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Valid_profiles_are_stored(string nickname, string region, string? stored)
    {
        var userId = await host.CreateUserAsync();

        var response = await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname, region, profileImageUrl = "https://cdn.growbin.app/" + new string('a', 2048 - 24) });

        var profile = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.OK);
        profile.GetProperty("region").GetString().Should().Be(stored);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1 AND region = $2 AND char_length(profile_image_url) = 2048", userId, stored!))
            .Should().Be(1);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_problem_and_nothing_changes()
    {
        var userId = await host.CreateUserAsync("원래이름");

        var response = await host.ClientFor(userId).PutAsync(Me, new StringContent("{\"nickname\":", System.Text.Encoding.UTF8, "application/json"));

        (await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.BadRequest)).GetProperty("type").GetString().Should().Be(ProblemTypes.BadRequest);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1 AND nickname = '원래이름'", userId)).Should().Be(1);
    }
}
