namespace OkrBot.Bench.Scale;

/// <summary>
/// The generated organisation, as plain arithmetic both the generator and the benchmarks use: who manages whom, who is
/// where, and the calendar the data lives in (fixed dates, so a generated database stays valid whenever it is reused).
/// </summary>
/// <remarks>
/// People are numbered 0..N-1 as an 8-ary tree: person i's manager is (i-1)/8, so every manager has 8 reports (the last
/// one fewer) and the managers are exactly 0..M-1 with M = ceil((N-1)/8). Depth is log8(N): 6 levels for 100,000.
/// </remarks>
public sealed class OrgShape(int people)
{
    /// <summary>Bumped whenever what the generator writes changes: a cached database of another version is generated again.</summary>
    public const int GeneratorVersion = 1;

    public const int ReportsPerManager = 8;
    public const int ObjectivesPerPerson = 3;
    public const int KeyResultsPerObjective = 3;
    public const int KeyResultsPerPerson = ObjectivesPerPerson * KeyResultsPerObjective;
    public const int Weeks = 12;

    /// <summary>Twenty zones with twenty different offsets in December, half-hour India among them.</summary>
    public static readonly IReadOnlyList<string> Zones =
    [
        "Pacific/Honolulu", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Halifax",
        "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Athens", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi",
        "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    public static readonly DateOnly YearStart = new(2026, 1, 1);
    public static readonly DateOnly YearEnd = new(2026, 12, 31);
    public static readonly DateOnly QuarterStart = new(2026, 10, 1);
    public static readonly DateOnly QuarterEnd = new(2026, 12, 31);

    /// <summary>The Monday of the first of the twelve check-in weeks (the week 1 October falls in).</summary>
    public static readonly DateOnly FirstWeek = new(2026, 9, 28);

    /// <summary>The last check-in week: the one the Friday prompts are planned for, and the one Monday's digests report on.</summary>
    public static DateOnly LastWeek => FirstWeek.AddDays(7 * (Weeks - 1));

    /// <summary>Monday 21 December 2026, 12:00 UTC: Monday in every zone (02:00 in Honolulu, 01:00 Tuesday in Auckland), after the digest time in most.</summary>
    public static readonly DateTimeOffset DigestNow = new(2026, 12, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Saturday 19 December 2026, 12:00 UTC: past Friday 10:00 in every zone and before the week ends in any, so one
    /// planner run that reads every zone plans every Friday prompt of the week of 14 December.
    /// </summary>
    public static readonly DateTimeOffset PlanningNow = new(2026, 12, 19, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Away people are away until this day (over both benchmarks' dates).</summary>
    public static readonly DateOnly AwayUntil = new(2026, 12, 22);

    public int People { get; } = people;

    /// <summary>Managers are people 0..Managers-1.</summary>
    public int Managers => (People - 1 + ReportsPerManager - 1) / ReportsPerManager;

    public static int? ManagerOf(int person) => person == 0 ? null : (person - 1) / ReportsPerManager;

    /// <summary>Everyone but the top sits in their manager's team (one team per manager, led by them).</summary>
    public static int? TeamOf(int person) => ManagerOf(person);

    /// <summary>A manager's reports share a zone; zones go round the managers.</summary>
    public static string ZoneOf(int person) => Zones[(ManagerOf(person) ?? 0) % Zones.Count];

    /// <summary>One person in 200 has left (managers excepted): still in the store, no longer active.</summary>
    public bool IsActive(int person) => person < Managers || Hash(person, 1) % 200 != 0;

    /// <summary>One in fifty is away over both benchmarks' dates.</summary>
    public static bool IsAway(int person) => Hash(person, 2) % 50 == 0;

    /// <summary>One person-week in ten has no check-in.</summary>
    public static bool SkipsWeek(int person, int week) => Hash(person, 100 + week) % 10 == 0;

    /// <summary>One objective in fifty is private.</summary>
    public static bool IsPrivate(int person, int objective) => Hash(person, 10 + objective) % 50 == 0;

    /// <summary>A cheap, stable hash of a person and a salt (no Random: a generator run is reproducible).</summary>
    public static uint Hash(int a, int b)
    {
        var x = (uint)a * 0x9E3779B1u ^ (uint)b * 0x85EBCA77u;
        x ^= x >> 15;
        x *= 0x2C1B3C6Du;
        x ^= x >> 12;
        x *= 0x297A2D39u;
        x ^= x >> 15;
        return x;
    }
}
