namespace Growbin.TestSupport.Actors;

/// <summary>A registered reminder or timer with when it is next due and how often it has fired.</summary>
internal sealed class ScheduledItem<T>(T item, DateTimeOffset registeredAt, DateTimeOffset nextDue)
{
    public T Item { get; } = item;

    public DateTimeOffset RegisteredAt { get; } = registeredAt;

    public DateTimeOffset NextDue { get; set; } = nextDue;

    public int Fired { get; set; }
}
