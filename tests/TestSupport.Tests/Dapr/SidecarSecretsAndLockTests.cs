using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Dapr;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // the lock API is experimental in 1.19

public sealed class SidecarSecretsAndLockTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryDaprClient _dapr;

    public SidecarSecretsAndLockTests()
    {
        _dapr = new InMemoryDaprClient(_time);
    }

    [Fact]
    public async Task Secret_is_returned_from_its_store()
    {
        _dapr.SetSecret("secrets", "db", new Dictionary<string, string> { ["password"] = "pw" });

        (await _dapr.GetSecretAsync("secrets", "db")).Should().Equal(new Dictionary<string, string> { ["password"] = "pw" });
        (await _dapr.GetBulkSecretAsync("secrets")).Should().ContainKey("db");
    }

    [Fact]
    public async Task Missing_secret_throws()
    {
        _dapr.SetSecret("secrets", "db", new Dictionary<string, string> { ["password"] = "pw" });

        await _dapr.Invoking(d => d.GetSecretAsync("secrets", "nope")).Should().ThrowAsync<global::Dapr.DaprException>();
        await _dapr.Invoking(d => d.GetSecretAsync("no-store", "db")).Should().ThrowAsync<global::Dapr.DaprException>();
    }

    [Fact]
    public async Task Unhealthy_sidecar_reports_false_and_wait_gives_up_when_cancelled()
    {
        _dapr.SidecarHealthy = false;

        (await _dapr.CheckHealthAsync()).Should().BeFalse();
        (await _dapr.CheckOutboundHealthAsync()).Should().BeFalse();
        using var cancelled = new CancellationTokenSource();
        var wait = _dapr.WaitForSidecarAsync(cancelled.Token);
        wait.IsCompleted.Should().BeFalse();
        await cancelled.CancelAsync();
        await wait.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Wait_for_sidecar_completes_when_it_becomes_healthy()
    {
        _dapr.SidecarHealthy = false;
        var wait = _dapr.WaitForSidecarAsync();

        _dapr.SidecarHealthy = true;

        await wait;
        (await _dapr.CheckHealthAsync()).Should().BeTrue();
    }

    [Fact]
    public async Task Lock_is_exclusive_until_unlocked_or_expired()
    {
        (await _dapr.Lock("lockstore", "cron", "a", 60)).Success.Should().BeTrue();
        (await _dapr.Lock("lockstore", "cron", "b", 60)).Success.Should().BeFalse();
        (await _dapr.Unlock("lockstore", "cron", "b")).status.Should().Be(LockStatus.LockBelongsToOthers);

        _time.Advance(TimeSpan.FromSeconds(60));

        (await _dapr.Lock("lockstore", "cron", "b", 60)).Success.Should().BeTrue();
        (await _dapr.Unlock("lockstore", "cron", "b")).status.Should().Be(LockStatus.Success);
        (await _dapr.Unlock("lockstore", "cron", "b")).status.Should().Be(LockStatus.LockDoesNotExist);
    }

    [Fact]
    public async Task Unused_members_say_so_by_name()
    {
        var act = () => _dapr.GetMetadataAsync();

        (await act.Should().ThrowAsync<NotSupportedException>()).WithMessage("*DaprClient.GetMetadataAsync*");
    }
}
