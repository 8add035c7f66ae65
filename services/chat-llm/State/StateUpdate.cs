using Dapr.Client;
using Growbin.Contracts;
using Growbin.ServiceDefaults.State;

namespace Growbin.ChatLlm.State;

/// <summary>
/// A read-modify-write of one <c>statestore</c> key that never loses a rival's write: an existing key is saved with
/// the ETag it was read with, a missing one is created (<see cref="StateCreate"/>), and a lost race reads again. A
/// store failure is not a lost race: it is thrown.
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
            if (await dapr.TrySaveOrCreateStateAsync(DaprComponents.StateStore, key, change(current), etag, metadata, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
