namespace OkrBot.Jobs.Rhythm;

/// <summary>The "Rhythm" configuration section: how often the planner runs and how it pages.</summary>
public sealed class RhythmOptions
{
    public const string Section = "Rhythm";

    /// <summary>Run the planner in this process (on by default; off for a node that should only serve HTTP or send).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the planner runs. A prompt goes out at most this long after its local time (plus the send).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far back a run looks for local times that passed: a time zone where no prompt, reminder or escalation time of
    /// any schedule passed within this window is skipped without reading its people. Longer than <see cref="Interval"/>,
    /// so a missed run or a node failover loses nothing; a day or more turns the skipping off.
    /// </summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(3);

    /// <summary>People read and planned at a time.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>PostgreSQL only: how often a scheduler node checks in with the cluster (a dead node is noticed after a few).</summary>
    public TimeSpan ClusterCheckInInterval { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsValid =>
        Interval >= TimeSpan.FromSeconds(1) && Interval <= TimeSpan.FromHours(1) && Lookback > Interval && PageSize is >= 1 and <= 10_000
        && ClusterCheckInInterval >= TimeSpan.FromSeconds(1);
}
