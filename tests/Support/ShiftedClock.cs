using System.Diagnostics;

namespace OkrBot.Tests.Support;

/// <summary>
/// Real time, moved to start at a chosen instant: it runs at real speed (timers, leases, rate limits and Quartz's own real
/// time agree with it), while what is due depends only on the chosen start. For tests of running hosts, where a clock moved
/// by hand (<see cref="FakeClock"/>) would stop the parts that wait on it.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    public override DateTimeOffset GetUtcNow() => start.ToUniversalTime() + _elapsed.Elapsed;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
