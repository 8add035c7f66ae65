using System.Text.Json;
using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// A DaprClient that keeps state, published events, bindings, secrets, locks and app routes in memory, with the
/// semantics and error shapes of the real sidecar-backed client. Register it in place of AddDaprClient() in tests.
/// Members Growbin does not use throw NotSupportedException naming the member, so a new need shows up loudly.
/// </summary>
public sealed partial class InMemoryDaprClient : DaprClient
{
    private readonly TimeProvider _time;
    private readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly object _healthGate = new();
    private TaskCompletionSource _healthy = NewHealthySignal(completed: true);
    private bool _sidecarHealthy = true;
    private bool _disposed;

    public InMemoryDaprClient()
        : this(TimeProvider.System)
    {
    }

    public InMemoryDaprClient(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Same defaults the real DaprClientBuilder uses, so stored JSON matches production.</summary>
    public override JsonSerializerOptions JsonSerializerOptions => _json;

    /// <summary>
    /// While false, health checks report false and WaitForSidecarAsync waits until it turns true or its token
    /// is cancelled (then it throws OperationCanceledException, as the real polling loop does).
    /// </summary>
    public bool SidecarHealthy
    {
        get
        {
            lock (_healthGate)
            {
                return _sidecarHealthy;
            }
        }
        set
        {
            lock (_healthGate)
            {
                if (value == _sidecarHealthy)
                {
                    return;
                }

                _sidecarHealthy = value;
                if (value)
                {
                    _healthy.TrySetResult();
                }
                else
                {
                    _healthy = NewHealthySignal(completed: false);
                }
            }
        }
    }

    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromResult(SidecarHealthy);
    }

    public override Task<bool> CheckOutboundHealthAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromResult(SidecarHealthy);
    }

    public override Task WaitForSidecarAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Task signal;
        lock (_healthGate)
        {
            signal = _healthy.Task;
        }

        return signal.WaitAsync(cancellationToken);
    }

    public override Task ShutdownSidecarAsync(CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<DaprMetadata> GetMetadataAsync(CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task SetMetadataAsync(string attributeName, string attributeValue, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<GetConfigurationResponse> GetConfiguration(string storeName, IReadOnlyList<string> keys,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<SubscribeConfigurationResponse> SubscribeConfiguration(string storeName, IReadOnlyList<string> keys,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<UnsubscribeConfigurationResponse> UnsubscribeConfiguration(string storeName, string id,
        CancellationToken cancellationToken = default) =>
        throw Unsupported();

#pragma warning disable DAPR_CRYPTOGRAPHY // Overriding is required; Growbin does not use the crypto API.
    public override Task<ReadOnlyMemory<byte>> EncryptAsync(string vaultResourceName, ReadOnlyMemory<byte> plaintextBytes,
        string keyName, EncryptionOptions encryptionOptions, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> EncryptAsync(string vaultResourceName, Stream plaintextStream,
        string keyName, EncryptionOptions encryptionOptions, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<ReadOnlyMemory<byte>> DecryptAsync(string vaultResourceName, ReadOnlyMemory<byte> ciphertextBytes,
        string keyName, DecryptionOptions options, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override Task<ReadOnlyMemory<byte>> DecryptAsync(string vaultResourceName, ReadOnlyMemory<byte> ciphertextBytes,
        string keyName, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> DecryptAsync(string vaultResourceName, Stream ciphertextStream,
        string keyName, DecryptionOptions options, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> DecryptAsync(string vaultResourceName, Stream ciphertextStream,
        string keyName, CancellationToken cancellationToken = default) =>
        throw Unsupported();
#pragma warning restore DAPR_CRYPTOGRAPHY

    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            // Registered app clients belong to the tests (WebApplicationFactory disposes them); only forget them.
            lock (_appsGate)
            {
                _apps.Clear();
            }
        }

        base.Dispose(disposing);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static NotSupportedException Unsupported([System.Runtime.CompilerServices.CallerMemberName] string member = "") =>
        new($"{nameof(InMemoryDaprClient)} does not support {nameof(DaprClient)}.{member}; Growbin does not use it. " +
            "Add it to the double together with a test if a service starts to.");

    private static TaskCompletionSource NewHealthySignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    // Same argument checks as the real client, so a bad call fails the same way in tests.
    private static void RequireNotEmpty(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException("The value cannot be null or empty.", name);
        }
    }
}
