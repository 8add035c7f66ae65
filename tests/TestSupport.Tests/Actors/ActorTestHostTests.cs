using System.Text;
using Growbin.TestSupport.Actors;
using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Actors;

public sealed class ActorTestHostTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly ActorTestHost _host;

    public ActorTestHostTests()
    {
        _host = ActorTestHost.Create<ParcelActor>("parcel-1", _time);
    }

    [Fact]
    public async Task Activation_runs_OnActivateAsync_and_saves()
    {
        await _host.ActivateAsync(h => new ParcelActor(h));

        _host.State.GetSavedState<int>("activations").Should().Be(1);
    }

    [Fact]
    public async Task Method_call_saves_state_and_registers_reminder()
    {
        var actor = await _host.ActivateAsync(h => new ParcelActor(h));

        await _host.InvokeAsync(actor, a => a.CollectAsync("ann"));

        _host.State.GetSavedState<string>("last-by").Should().Be("ann");
        var reminder = _host.Timers.FindReminder(actor.Id, "followup");
        reminder.Should().NotBeNull();
        reminder!.ActorType.Should().Be(nameof(ParcelActor));
        Encoding.UTF8.GetString(reminder.State).Should().Be("ann");
        _host.Timers.NextDue(actor.Id, "followup").Should().Be(_time.GetUtcNow().AddHours(1));
    }

    [Fact]
    public async Task Failed_method_call_discards_its_state_changes()
    {
        var actor = await _host.ActivateAsync(h => new ParcelActor(h));
        await _host.InvokeAsync(actor, a => a.CollectAsync("ann"));

        var act = () => _host.InvokeAsync(actor, a => a.FailAfterWritingAsync());

        await act.Should().ThrowAsync<InvalidOperationException>();
        _host.State.GetSavedState<string>("last-by").Should().Be("ann");
        (await actor.StateManager.GetStateAsync<string>("last-by")).Should().Be("ann");
    }

    [Fact]
    public async Task Reminder_becomes_due_on_the_clock_and_firing_runs_the_callback()
    {
        var actor = await _host.ActivateAsync(h => new ParcelActor(h));
        await _host.InvokeAsync(actor, a => a.CollectAsync("ann"));

        _time.Advance(TimeSpan.FromMinutes(59));
        _host.Timers.DueReminders(actor.Id).Should().BeEmpty();
        _time.Advance(TimeSpan.FromMinutes(1));
        _host.Timers.DueReminders(actor.Id).Select(r => r.Name).Should().Equal("followup");

        (await _host.Timers.FireDueRemindersAsync(actor)).Should().Equal("followup");

        _host.State.GetSavedState<int>("followup-fired").Should().Be(1);
        // The callback re-armed the one-shot reminder one minute out.
        _host.Timers.NextDue(actor.Id, "followup").Should().Be(_time.GetUtcNow().AddMinutes(1));
    }

    [Fact]
    public async Task One_shot_reminder_is_gone_after_its_last_firing()
    {
        var actor = await _host.ActivateAsync(h => new ParcelActor(h));
        await _host.InvokeAsync(actor, a => a.CollectAsync("ann"));

        for (var i = 0; i < 3; i++)
        {
            await _host.Timers.FireReminderAsync(actor, "followup");
        }

        _host.Timers.FindReminder(actor.Id, "followup").Should().BeNull();
        _host.State.GetSavedState<int>("followup-fired").Should().Be(3);
        _host.Timers.History.Count(e => e.Kind == ActorScheduleEventKind.ReminderFired).Should().Be(3);
        _host.Timers.History.Count(e => e.Kind == ActorScheduleEventKind.ReminderRegistered).Should().Be(3);
    }

    [Fact]
    public async Task Timer_fires_its_callback_with_data_and_dies_on_reactivation()
    {
        var actor = await _host.ActivateAsync(h => new ParcelActor(h));
        await _host.InvokeAsync(actor, a => a.StartTickingAsync());

        await _host.Timers.FireTimerAsync(actor, "tick");

        _host.State.GetSavedState<int>("tick-data").Should().Be(42);
        _host.Timers.FindTimer(actor.Id, "tick").Should().NotBeNull();

        var reactivated = _host.SimulateReactivation();

        reactivated.Timers.Timers.Should().BeEmpty();
    }

    [Fact]
    public async Task Reactivated_actor_keeps_saved_state_and_reminders()
    {
        var actor = await _host.ActivateAsync(h => new ParcelActor(h));
        await _host.InvokeAsync(actor, a => a.CollectAsync("ann"));
        await actor.StateManager.SetStateAsync("last-by", "unsaved");

        var again = _host.SimulateReactivation();
        var revived = await again.ActivateAsync(h => new ParcelActor(h));

        (await revived.StateManager.GetStateAsync<string>("last-by")).Should().Be("ann");
        again.State.GetSavedState<int>("activations").Should().Be(2);
        again.Timers.FindReminder(revived.Id, "followup").Should().NotBeNull();
    }
}
