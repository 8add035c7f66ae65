using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.Fidelity.Tests;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // the lock API is experimental in 1.19

/// <summary>
/// The secrets API (dapr/dapr pkg/api/universal/secrets.go over components-contrib secretstores/local/file, and
/// secretstores.kubernetes in the cluster) and the distributed lock API (pkg/api/universal/lock.go over
/// components-contrib lock/redis/standalone.go), against <see cref="InMemoryDaprClient"/>.
/// </summary>
public sealed class SecretsAndLockFidelityTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryDaprClient _dapr;

    public SecretsAndLockFidelityTests() => _dapr = new InMemoryDaprClient(_time);

    /// <remarks>
    /// Follows dapr/dapr pkg/api/universal/secrets.go GetSecret (the component's <c>Data</c>, a map of strings) and
    /// GetBulkSecret (every secret of the store by key).
    /// </remarks>
    [Fact]
    public async Task Secret_is_returned_from_its_store()
    {
        _dapr.SetSecret("secrets", "db", new Dictionary<string, string> { ["password"] = "pw" });

        (await _dapr.GetSecretAsync("secrets", "db")).Should().Equal(new Dictionary<string, string> { ["password"] = "pw" });
        (await _dapr.GetBulkSecretAsync("secrets")).Should().ContainKey("db");
    }

    /// <remarks>
    /// Follows dapr/dapr pkg/api/universal/secrets.go: secretsValidateRequest refuses a store it does not have
    /// (ErrSecretStoreNotFound), GetSecret wraps the component's error (ErrSecretGet; components-contrib
    /// secretstores/local/file/filestore.go GetSecret: <c>secret %s not found</c>); the .NET client throws DaprException.
    /// </remarks>
    [Fact]
    public async Task Missing_secret_throws()
    {
        _dapr.SetSecret("secrets", "db", new Dictionary<string, string> { ["password"] = "pw" });

        await _dapr.Invoking(d => d.GetSecretAsync("secrets", "nope")).Should().ThrowAsync<global::Dapr.DaprException>();
        await _dapr.Invoking(d => d.GetSecretAsync("no-store", "db")).Should().ThrowAsync<global::Dapr.DaprException>();
    }

    /// <remarks>
    /// Follows components-contrib lock/redis/standalone.go: TryLock is <c>SET NX</c> with the expiry, so a held lock
    /// refuses another owner until it expires; Unlock's script answers -2 (LockBelongsToOthers) for another owner,
    /// -1 (LockDoesNotExist) when the key is gone and deletes it (Success) for its owner.
    /// </remarks>
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
}
