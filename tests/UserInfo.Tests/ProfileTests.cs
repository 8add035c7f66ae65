using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Authentication;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Postgres;
using Growbin.UserInfo.Apis;

namespace Growbin.UserInfo.Tests;

[Collection(UserInfoCollection.Name)]
public sealed class ProfileTests(UserInfoHost host)
{
    private const string Me = "/api/v1/users/me";

    [Fact]
    public async Task Get_me_returns_the_profile_of_the_token_user()
    {
        var userId = await host.CreateUserAsync("분리수거왕", "서울특별시 마포구");

        var profile = await UserInfoHost.ReadJsonAsync(await host.ClientFor(userId).GetAsync(Me), HttpStatusCode.OK);

        profile.GetProperty("id").GetGuid().Should().Be(userId);
        profile.GetProperty("nickname").GetString().Should().Be("분리수거왕");
        profile.GetProperty("profileImageUrl").ValueKind.Should().Be(JsonValueKind.Null);
        profile.GetProperty("region").GetString().Should().Be("서울특별시 마포구");
        profile.GetProperty("createdAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        profile.GetProperty("updatedAt").GetDateTimeOffset().Should().Be(profile.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("6f1c9a4e-0000-4000-8000-000000000000")]
    public async Task Get_me_for_a_sub_without_a_user_row_is_user_not_found(string sub)
    {
        var response = await host.ClientFor(sub).GetAsync(Me);

        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("type").GetString().Should().Be(UsersApi.UserNotFound);
    }

    [Fact]
    public async Task Put_me_replaces_the_profile_and_stores_it()
    {
        var userId = await host.CreateUserAsync("옛이름");
        var createdAt = await host.Database.ScalarAsync<DateTime>("SELECT created_at FROM growbin.users WHERE id = $1", userId);

        var response = await host.ClientFor(userId).PutAsJsonAsync(Me, new
        {
            nickname = "  새 이름  ",
            profileImageUrl = "https://cdn.growbin.app/avatars/1.png",
            region = "경기도  성남시 분당구",
        });

        var profile = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.OK);
        profile.GetProperty("nickname").GetString().Should().Be("새 이름");
        profile.GetProperty("profileImageUrl").GetString().Should().Be("https://cdn.growbin.app/avatars/1.png");
        profile.GetProperty("region").GetString().Should().Be("경기도 성남시 분당구");
        profile.GetProperty("updatedAt").GetDateTimeOffset().Should().BeOnOrAfter(profile.GetProperty("createdAt").GetDateTimeOffset());

        await using var read = host.Database.Sql.CreateCommand(
            "SELECT nickname, profile_image_url, region, created_at FROM growbin.users WHERE id = $1");
        read.Parameters.AddWithValue(userId);
        await using var row = await read.ExecuteReaderAsync();
        (await row.ReadAsync()).Should().BeTrue();
        row.GetString(0).Should().Be("새 이름");
        row.GetString(1).Should().Be("https://cdn.growbin.app/avatars/1.png");
        row.GetString(2).Should().Be("경기도 성남시 분당구");
        row.GetDateTime(3).Should().Be(createdAt, "created_at never changes");
    }

    [Fact]
    public async Task Put_me_moves_updated_at_to_the_database_clock()
    {
        var userId = await host.CreateUserAsync("시간여행자");
        await using (var backdate = host.Database.Sql.CreateCommand(
            "UPDATE growbin.users SET created_at = now() - interval '1 day', updated_at = now() - interval '1 day' WHERE id = $1"))
        {
            backdate.Parameters.AddWithValue(userId);
            await backdate.ExecuteNonQueryAsync();
        }

        var profile = await UserInfoHost.ReadJsonAsync(
            await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "시간여행자" }), HttpStatusCode.OK);

        var updatedAt = profile.GetProperty("updatedAt").GetDateTimeOffset();
        updatedAt.Should().BeAfter(profile.GetProperty("createdAt").GetDateTimeOffset().AddHours(23));
        var stored = await host.Database.ScalarAsync<DateTime>("SELECT updated_at FROM growbin.users WHERE id = $1", userId);
        new DateTimeOffset(stored).Should().Be(updatedAt);
    }

    [Fact]
    public async Task Put_me_is_a_full_replace_so_left_out_fields_are_cleared()
    {
        var userId = await host.CreateUserAsync("지역있음", "부산광역시 해운대구");
        await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "지역있음", profileImageUrl = "https://example.com/a.jpg", region = "부산광역시 해운대구" });

        var profile = await UserInfoHost.ReadJsonAsync(
            await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "지역없음" }), HttpStatusCode.OK);

        profile.GetProperty("profileImageUrl").ValueKind.Should().Be(JsonValueKind.Null);
        profile.GetProperty("region").ValueKind.Should().Be(JsonValueKind.Null);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1 AND region IS NULL AND profile_image_url IS NULL", userId))
            .Should().Be(1);
    }

    [Fact]
    public async Task Put_me_composes_hangul_sent_as_jamo_and_counts_it_as_syllables()
    {
        var userId = await host.CreateUserAsync();
        // 20 syllables sent decomposed (ᄒ+ᅡ+ᆫ …): 60 code points in, 20 characters stored.
        var decomposed = string.Concat(Enumerable.Repeat("\u1112\u1161\u11AB", 20));

        var profile = await UserInfoHost.ReadJsonAsync(
            await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = decomposed }), HttpStatusCode.OK);

        profile.GetProperty("nickname").GetString().Should().Be(new string('한', 20));
    }

    [Fact]
    public async Task Put_me_for_a_deleted_user_is_refused_and_brings_nothing_back()
    {
        var userId = await host.CreateUserAsync();
        (await host.ClientFor(userId).DeleteAsync(Me)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // A token of the account minted before the deletion: refused as the account is on the denylist.
        var response = await host.ClientFor(userId).PutAsJsonAsync(Me, new { nickname = "되살리기" });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1", userId)).Should().Be(0);
    }

    [Fact]
    public async Task Put_me_for_a_user_without_a_row_is_user_not_found()
    {
        var response = await host.ClientFor(Guid.NewGuid()).PutAsJsonAsync(Me, new { nickname = "되살리기" });

        (await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.NotFound)).GetProperty("type").GetString().Should().Be(UsersApi.UserNotFound);
    }

    [Fact]
    public async Task Delete_me_puts_the_account_on_the_token_denylist_for_an_hour()
    {
        var userId = await host.CreateUserAsync();

        (await host.ClientFor(userId).DeleteAsync(Me)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var key = TokenDenylist.AccountKeyFor(userId.ToString());
        host.Dapr.GetStoredJson(DaprComponents.TokenDenylist, key).Should().NotBeNull();
        host.Dapr.TtlOf(DaprComponents.TokenDenylist, key).Should().BeCloseTo(TokenDenylist.DeletedAccountTtl, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Delete_me_removes_the_user_with_identities_and_history_and_publishes_user_deleted()
    {
        var userId = await host.CreateUserAsync("떠나는사람");
        await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), DateTimeOffset.UtcNow.AddMinutes(-2));
        await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), DateTimeOffset.UtcNow.AddMinutes(-1));
        var bystander = await host.CreateUserAsync("남는사람");
        await host.InsertScanAsync(bystander, UserInfoHost.NewScanId(), DateTimeOffset.UtcNow);

        var response = await host.ClientFor(userId).DeleteAsync(Me);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1", userId)).Should().Be(0);
        (await host.CountAsync("SELECT count(*) FROM growbin.user_identities WHERE user_id = $1", userId)).Should().Be(0);
        (await host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE user_id = $1", userId)).Should().Be(0);
        (await host.CountAsync("SELECT count(*) FROM growbin.scan_history WHERE user_id = $1", bystander)).Should().Be(1);

        var published = host.Dapr.PublishedEvents
            .Where(e => e.Topic == Topics.UserDeleted && e.Data.GetProperty("userId").GetString() == userId.ToString())
            .ToList();
        published.Should().ContainSingle();
        published[0].PubsubName.Should().Be(DaprComponents.PubSub);
        var deleted = published[0].Data.Deserialize<UserDeleted>(UserInfoHost.Json)!;
        deleted.Id.Should().NotBe(Guid.Empty);
        deleted.OccurredAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_second_delete_is_refused_and_publishes_nothing_more()
    {
        var userId = await host.CreateUserAsync();
        (await host.ClientFor(userId).DeleteAsync(Me)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var second = await host.ClientFor(userId).DeleteAsync(Me);

        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        host.Dapr.Published<UserDeleted>(Topics.UserDeleted).Where(e => e.UserId == userId.ToString()).Should().ContainSingle();
    }

    [Fact]
    public async Task Delete_me_for_a_user_without_a_row_is_user_not_found_and_publishes_nothing()
    {
        var userId = Guid.NewGuid();

        var response = await host.ClientFor(userId).DeleteAsync(Me);

        (await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.NotFound)).GetProperty("type").GetString().Should().Be(UsersApi.UserNotFound);
        host.Dapr.Published<UserDeleted>(Topics.UserDeleted).Should().NotContain(e => e.UserId == userId.ToString());
        host.Dapr.GetStoredJson(DaprComponents.TokenDenylist, TokenDenylist.AccountKeyFor(userId.ToString())).Should().BeNull();
    }

    [Fact]
    public async Task Delete_me_when_the_publish_fails_still_deletes_and_answers_204()
    {
        var userId = await host.CreateUserAsync();
        var client = host.ClientFor(userId);
        host.Dapr.FailPublishTimes(Topics.UserDeleted, 1);

        var response = await client.DeleteAsync(Me);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await host.CountAsync("SELECT count(*) FROM growbin.users WHERE id = $1", userId)).Should().Be(0);
        host.Dapr.Published<UserDeleted>(Topics.UserDeleted).Should().NotContain(e => e.UserId == userId.ToString());
    }

    [Fact]
    public async Task Get_me_when_the_database_is_unreachable_is_503_not_404()
    {
        await using var factory = host.Tokens.ApplyTo(new TestSupport.Hosting.GrowbinAppFactory<Program>(
            new TestSupport.Dapr.InMemoryDaprClient().RegisterBinding(DaprComponents.Database, new UnreachableDatabase())));

        var response = await host.Tokens.Authorize(factory.CreateClient(), Guid.NewGuid().ToString()).GetAsync(Me);

        (await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable))
            .GetProperty("type").GetString().Should().Be(ProblemTypes.DependencyUnavailable);
    }
}
