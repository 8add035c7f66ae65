using System.Reflection;
using System.Text.Json;
using Dapr.Actors;
using Dapr.Actors.Runtime;

namespace Growbin.TestSupport.Actors;

/// <summary>
/// Hosts one actor instance for a test: the SDK's ActorHost.CreateForTest wired to a
/// <see cref="FakeActorTimerManager"/> and an <see cref="InMemoryActorStateManager"/>, plus calls that run like the
/// runtime runs them (activation and method calls as turns that save state on success).
/// </summary>
public sealed class ActorTestHost
{
    private static readonly PropertyInfo StateManagerProperty =
        typeof(Actor).GetProperty(nameof(Actor.StateManager))!;

    private static readonly MethodInfo OnActivate =
        typeof(Actor).GetMethod("OnActivateAsync", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private ActorTestHost(ActorHost host, InMemoryActorStateManager state, FakeActorTimerManager timers, TimeProvider time)
    {
        Host = host;
        State = state;
        Timers = timers;
        Time = time;
    }

    public ActorHost Host { get; }

    public InMemoryActorStateManager State { get; }

    public FakeActorTimerManager Timers { get; }

    public TimeProvider Time { get; }

    public ActorId ActorId => Host.Id;

    /// <summary>A host for an actor of type <typeparamref name="TActor"/> with the given id.</summary>
    public static ActorTestHost Create<TActor>(string actorId, TimeProvider? time = null, JsonSerializerOptions? json = null)
        where TActor : Actor =>
        Create<TActor>(actorId, new FakeActorTimerManager(time ?? TimeProvider.System), time, json);

    /// <summary>A host whose reminders and timers go to <paramref name="timers"/>, shared with other actors' hosts.</summary>
    public static ActorTestHost Create<TActor>(string actorId, FakeActorTimerManager timers, TimeProvider? time = null, JsonSerializerOptions? json = null)
        where TActor : Actor
    {
        time ??= TimeProvider.System;
        json ??= new JsonSerializerOptions(JsonSerializerDefaults.Web); // the actor runtime's default
        var host = ActorHost.CreateForTest<TActor>(new ActorTestOptions
        {
            ActorId = new ActorId(actorId),
            TimerManager = timers,
            JsonSerializerOptions = json,
        });
        return new ActorTestHost(host, new InMemoryActorStateManager(time, json), timers, time);
    }

    /// <summary>
    /// Creates the actor with <paramref name="create"/> (usually <c>h => new MyActor(h, deps)</c>), gives it this
    /// host's state manager (the real one needs a sidecar) and runs OnActivateAsync as a turn.
    /// </summary>
    public async Task<TActor> ActivateAsync<TActor>(Func<ActorHost, TActor> create)
        where TActor : Actor
    {
        var actor = create(Host);
        if (!ReferenceEquals(actor.StateManager, State))
        {
            StateManagerProperty.SetValue(actor, State); // the setter is protected
        }

        await ActorTurn.RunAsync(actor, () => (Task)OnActivate.Invoke(actor, null)!);
        return actor;
    }

    /// <summary>One actor method call as the runtime makes it: state saved on success, dropped on failure.</summary>
    public Task InvokeAsync<TActor>(TActor actor, Func<TActor, Task> call)
        where TActor : Actor =>
        ActorTurn.RunAsync(actor, () => call(actor));

    /// <inheritdoc cref="InvokeAsync{TActor}(TActor, Func{TActor, Task})"/>
    public Task<TResult> InvokeAsync<TActor, TResult>(TActor actor, Func<TActor, Task<TResult>> call)
        where TActor : Actor =>
        ActorTurn.RunAsync(actor, () => call(actor));

    /// <summary>
    /// The same actor after a crash or deactivation: unsaved state is gone, timers are gone, reminders remain.
    /// Activate a fresh instance on the returned host.
    /// </summary>
    public ActorTestHost SimulateReactivation()
    {
        Timers.DropTimers(ActorId);
        return new ActorTestHost(Host, State.SimulateReactivation(), Timers, Time);
    }
}
