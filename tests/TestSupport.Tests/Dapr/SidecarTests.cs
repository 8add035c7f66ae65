using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Dapr;

/// <summary>
/// The double's own sidecar knobs: the health switch tests use to play a sidecar that is not up yet, and the members
/// it does not play. The secrets and lock APIs are in tests/Fidelity.Tests/SecretsAndLockFidelityTests.cs.
/// </summary>
public sealed class SidecarTests
{
    private readonly InMemoryDaprClient _dapr = new();

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
    public async Task Unused_members_say_so_by_name()
    {
        var act = () => _dapr.GetMetadataAsync();

        (await act.Should().ThrowAsync<NotSupportedException>()).WithMessage("*DaprClient.GetMetadataAsync*");
    }
}
