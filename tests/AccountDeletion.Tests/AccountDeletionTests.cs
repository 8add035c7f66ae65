using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Images;

namespace Growbin.AccountDeletion.Tests;

/// <summary>
/// Issue 17 item 6: after <c>DELETE /api/v1/users/me</c> nothing stored is tied to the account. Alice scans (two
/// finished scans, one stopped at analyze, one not yet uploaded; one of her photos is also Bob's), chats and searches,
/// then deletes her account; every store is checked: the Redis-backed state stores (key and value), the workflow
/// instances, PostgreSQL and the bucket. Bob, who shares a photo with her, keeps everything of his.
/// </summary>
public sealed class AccountDeletionTests : IAsyncLifetime
{
    private AccountSystem _system = null!;

    public async Task InitializeAsync() => _system = await AccountSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Deleting_an_account_leaves_nothing_of_it_in_any_store_and_keeps_a_shared_photo_for_its_other_owner()
    {
        var alice = await _system.CreateUserAsync("앨리스");
        var bob = await _system.CreateUserAsync("바비");
        var aliceLogin = await _system.LoginAsync(alice);
        var bobLogin = await _system.LoginAsync(bob);
        byte[] shared = TestPhotos.Jpeg(seed: 11), mine = TestPhotos.Jpeg(seed: 12), stopped = TestPhotos.Jpeg(seed: 13),
            queued = TestPhotos.Jpeg(seed: 14), bobs = TestPhotos.Jpeg(seed: 15);

        var bobScans = new List<string>
        {
            await _system.SubmitAsync(bobLogin.AccessToken, shared, "bob-1"),
            await _system.SubmitAsync(bobLogin.AccessToken, bobs, "bob-2"),
        };
        foreach (var scan in bobScans)
        {
            await _system.RunScanAsync(scan);
        }

        var aliceScans = new List<string>
        {
            await _system.SubmitAsync(aliceLogin.AccessToken, shared, "alice-1"),
            await _system.SubmitAsync(aliceLogin.AccessToken, mine, "alice-2"),
        };
        foreach (var scan in aliceScans)
        {
            await _system.RunScanAsync(scan);
        }

        var images = ImageKeys();
        var sharedImage = images[bobScans[0]];
        var bobsImage = images[bobScans[1]];
        var aliceImage = images[aliceScans[1]];
        images[aliceScans[0]].Should().Be(sharedImage, "the same photo is one object, whoever scanned it");

        // In flight at the deletion: one stopped at analyze (its photo stored), one not yet uploaded (its raw upload there).
        var analyze = _system.Sidecar.HoldActivities(AppIds.VisionAnalyzer, Activities.Analyze);
        var stoppedScan = await _system.SubmitAsync(aliceLogin.AccessToken, stopped, "alice-3");
        await _system.Sidecar.WaitForIdleAsync();
        var upload = _system.Sidecar.HoldActivities(AppIds.ImageUploader, Activities.Upload);
        var queuedScan = await _system.SubmitAsync(aliceLogin.AccessToken, queued, "alice-4");
        await _system.Sidecar.WaitForIdleAsync();
        aliceScans.AddRange([stoppedScan, queuedScan]);
        var stoppedImage = ImageKeys()[stoppedScan];
        _system.Images.Objects.Should().ContainKey($"raw/{queuedScan}");

        var conversations = new List<string>
        {
            await _system.ChatAsync(aliceLogin.AccessToken, "우유팩 어떻게 버려요?"),
            await _system.ChatAsync(aliceLogin.AccessToken, "페트병은요?"),
        };
        await _system.ChatAsync(aliceLogin.AccessToken, "라벨은 떼요?", conversations[0]);
        var bobsConversation = await _system.ChatAsync(bobLogin.AccessToken, "건전지는 어디에 버려요?");
        await _system.SearchAsync(aliceLogin.AccessToken, "합정 폐건전지");
        await _system.SearchAsync(bobLogin.AccessToken, "합정 폐건전지");
        var tiedToAlice = aliceScans.Concat(conversations).Append(alice).ToList();
        _system.StateEntries().Should().Contain(e => tiedToAlice.Any(id => e.Key.Contains(id, StringComparison.Ordinal)),
            "before the deletion, Alice's data is there to be deleted");

        using (var deleted = await _system.Client(AppIds.UserInfo, aliceLogin.AccessToken).DeleteAsync("/api/v1/users/me"))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var deliveries = (await _system.DeliverAsync()).ToList();
        analyze.Release();
        upload.Release();
        await _system.Sidecar.WaitForIdleAsync();
        deliveries.AddRange(await _system.DeliverAsync());

        // Every subscriber took user-deleted at the first delivery (none retried, dropped or dead-lettered it).
        deliveries.Where(d => d.Subscription.Topic == Topics.UserDeleted)
            .Should().OnlyContain(d => d.Outcome == DeliveryOutcome.Succeeded && d.Attempts == 1)
            .And.Subject.Select(d => d.Subscription.AppId).Should().BeEquivalentTo(AccountSystem.UserDeletedSubscribers);

        AssertNothingOf(alice, tiedToAlice);
        await AssertNoRowsOfAsync(alice);
        _system.Sidecar.Instances.Should().NotContain(i => aliceScans.Contains(i.InstanceId) || (i.Input ?? "").Contains(alice, StringComparison.Ordinal));
        _system.Images.Objects.Keys.Should().NotContain(aliceScans.Select(t => $"raw/{t}"));

        // Her tokens are refused everywhere: the access token by every API, the refresh token by auth.
        (await _system.Client(AppIds.WasteApi, aliceLogin.AccessToken).GetAsync($"/api/v1/waste/{aliceScans[0]}"))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _system.Client(AppIds.Auth).PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = aliceLogin.RefreshToken }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // Bob keeps all of his.
        (await _system.Database.ScalarAsync<long>("SELECT count(*) FROM growbin.scan_history WHERE user_id = $1::uuid", bob)).Should().Be(2);
        (await _system.Client(AppIds.WasteApi, bobLogin.AccessToken).GetAsync($"/api/v1/waste/{bobScans[0]}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _system.Client(AppIds.ChatLlm, bobLogin.AccessToken).GetAsync($"/api/v1/chat/conversations/{bobsConversation}")).StatusCode.Should().Be(HttpStatusCode.OK);
        _system.StateEntries().Should().Contain(e => e.Key.Contains(bob, StringComparison.Ordinal) && e.Key.StartsWith("idempotency:", StringComparison.Ordinal));

        // The photos: once no scan has stored them for the retention (24 h), those no history row names go. Bob happens
        // to scan the photo of Alice's stopped scan just then: his scan stored it anew, so it stays for him.
        _system.Clock.Advance(TimeSpan.FromHours(25));
        var bobAgain = await _system.LoginAsync(bob);
        using var bobsAnalyze = _system.Sidecar.HoldActivities(AppIds.VisionAnalyzer, Activities.Analyze);
        var rescan = await _system.SubmitAsync(bobAgain.AccessToken, stopped, "bob-3");
        await _system.Sidecar.WaitForIdleAsync();
        var tick = await _system.TickAsync();
        tick.GetProperty("jobs").EnumerateArray().Should().Contain(r => r.GetProperty("job").GetString() == "image-purge"
            && r.GetProperty("outcome").GetString() == "succeeded", tick.ToString());
        _system.Images.Objects.Keys.Should().NotContain(aliceImage, "only Alice's scans named it");
        _system.Images.Objects.Keys.Should().Contain([sharedImage, bobsImage], "Bob's history still names them");
        _system.Images.Objects.Keys.Should().Contain(stoppedImage, "Bob's scan in flight stored it again");
        bobsAnalyze.Release();
        await _system.RunScanAsync(rescan);
        (await _system.Database.ScalarAsync<long>("SELECT count(*) FROM growbin.scan_history WHERE image_key = $1", stoppedImage)).Should().Be(1);
    }

    [Fact]
    public async Task Every_subscriber_takes_the_same_user_deleted_twice_and_the_second_time_changes_nothing()
    {
        var alice = await _system.CreateUserAsync("앨리스");
        var bob = await _system.CreateUserAsync("바비");
        var aliceLogin = await _system.LoginAsync(alice);
        var bobLogin = await _system.LoginAsync(bob);
        var aliceScan = await _system.SubmitAsync(aliceLogin.AccessToken, TestPhotos.Jpeg(seed: 21), "alice-1");
        var bobScan = await _system.SubmitAsync(bobLogin.AccessToken, TestPhotos.Jpeg(seed: 22), "bob-1");
        await _system.RunScanAsync(aliceScan);
        await _system.RunScanAsync(bobScan);
        var conversation = await _system.ChatAsync(aliceLogin.AccessToken, "우유팩 어떻게 버려요?");
        await _system.SearchAsync(aliceLogin.AccessToken, "합정 폐건전지");
        (await _system.Client(AppIds.UserInfo, aliceLogin.AccessToken).DeleteAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await _system.DeliverAsync();
        var afterFirst = _system.StateEntries();

        // A redelivery of the very same event, as the broker may make it (same CloudEvent id).
        var again = _system.Dapr.Published<UserDeleted>(Topics.UserDeleted).Single(e => e.UserId == alice);
        await _system.Dapr.PublishEventAsync(DaprComponents.PubSub, Topics.UserDeleted, again,
            new Dictionary<string, string> { ["cloudevent.id"] = again.Id.ToString() });
        var second = await _system.DeliverAsync();

        second.Should().OnlyContain(d => d.Outcome == DeliveryOutcome.Succeeded && d.Attempts == 1);
        second.Select(d => d.Subscription.AppId).Should().BeEquivalentTo(AccountSystem.UserDeletedSubscribers);
        _system.StateEntries().Select(e => (e.Store, e.Key)).Should().BeEquivalentTo(afterFirst.Select(e => (e.Store, e.Key)));
        AssertNothingOf(alice, [alice, aliceScan, conversation]);
        await AssertNoRowsOfAsync(alice);
        (await _system.Client(AppIds.WasteApi, bobLogin.AccessToken).GetAsync($"/api/v1/waste/{bobScan}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The deletion marks that are allowed to name the account, each living no longer than its bound.</summary>
    private static readonly (string Store, string Prefix, TimeSpan MaxTtl)[] DeletionMarks =
    [
        // Refuses a refresh token of the account while one could still be valid (Auth:RefreshTokenLifetime, 30 days).
        (DaprComponents.StateStore, "auth|user-deleted|", TimeSpan.FromDays(30)),
        // Refuses its access tokens in every API while one could still be valid (15 minutes; kept an hour).
        (DaprComponents.TokenDenylist, "account|", TimeSpan.FromHours(1)),
        // chat-llm closes the account's open sockets at their next message.
        (DaprComponents.StateStore, "chat|deleted-user|", TimeSpan.FromHours(1)),
    ];

    /// <summary>No key or value names the account or one of its ids, except the deletion marks.</summary>
    private void AssertNothingOf(string userId, IReadOnlyList<string> ids)
    {
        var left = _system.StateEntries()
            .Where(e => ids.Any(id => e.Key.Contains(id, StringComparison.Ordinal) || e.Json.Contains(id, StringComparison.Ordinal)))
            .ToList();
        var marks = left.Where(e => DeletionMarks.Any(m => m.Store == e.Store && e.Key == m.Prefix + userId)).ToList();
        left.Except(marks).Select(e => $"{e.Store}: {e.Key} = {e.Json}").Should().BeEmpty("nothing of the account may stay but its deletion marks");
        foreach (var (store, key, _) in marks)
        {
            var bound = DeletionMarks.Single(m => m.Store == store && key.StartsWith(m.Prefix, StringComparison.Ordinal)).MaxTtl;
            _system.Dapr.TtlOf(store, key).Should().NotBeNull().And.BeLessThanOrEqualTo(bound, key);
        }
    }

    private async Task AssertNoRowsOfAsync(string userId)
    {
        foreach (var sql in new[]
                 {
                     "SELECT count(*) FROM growbin.users WHERE id = $1::uuid",
                     "SELECT count(*) FROM growbin.user_identities WHERE user_id = $1::uuid",
                     "SELECT count(*) FROM growbin.scan_history WHERE user_id = $1::uuid",
                     "SELECT count(*) FROM growbin.dead_letters WHERE strpos(raw_event, $1) > 0",
                 })
        {
            (await _system.Database.ScalarAsync<long>(sql, userId)).Should().Be(0, sql);
        }
    }

    /// <summary>Each scan's stored photo, from image-uploader's recorded upload results (scan id → image key).</summary>
    private Dictionary<string, string> ImageKeys() => _system.StateEntries()
        .Where(e => e.Key.StartsWith("activity:", StringComparison.Ordinal) && e.Key.EndsWith(":" + Activities.Upload, StringComparison.Ordinal))
        .ToDictionary(
            e => e.Key["activity:".Length..^(Activities.Upload.Length + 1)],
            e => System.Text.Json.JsonDocument.Parse(e.Json).RootElement.GetProperty("imageKey").GetString()!);
}
