namespace OkrBot.Tests.Teams.Connector;

/// <summary>
/// A hand-moved clock whose timers work, so waits through <c>Task.Delay(delay, timeProvider)</c> take no real time.
/// With <see cref="AutoAdvance"/> (the default) every wait completes at once and moves the clock by its length; without
/// it, waits stay pending until <see cref="Advance"/> passes their due time. Every requested wait is in <see cref="Waits"/>.
/// (Tests/Support/FakeClock has no timers; this one is kept apart so the two can be merged deliberately later.)
/// </summary>
public sealed class TimerClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _waits = [];
    private readonly List<Timer> _pending = [];
    private DateTimeOffset _now = start.ToUniversalTime();

    public TimerClock() : this(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public bool AutoAdvance { get; init; } = true;

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_gate)
        {
            _waits.Add(dueTime);
            if (AutoAdvance)
            {
                _now += dueTime;
            }
            else
            {
                timer.Due = _now + dueTime;
                _pending.Add(timer);
            }
        }

        if (AutoAdvance)
        {
            callback(state);
        }

        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _pending.Where(t => t.Due <= _now)];
            _pending.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    /// <summary>Wait (in real time, briefly) until the code under test has started a wait.</summary>
    public async Task WaitForPendingTimerAsync()
    {
        var waited = global::System.Diagnostics.Stopwatch.StartNew();
        while (PendingTimers == 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("Nothing started waiting on the clock.");
            }

            await Task.Delay(10);
        }
    }

    private sealed class Timer(TimerClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Due = clock._now + dueTime;
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._pending.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
