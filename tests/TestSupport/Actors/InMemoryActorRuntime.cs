using System.Reflection;
using System.Text.Json;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Actors.Runtime;
using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Actors;

/// <summary>
/// A stand-in for the Dapr actor runtime and placement in one process: an <see cref="IActorProxyFactory"/> whose
/// proxies call registered actors directly, one turn at a time per actor, saving state as the runtime does; one
/// shared <see cref="FakeActorTimerManager"/> for every actor's reminders, fired by the test; and crashes (the
/// instance and its unsaved state are lost, saved state and reminders stay).
/// </summary>
public sealed class InMemoryActorRuntime : IActorProxyFactory
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Func<string, (ActorTestHost Host, Func<ActorHost, Actor> Create)>> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Id), Slot> _slots = new();
    private readonly TimeProvider _time;
    private readonly JsonSerializerOptions _json;

    public InMemoryActorRuntime(TimeProvider? time = null, JsonSerializerOptions? json = null)
    {
        _time = time ?? TimeProvider.System;
        _json = json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Timers = new FakeActorTimerManager(_time);
    }

    public FakeActorTimerManager Timers { get; }

    /// <summary>How many actor methods and reminders ran; a test can tell that a call really happened.</summary>
    public int Turns { get; private set; }

    /// <summary>Registers an actor type under the name callers use (its [Actor] TypeName), and how to construct it.</summary>
    public InMemoryActorRuntime Register<TActor>(string actorType, Func<ActorHost, TActor> create)
        where TActor : Actor
    {
        lock (_gate)
        {
            _types[actorType] = id => (ActorTestHost.Create<TActor>(id, Timers, _time, _json), host => create(host));
        }

        return this;
    }

    /// <summary>The saved state of an actor (what survives a crash).</summary>
    public InMemoryActorStateManager StateOf(string actorType, string actorId) => SlotFor(actorType, actorId).Host.State;

    /// <summary>
    /// The process hosting the actor dies: the instance and any unsaved state are gone; saved state and reminders
    /// remain, and the next call or reminder activates a fresh instance.
    /// </summary>
    public void Crash(string actorType, string actorId)
    {
        var slot = SlotFor(actorType, actorId);
        lock (_gate)
        {
            slot.Host = slot.Host.SimulateReactivation();
            slot.Instance = null;
        }
    }

    /// <summary>Fires every reminder due on the clock, once each, earliest first; returns how many fired.</summary>
    public async Task<int> FireDueRemindersAsync()
    {
        var due = Timers.DueReminders();
        foreach (var reminder in due)
        {
            await FireAsync(reminder.ActorType, reminder.ActorId.GetId(), reminder.Name);
        }

        return due.Count;
    }

    /// <summary>
    /// Lets time pass as the sidecar would: fires what is due; when nothing is, moves <paramref name="clock"/> to the
    /// next reminder. Stops when <paramref name="isDone"/> says so, when no reminder is left, or after
    /// <paramref name="maxWakeUps"/> rounds (the caller's assertions then show where it stood).
    /// </summary>
    public async Task DrainAsync(ManualTimeProvider clock, Func<Task<bool>> isDone, int maxWakeUps = 100)
    {
        for (var i = 0; i < maxWakeUps && !await isDone(); i++)
        {
            if (await FireDueRemindersAsync() > 0)
            {
                continue;
            }

            var next = Timers.Reminders.Select(r => Timers.NextDue(r.ActorId, r.Name)).Min();
            if (next is null)
            {
                return;
            }

            clock.Advance(next.Value - clock.GetUtcNow());
        }
    }

    /// <summary>Fires one reminder now, due or not (a duplicate delivery, say), as one turn of its actor.</summary>
    public Task FireAsync(string actorType, string actorId, string reminderName) =>
        RunTurnAsync(actorType, actorId, actor => Timers.FireReminderAsync(actor, reminderName));

    public TActorInterface CreateActorProxy<TActorInterface>(ActorId actorId, string actorType, ActorProxyOptions? options = null)
        where TActorInterface : IActor
    {
        var proxy = DispatchProxy.Create<TActorInterface, ActorCallProxy>();
        ((ActorCallProxy)(object)proxy).Bind(this, actorType, actorId.GetId());
        return proxy;
    }

    public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) =>
        throw new NotSupportedException("Use the typed proxy (CreateActorProxy<TActorInterface>) in tests.");

    public object CreateActorProxy(ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null) =>
        throw new NotSupportedException("Use the typed proxy (CreateActorProxy<TActorInterface>) in tests.");

    internal async Task<object?> InvokeAsync(string actorType, string actorId, MethodInfo method, object?[]? args)
    {
        // Arguments and results cross the wire as JSON (the actors' JSON remoting), so they go through it here too.
        var parameters = method.GetParameters();
        var sent = args?.Select((arg, i) => RoundTrip(arg, parameters[i].ParameterType)).ToArray();
        object? result = null;
        await RunTurnAsync(actorType, actorId, async actor =>
        {
            var task = (Task)method.Invoke(actor, sent)!;
            await task;
            if (method.ReturnType.IsGenericType)
            {
                var resultType = method.ReturnType.GetGenericArguments()[0];
                result = RoundTrip(method.ReturnType.GetProperty("Result")!.GetValue(task), resultType);
            }
        }, saveOnSuccess: true);
        return result;
    }

    private object? RoundTrip(object? value, Type type) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(value, type, _json), type, _json);

    private async Task RunTurnAsync(string actorType, string actorId, Func<Actor, Task> turn, bool saveOnSuccess = false)
    {
        var slot = SlotFor(actorType, actorId);
        await slot.Turn.WaitAsync();
        try
        {
            Turns++;
            slot.Instance ??= await slot.Host.ActivateAsync(slot.Create);
            if (saveOnSuccess)
            {
                await slot.Host.InvokeAsync(slot.Instance, turn);
            }
            else
            {
                await turn(slot.Instance);
            }
        }
        finally
        {
            slot.Turn.Release();
        }
    }

    private Slot SlotFor(string actorType, string actorId)
    {
        lock (_gate)
        {
            if (!_slots.TryGetValue((actorType, actorId), out var slot))
            {
                var factory = _types.GetValueOrDefault(actorType)
                    ?? throw new InvalidOperationException($"No actor type '{actorType}' is registered with the in-memory runtime.");
                var (host, create) = factory(actorId);
                slot = new Slot(host, create);
                _slots[(actorType, actorId)] = slot;
            }

            return slot;
        }
    }

    private sealed class Slot(ActorTestHost host, Func<ActorHost, Actor> create)
    {
        public ActorTestHost Host { get; set; } = host;

        public Func<ActorHost, Actor> Create { get; } = create;

        public Actor? Instance { get; set; }

        public SemaphoreSlim Turn { get; } = new(1, 1);
    }
}
