using Dapr.Actors.Runtime;

namespace Growbin.TestSupport.Actors;

/// <summary>
/// What the actor runtime does around every method, timer and reminder callback: save the state changes when the
/// callback succeeds, drop them when it throws. (The OnPre/OnPostActorMethodAsync hooks are not called.)
/// </summary>
internal static class ActorTurn
{
    public static async Task<T> RunAsync<T>(Actor actor, Func<Task<T>> callback)
    {
        T result;
        try
        {
            result = await callback();
        }
        catch
        {
            await actor.StateManager.ClearCacheAsync();
            throw;
        }

        await actor.StateManager.SaveStateAsync();
        return result;
    }

    public static Task RunAsync(Actor actor, Func<Task> callback) =>
        RunAsync(actor, async () =>
        {
            await callback();
            return true;
        });
}
