using System.Reflection;

namespace Growbin.TestSupport.Actors;

/// <summary>The proxy <see cref="InMemoryActorRuntime"/> hands out: every interface call becomes one turn of the actor.</summary>
public class ActorCallProxy : DispatchProxy
{
    private InMemoryActorRuntime _runtime = null!;
    private string _actorType = null!;
    private string _actorId = null!;

    internal void Bind(InMemoryActorRuntime runtime, string actorType, string actorId)
    {
        _runtime = runtime;
        _actorType = actorType;
        _actorId = actorId;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var call = _runtime.InvokeAsync(_actorType, _actorId, targetMethod, args);
        if (!targetMethod.ReturnType.IsGenericType)
        {
            return call;
        }

        // Task<T>: await the turn, then cast its boxed result back to T.
        var resultType = targetMethod.ReturnType.GetGenericArguments()[0];
        return typeof(ActorCallProxy).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(resultType)
            .Invoke(null, [call]);
    }

    private static async Task<T> Typed<T>(Task<object?> call) => (T)(await call)!;
}
