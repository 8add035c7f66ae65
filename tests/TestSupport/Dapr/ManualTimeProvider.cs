using Microsoft.Extensions.Time.Testing;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// A clock that moves only when a test says so, for TTLs, lock expiry, reminder due times and token expiry. It is
/// Microsoft's <see cref="FakeTimeProvider"/>: timers and <c>Task.Delay(…, time)</c> fire on the thread that moves
/// the clock past their due time, and time only moves forward. It starts in 2030 in UTC, far from any real clock, so
/// a test that reads the wall clock by mistake shows it.
/// </summary>
public sealed class ManualTimeProvider : FakeTimeProvider
{
    public ManualTimeProvider()
        : this(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset start)
        : base(start.ToUniversalTime())
    {
    }
}
