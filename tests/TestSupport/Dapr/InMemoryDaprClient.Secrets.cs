using Grpc.Core;

namespace Growbin.TestSupport.Dapr;

public sealed partial class InMemoryDaprClient
{
    private readonly object _secretsGate = new();
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> _secrets = new(StringComparer.Ordinal);

    /// <summary>Arranges one secret (a secret is a small dictionary, as in every Dapr secret store).</summary>
    public InMemoryDaprClient SetSecret(string storeName, string key, Dictionary<string, string> values)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(values);
        lock (_secretsGate)
        {
            if (!_secrets.TryGetValue(storeName, out var store))
            {
                _secrets[storeName] = store = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            }

            store[key] = new Dictionary<string, string>(values);
        }

        return this;
    }

    public override Task<Dictionary<string, string>> GetSecretAsync(string storeName, string key,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ThrowIfDisposed();
        lock (_secretsGate)
        {
            if (!_secrets.TryGetValue(storeName, out var store))
            {
                throw DaprErrors.Secret(StatusCode.InvalidArgument, $"failed finding secret store with key {storeName}");
            }

            if (!store.TryGetValue(key, out var secret))
            {
                throw DaprErrors.Secret(StatusCode.Internal,
                    $"failed getting secret with key {key} from secret store {storeName}: secret {key} not found");
            }

            return Task.FromResult(new Dictionary<string, string>(secret));
        }
    }

    public override Task<Dictionary<string, Dictionary<string, string>>> GetBulkSecretAsync(string storeName,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        lock (_secretsGate)
        {
            if (!_secrets.TryGetValue(storeName, out var store))
            {
                throw DaprErrors.BulkSecret(StatusCode.InvalidArgument, $"failed finding secret store with key {storeName}");
            }

            return Task.FromResult(store.ToDictionary(e => e.Key, e => new Dictionary<string, string>(e.Value)));
        }
    }
}
