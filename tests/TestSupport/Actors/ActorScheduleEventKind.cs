namespace Growbin.TestSupport.Actors;

public enum ActorScheduleEventKind
{
    ReminderRegistered,
    ReminderUnregistered,
    ReminderFired,
    TimerRegistered,
    TimerUnregistered,
    TimerFired,
}
