using Dapr;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.ChatLlm.State;

/// <summary>
/// A read-modify-write of one <c>statestore</c> key that never loses a rival's write: an existing key is saved with
/// the ETag it was read with, a missing one with first-write concurrency, and a lost race reads again.
/// </summary>
public static class StateUpdate
{
    /// <summary>Applies <paramref name="change"/> (given the current value, or default when absent); false when every attempt lost a race.</summary>
    public static async Task<bool> TryAsync<T>(
        DaprClient dapr,
        string key,
        Func<T?, T> change,
        IReadOnlyDictionary<string, string> metadata,
        int attempts,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var (current, etag) = await dapr.GetStateAndETagAsync<T?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
            var next = change(current);
            if (string.IsNullOrEmpty(etag))
            {
                try
                {
                    await dapr.SaveStateAsync(DaprComponents.StateStore, key, next, FirstWrite, metadata, cancellationToken);
                    return true;
                }
                catch (DaprException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // someone created it first
                }
            }

            if (await dapr.TrySaveStateAsync(DaprComponents.StateStore, key, next, etag, metadata: metadata, cancellationToken: cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };
}
