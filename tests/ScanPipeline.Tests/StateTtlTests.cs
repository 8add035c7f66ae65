using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Images;
using Growbin.TestSupport.OpenAi;
using Xunit.Abstractions;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// Redis runs with <c>noeviction</c>: a key written without a TTL stays until Redis is full and every write fails.
/// Every PipelineSystem checks this when it is disposed; this test runs the scan path's flows in one system and lists
/// what they leave behind.
/// </summary>
public sealed class StateTtlTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";

    private PipelineSystem _system = null!;

    public async Task InitializeAsync() => _system = await PipelineSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Completed_failed_cached_and_repeated_scans_leave_no_state_key_without_a_ttl()
    {
        var photo = TestPhotos.Jpeg(seed: 11);
        var first = await _system.SubmitAsync(Alice, photo, idempotencyKey: "alice-scan-1");
        await _system.RunAsync(first, Alice);
        (await _system.SubmitAsync(Alice, photo, idempotencyKey: "alice-scan-1")).Should().Be(first, "the repeat is the same scan");
        await _system.RunAsync(await _system.SubmitAsync(Bob, photo), Bob); // an AI cache hit
        _system.OpenAi.Enqueue(FakeOpenAiResponse.BadRequest());
        var failed = await _system.SubmitAsync(Alice, TestPhotos.Jpeg(seed: 12));
        (await _system.RunAsync(failed, Alice)).GetProperty("status").GetString().Should().Be("failed");

        var left = _system.StateLeft();
        output.WriteLine(left.ToString());

        left.Keys.Should().Contain(k => k.Store == DaprComponents.StateStore, "the scans wrote state");
        left.Keys.Should().Contain(k => k.Store == StateTtlAudit.ActorStateStore, "the AI budget actor saved its day");
        left.Keys.Should().HaveCountGreaterThanOrEqualTo(5, "idempotency key, results, AI cache and budget at least");
        left.WithoutTtl.Should().BeEmpty();
    }

    [Fact]
    public async Task The_audit_names_a_key_saved_without_a_ttl()
    {
        await _system.RunAsync(await _system.SubmitAsync(Alice, TestPhotos.Jpeg(seed: 13)), Alice);
        await _system.Dapr.SaveStateAsync(DaprComponents.StateStore, "forever|key", "x");

        var left = _system.StateLeft();

        left.WithoutTtl.Should().ContainSingle().Which.Should().Be(new StateKeyTtl(DaprComponents.StateStore, "forever|key", null));
        left.Invoking(l => l.ThrowIfAnyWithoutTtl()).Should().Throw<Exception>().WithMessage("*statestore: forever|key*");
        await _system.Dapr.DeleteStateAsync(DaprComponents.StateStore, "forever|key"); // else disposing fails this test
    }
}
