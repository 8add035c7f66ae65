using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.TaskScheduler.Tests;

/// <summary>
/// Passes calls to an inner binding; while closed, the first matching call announces itself and waits for
/// <see cref="Open"/>, so a test can hold one replica's job mid-run. Calls can also be made to fail by key.
/// </summary>
public sealed class GatedBindingHandler(IBindingHandler inner) : IBindingHandler
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _failingKeys = new(StringComparer.Ordinal);
    private string? _gatedOperation;
    private int _gateUsed;

    /// <summary>Completes when a gated call has arrived and is waiting.</summary>
    public Task Entered => _entered.Task;

    public void CloseOn(string operation) => _gatedOperation = operation;

    public void Open() => _open.TrySetResult();

    public void FailDeleteOf(string key) => _failingKeys.Add(key);

    public async Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
    {
        if (request.Operation == _gatedOperation && Interlocked.Exchange(ref _gateUsed, 1) == 0)
        {
            _entered.TrySetResult();
            await _open.Task.WaitAsync(ct);
        }

        if (request.Operation == "delete" && _failingKeys.Contains(request.Metadata.GetValueOrDefault("key") ?? string.Empty))
        {
            throw new InvalidOperationException("s3 binding error: AccessDenied");
        }

        return await inner.HandleAsync(request, ct);
    }
}
