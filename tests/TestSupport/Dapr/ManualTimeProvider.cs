namespace Growbin.TestSupport.Dapr;

/// <summary>
/// A clock that moves only when a test says so, for TTLs, lock expiry and reminder due times.
/// Timers are deliberately unsupported: nothing in the doubles waits on time, they compare against it.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _utcNow;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset start)
    {
        _utcNow = start.ToUniversalTime();
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    // Stopwatch-style timestamps follow the manual clock so elapsed-time measurements agree with it.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _utcNow += by;
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            if (value < _utcNow)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "Time only moves forward.");
            }

            _utcNow = value.ToUniversalTime();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException(
            $"{nameof(ManualTimeProvider)} does not run timers; advance the clock and call the code under test instead.");
}
