using System.Net;
using System.Text.Json;
using Growbin.ServiceDefaults.Problems;
using Growbin.UserInfo.History;

namespace Growbin.UserInfo.Tests;

[Collection(UserInfoCollection.Name)]
public sealed class HistoryTests(UserInfoHost host)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static string History(Guid userId, string query = "") => $"/api/v1/users/{userId}/history{query}";

    [Fact]
    public async Task Paging_45_scans_by_20_gives_20_20_5_newest_first_without_gaps_or_repeats()
    {
        var userId = await host.CreateUserAsync();
        var scans = new List<(string ScanId, DateTimeOffset CompletedAt)>();
        for (var i = 0; i < 45; i++)
        {
            // Microseconds matter: the cursor must carry them exactly, or the next page would skip or repeat rows.
            scans.Add((UserInfoHost.NewScanId(), Start.AddSeconds(i).AddTicks(i * 10 + 10)));
        }

        // Ties on completed_at, one of them across the boundary of the first two pages (positions 20 and 21).
        var tie = scans[25].CompletedAt;
        scans[24] = (scans[24].ScanId, tie);
        scans[26] = (scans[26].ScanId, tie);
        scans[10] = (scans[10].ScanId, scans[11].CompletedAt);
        foreach (var (scanId, completedAt) in scans)
        {
            await host.InsertScanAsync(userId, scanId, completedAt);
        }

        var someoneElse = await host.CreateUserAsync();
        await host.InsertScanAsync(someoneElse, UserInfoHost.NewScanId(), Start.AddSeconds(20));

        var expected = scans
            .OrderByDescending(s => s.CompletedAt)
            .ThenByDescending(s => s.ScanId, StringComparer.Ordinal)
            .Select(s => s.ScanId)
            .ToList();
        expected.IndexOf(scans[25].ScanId).Should().BeInRange(18, 21, "the tie straddles the first page's end");

        var client = host.ClientFor(userId);
        var pages = new List<List<JsonElement>>();
        string? cursor = null;
        do
        {
            var query = cursor is null ? "?limit=20" : $"?limit=20&cursor={cursor}";
            var page = await UserInfoHost.ReadJsonAsync(await client.GetAsync(History(userId, query)), HttpStatusCode.OK);
            pages.Add(page.GetProperty("items").EnumerateArray().ToList());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        pages.Select(p => p.Count).Should().Equal(20, 20, 5);
        var seen = pages.SelectMany(p => p).ToList();
        seen.Select(i => i.GetProperty("scanId").GetString()).Should().Equal(expected);
        seen.Select(i => i.GetProperty("completedAt").GetDateTimeOffset())
            .Should().Equal(expected.Select(id => scans.Single(s => s.ScanId == id).CompletedAt));
    }

    [Fact]
    public async Task An_item_carries_what_the_scan_answered()
    {
        var userId = await host.CreateUserAsync();
        var scanId = UserInfoHost.NewScanId();
        await host.InsertScanAsync(userId, scanId, Start, itemName: "투명 페트병");

        var page = await UserInfoHost.ReadJsonAsync(await host.ClientFor(userId).GetAsync(History(userId)), HttpStatusCode.OK);

        var item = page.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("scanId").GetString().Should().Be(scanId);
        item.GetProperty("itemId").GetString().Should().Be("pet-bottle");
        item.GetProperty("itemName").GetString().Should().Be("투명 페트병");
        item.GetProperty("category").GetString().Should().Be("plastic");
        item.GetProperty("answerSummary").GetString().Should().Be("라벨을 떼고 헹궈서 투명 페트병으로");
        item.GetProperty("imageKey").GetString().Should().Be($"images/{scanId}.jpg");
        item.GetProperty("completedAt").GetDateTimeOffset().Should().Be(Start);
        page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_default_page_is_20_and_an_empty_history_is_an_empty_page()
    {
        var userId = await host.CreateUserAsync();
        var empty = await UserInfoHost.ReadJsonAsync(await host.ClientFor(userId).GetAsync(History(userId, "?cursor=&limit=")), HttpStatusCode.OK);
        empty.GetProperty("items").GetArrayLength().Should().Be(0);
        empty.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);

        for (var i = 0; i < 21; i++)
        {
            await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), Start.AddMinutes(i));
        }

        var page = await UserInfoHost.ReadJsonAsync(await host.ClientFor(userId).GetAsync(History(userId)), HttpStatusCode.OK);
        page.GetProperty("items").GetArrayLength().Should().Be(20);
        page.GetProperty("nextCursor").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Exactly_a_full_last_page_has_no_next_cursor()
    {
        var userId = await host.CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.InsertScanAsync(userId, UserInfoHost.NewScanId(), Start.AddMinutes(i));
        }

        var page = await UserInfoHost.ReadJsonAsync(await host.ClientFor(userId).GetAsync(History(userId, "?limit=3")), HttpStatusCode.OK);

        page.GetProperty("items").GetArrayLength().Should().Be(3);
        page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("another user")]
    [InlineData("not a uuid")]
    public async Task Another_users_history_is_403(string whose)
    {
        var userId = await host.CreateUserAsync();
        var other = await host.CreateUserAsync();
        await host.InsertScanAsync(other, UserInfoHost.NewScanId(), Start);
        var path = whose == "another user" ? History(other) : "/api/v1/users/me/history";

        var response = await host.ClientFor(userId).GetAsync(path);

        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.Forbidden);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Forbidden);
        problem.TryGetProperty("items", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("-1")]
    [InlineData("twenty")]
    [InlineData("2.5")]
    [InlineData("99999999999")]
    public async Task A_limit_outside_1_to_50_is_a_validation_problem(string limit)
    {
        var userId = await host.CreateUserAsync();

        var response = await host.ClientFor(userId).GetAsync(History(userId, $"?limit={Uri.EscapeDataString(limit)}"));

        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        problem.GetProperty("errors").GetProperty("limit")[0].GetString().Should().Contain("50");
    }

    public static TheoryData<string> MalformedCursors => new()
    {
        "not-a-cursor",
        "!!!!",
        "AAAA",
        new HistoryCursor(Start, UserInfoHost.NewScanId()).Encode() + "AA",
        new HistoryCursor(Start, UserInfoHost.NewScanId()).Encode()[..^2],
        new string('A', 200),
        "eyJjb21wbGV0ZWRBdCI6IjIwMjYtMDMtMDEifQ",
    };

    [Theory]
    [MemberData(nameof(MalformedCursors))]
    public async Task A_malformed_cursor_is_a_validation_problem(string cursor)
    {
        var userId = await host.CreateUserAsync();

        var response = await host.ClientFor(userId).GetAsync(History(userId, $"?cursor={Uri.EscapeDataString(cursor)}"));

        var problem = await UserInfoHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        problem.GetProperty("errors").TryGetProperty("cursor", out _).Should().BeTrue();
    }

    [Fact]
    public void A_cursor_round_trips_to_the_microsecond()
    {
        var cursor = new HistoryCursor(new DateTimeOffset(2026, 11, 23, 21, 37, 39, TimeSpan.Zero).AddTicks(1234560), "0123456789abcdef0123456789abcdef");

        HistoryCursor.TryParse(cursor.Encode(), out var parsed).Should().BeTrue();

        parsed.Should().Be(cursor);
        cursor.Encode().Should().MatchRegex("^[A-Za-z0-9_-]{32}$");
        cursor.CompletedAtParameter.Should().Be("2026-11-23T21:37:39.123456Z");
    }
}
