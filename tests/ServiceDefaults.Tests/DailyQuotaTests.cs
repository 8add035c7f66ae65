using Growbin.Contracts;
using Growbin.ServiceDefaults.Quotas;
using Growbin.TestSupport.Dapr;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Growbin.ServiceDefaults.Tests;

/// <summary><see cref="DailyQuota"/> against the Dapr double (Redis semantics): reserve, give back, forget, lost races.</summary>
public sealed class DailyQuotaTests
{
    private const string User = "user-1";

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 3, 4, 15, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDaprClient _dapr;
    private readonly DailyQuota _quota;

    public DailyQuotaTests()
    {
        _dapr = new InMemoryDaprClient(_clock);
        _quota = new DailyQuota(_dapr, _clock, "quota|test", () => 10, NullLogger.Instance);
    }

    private string TodayKey => _quota.KeyFor(User, DailyQuota.DayOf(_clock.GetUtcNow()));

    [Fact]
    public async Task A_reservation_that_does_not_fit_whole_is_refused_and_writes_nothing()
    {
        var refused = await _quota.TryReserveAsync(User, 11, CancellationToken.None);

        refused.Should().Be(new QuotaDecision(false, new DateOnly(2030, 3, 4), 0, 10, 0, TimeSpan.FromHours(9)));
        refused.RetryAfterSeconds.Should().Be(9 * 3600);
        _dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task Reservations_add_up_to_the_limit_and_no_further()
    {
        (await _quota.TryReserveAsync(User, 6, CancellationToken.None)).Allowed.Should().BeTrue();
        (await _quota.TryReserveAsync(User, 4, CancellationToken.None)).Used.Should().Be(10);
        var refused = await _quota.TryReserveAsync(User, 1, CancellationToken.None);

        refused.Allowed.Should().BeFalse();
        refused.Used.Should().Be(10);
        TodayKey.Should().Be("quota|test|user-1|2030-03-04");
        _dapr.GetStoredJson(DaprComponents.StateStore, TodayKey).Should().Be("10");
        _dapr.TtlOf(DaprComponents.StateStore, TodayKey).Should().Be(TimeSpan.FromHours(33), "kept until the end of the next UTC day");
    }

    [Fact]
    public async Task A_rival_between_the_read_and_the_write_makes_the_reservation_read_again()
    {
        await _quota.TryReserveAsync(User, 5, CancellationToken.None);
        _dapr.BeforeNextSave(DaprComponents.StateStore, TodayKey, () => _quota.TryReserveAsync(User, 4, CancellationToken.None).GetAwaiter().GetResult());

        var mine = await _quota.TryReserveAsync(User, 2, CancellationToken.None);

        mine.Allowed.Should().BeFalse("after the rival's 4 only 1 is left");
        _dapr.GetStoredJson(DaprComponents.StateStore, TodayKey).Should().Be("9");
        _dapr.StateFailures.Should().ContainSingle().Which.Code.Should().Be(StatusCode.Aborted);
    }

    [Fact]
    public async Task Losing_every_race_is_a_contention_error_not_an_overshoot()
    {
        await _quota.TryReserveAsync(User, 1, CancellationToken.None);
        var rivals = 0;
        void Rival()
        {
            // Rewrites the same count before each of our writes: the ETag moves, the quota is never spent. Armed again
            // after its own write, so it runs once per attempt of ours.
            rivals++;
            var etag = _dapr.GetStoredETag(DaprComponents.StateStore, TodayKey)!;
            _dapr.TrySaveStateAsync(DaprComponents.StateStore, TodayKey, 1L, etag).GetAwaiter().GetResult();
            if (rivals < DailyQuota.MaxAttempts)
            {
                _dapr.BeforeNextSave(DaprComponents.StateStore, TodayKey, Rival);
            }
        }

        _dapr.BeforeNextSave(DaprComponents.StateStore, TodayKey, Rival);

        var reserve = () => _quota.TryReserveAsync(User, 1, CancellationToken.None);

        await reserve.Should().ThrowAsync<QuotaContentionException>();
        rivals.Should().Be(DailyQuota.MaxAttempts);
        _dapr.GetStoredJson(DaprComponents.StateStore, TodayKey).Should().Be("1");
    }

    [Fact]
    public async Task Giving_back_never_goes_below_zero_and_never_recreates_a_deleted_count()
    {
        var reserved = await _quota.TryReserveAsync(User, 3, CancellationToken.None);
        (await _quota.AdjustAsync(User, reserved.Day, -5, CancellationToken.None)).Should().BeTrue();
        _dapr.GetStoredJson(DaprComponents.StateStore, TodayKey).Should().Be("0");

        await _quota.ForgetAsync(User, CancellationToken.None);
        await _quota.AdjustAsync(User, reserved.Day, -1, CancellationToken.None);

        _dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }

    [Fact]
    public async Task A_settlement_after_midnight_adjusts_the_day_it_reserved_and_forget_removes_both_days()
    {
        var yesterday = await _quota.TryReserveAsync(User, 4, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(10));
        var today = await _quota.TryReserveAsync(User, 10, CancellationToken.None);

        await _quota.AdjustAsync(User, yesterday.Day, -1, CancellationToken.None);

        today.Allowed.Should().BeTrue("a new UTC day starts a new count");
        _dapr.GetStoredJson(DaprComponents.StateStore, _quota.KeyFor(User, yesterday.Day)).Should().Be("3");
        await _quota.ForgetAsync(User, CancellationToken.None);
        _dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }
}
