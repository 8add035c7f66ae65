namespace Growbin.RecycleInfo.Tests;

/// <summary>The app's clock, set by each schedule test to the moment it asks about (forwards or back).</summary>
public sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 12, 10, 5, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    /// <summary>Sets the clock to a Korea-time wall clock reading.</summary>
    public void SetKorea(int year, int month, int day, int hour, int minute = 0) =>
        Now = new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));
}
