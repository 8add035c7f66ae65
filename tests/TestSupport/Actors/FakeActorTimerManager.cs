using System.Reflection;
using Dapr.Actors;
using Dapr.Actors.Runtime;

namespace Growbin.TestSupport.Actors;

/// <summary>
/// Records reminders and timers instead of scheduling them: the current set, a full history, which reminders are
/// due on the injected clock, and a way to fire one the way the runtime would (callback, then state save).
/// Firing is always explicit: nothing here runs on its own.
/// </summary>
public sealed class FakeActorTimerManager : ActorTimerManager
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Type, string Id, string Name), ScheduledItem<ActorReminder>> _reminders = new();
    private readonly Dictionary<(string Type, string Id, string Name), ScheduledItem<ActorTimer>> _timers = new();
    private readonly List<ActorScheduleEvent> _history = [];

    public FakeActorTimerManager(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Reminders registered now (one-shot reminders leave this set once fired).</summary>
    public IReadOnlyList<ActorReminder> Reminders
    {
        get
        {
            lock (_gate)
            {
                return _reminders.Values.OrderBy(s => s.NextDue).Select(s => s.Item).ToList();
            }
        }
    }

    /// <summary>Timers registered now.</summary>
    public IReadOnlyList<ActorTimer> Timers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Values.OrderBy(s => s.NextDue).Select(s => s.Item).ToList();
            }
        }
    }

    /// <summary>Every registration, unregistration and firing, in order.</summary>
    public IReadOnlyList<ActorScheduleEvent> History
    {
        get
        {
            lock (_gate)
            {
                return _history.ToList();
            }
        }
    }

    public ActorReminder? FindReminder(ActorId actorId, string reminderName)
    {
        lock (_gate)
        {
            return _reminders.Values.FirstOrDefault(s => s.Item.ActorId == actorId && s.Item.Name == reminderName)?.Item;
        }
    }

    public ActorTimer? FindTimer(ActorId actorId, string timerName)
    {
        lock (_gate)
        {
            return _timers.Values.FirstOrDefault(s => s.Item.ActorId == actorId && s.Item.Name == timerName)?.Item;
        }
    }

    /// <summary>When the reminder fires next, or null if it is not registered.</summary>
    public DateTimeOffset? NextDue(ActorId actorId, string reminderName)
    {
        lock (_gate)
        {
            return _reminders.Values.FirstOrDefault(s => s.Item.ActorId == actorId && s.Item.Name == reminderName)?.NextDue;
        }
    }

    /// <summary>Reminders whose next due time has come on the injected clock, earliest first.</summary>
    public IReadOnlyList<ActorReminder> DueReminders(ActorId? actorId = null)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return _reminders.Values
                .Where(s => s.NextDue <= now && (actorId is null || s.Item.ActorId == actorId))
                .OrderBy(s => s.NextDue)
                .Select(s => s.Item)
                .ToList();
        }
    }

    /// <summary>
    /// Fires a reminder as the runtime does: the schedule advances first (a one-shot reminder is gone, so the
    /// callback may re-register it), then ReceiveReminderAsync runs as one actor turn (saved on success, cache
    /// cleared on failure). The actor's exception, if any, reaches the test. Fires whether or not it is due.
    /// </summary>
    public async Task FireReminderAsync(Actor actor, string reminderName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var remindable = actor as IRemindable ??
            throw new InvalidOperationException($"{actor.GetType().Name} does not implement IRemindable.");
        ActorReminder reminder;
        lock (_gate)
        {
            var key = Key(actor.Host.ActorTypeInfo.ActorTypeName, actor.Id, reminderName);
            if (!_reminders.TryGetValue(key, out var scheduled))
            {
                throw new InvalidOperationException($"No reminder '{reminderName}' is registered for actor {actor.Id}.");
            }

            reminder = scheduled.Item;
            Record(ActorScheduleEventKind.ReminderFired, reminder.ActorType, reminder.ActorId, reminder.Name);
            scheduled.Fired++;
            var repetitionsLeft = reminder.Repetitions is not { } max || scheduled.Fired < max;
            if (!Advance(scheduled, reminder.Period, reminder.Ttl) || !repetitionsLeft)
            {
                _reminders.Remove(key);
            }
        }

        await ActorTurn.RunAsync(actor,
            () => remindable.ReceiveReminderAsync(reminder.Name, reminder.State, reminder.DueTime, reminder.Period));
    }

    /// <summary>Fires each reminder of the actor that is due now, once, earliest first; returns their names.</summary>
    public async Task<IReadOnlyList<string>> FireDueRemindersAsync(Actor actor)
    {
        var due = DueReminders(actor.Id).Where(r => r.ActorType == actor.Host.ActorTypeInfo.ActorTypeName).ToList();
        foreach (var reminder in due)
        {
            await FireReminderAsync(actor, reminder.Name);
        }

        return due.Select(r => r.Name).ToList();
    }

    /// <summary>Fires a timer: its callback method by name (with its data if it takes a parameter), as one turn.</summary>
    public async Task FireTimerAsync(Actor actor, string timerName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ActorTimer timer;
        lock (_gate)
        {
            var key = Key(actor.Host.ActorTypeInfo.ActorTypeName, actor.Id, timerName);
            if (!_timers.TryGetValue(key, out var scheduled))
            {
                throw new InvalidOperationException($"No timer '{timerName}' is registered for actor {actor.Id}.");
            }

            timer = scheduled.Item;
            Record(ActorScheduleEventKind.TimerFired, timer.ActorType, timer.ActorId, timer.Name);
            scheduled.Fired++;
            if (!Advance(scheduled, timer.Period, timer.Ttl))
            {
                _timers.Remove(key);
            }
        }

        var callback = actor.GetType().GetMethod(timer.TimerCallback, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{actor.GetType().Name} has no method '{timer.TimerCallback}' for timer '{timerName}'.");
        var arguments = callback.GetParameters().Length == 0 ? null : new object?[] { timer.Data };
        await ActorTurn.RunAsync(actor, async () =>
        {
            try
            {
                if (callback.Invoke(actor, arguments) is Task task)
                {
                    await task;
                }
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            }
        });
    }

    /// <summary>Timers die with their activation; reminders survive it. Called on simulated reactivation.</summary>
    public void DropTimers(ActorId actorId)
    {
        lock (_gate)
        {
            foreach (var key in _timers.Keys.Where(k => k.Id == actorId.GetId()).ToList())
            {
                _timers.Remove(key);
            }
        }
    }

    public override Task RegisterReminderAsync(ActorReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        lock (_gate)
        {
            // Registering an existing name replaces it, as in Dapr.
            var now = _time.GetUtcNow();
            _reminders[Key(reminder.ActorType, reminder.ActorId, reminder.Name)] =
                new ScheduledItem<ActorReminder>(reminder, now, now + reminder.DueTime);
            Record(ActorScheduleEventKind.ReminderRegistered, reminder.ActorType, reminder.ActorId, reminder.Name);
        }

        return Task.CompletedTask;
    }

    public override Task<IActorReminder> GetReminderAsync(ActorReminderToken reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        lock (_gate)
        {
            // The runtime returns nothing for an unknown reminder; the null is what callers see.
            _reminders.TryGetValue(Key(reminder.ActorType, reminder.ActorId, reminder.Name), out var scheduled);
            return Task.FromResult<IActorReminder>(scheduled?.Item!);
        }
    }

    public override Task UnregisterReminderAsync(ActorReminderToken reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        lock (_gate)
        {
            _reminders.Remove(Key(reminder.ActorType, reminder.ActorId, reminder.Name));
            Record(ActorScheduleEventKind.ReminderUnregistered, reminder.ActorType, reminder.ActorId, reminder.Name);
        }

        return Task.CompletedTask;
    }

    public override Task RegisterTimerAsync(ActorTimer timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _timers[Key(timer.ActorType, timer.ActorId, timer.Name)] = new ScheduledItem<ActorTimer>(timer, now, now + timer.DueTime);
            Record(ActorScheduleEventKind.TimerRegistered, timer.ActorType, timer.ActorId, timer.Name);
        }

        return Task.CompletedTask;
    }

    public override Task UnregisterTimerAsync(ActorTimerToken timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        lock (_gate)
        {
            _timers.Remove(Key(timer.ActorType, timer.ActorId, timer.Name));
            Record(ActorScheduleEventKind.TimerUnregistered, timer.ActorType, timer.ActorId, timer.Name);
        }

        return Task.CompletedTask;
    }

    // A period of zero or less (Timeout.InfiniteTimeSpan is the SDK's "one-shot") ends the schedule, as does the TTL.
    private static bool Advance<T>(ScheduledItem<T> scheduled, TimeSpan period, TimeSpan? ttl)
    {
        if (period <= TimeSpan.Zero)
        {
            return false;
        }

        scheduled.NextDue += period;
        return ttl is not { } t || scheduled.NextDue < scheduled.RegisteredAt + t;
    }

    private void Record(ActorScheduleEventKind kind, string actorType, ActorId actorId, string name) =>
        _history.Add(new ActorScheduleEvent(kind, actorType, actorId, name, _time.GetUtcNow()));

    private static (string, string, string) Key(string actorType, ActorId actorId, string name) => (actorType, actorId.GetId(), name);
}
