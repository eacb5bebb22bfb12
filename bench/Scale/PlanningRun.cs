using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Rhythm;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Bench.Scale;

/// <summary>One planner run: how long, how many queries, what it read and wrote.</summary>
/// <param name="QuerySeconds">Of <paramref name="Seconds"/>, from sending each query to having read its rows.</param>
/// <param name="CpuSeconds">CPU this process used meanwhile (the planner's own code, whatever else ran on the machine).</param>
public sealed record PlanMeasure(string At, double Seconds, double QuerySeconds, double CpuSeconds, int Queries, int PeopleRead, int ZonesSkipped,
    int Planned, int AlreadyPlanned)
{
    /// <summary>Where <see cref="QuerySeconds"/> went, by query (the all-zones run only).</summary>
    public IReadOnlyList<QueryTime>? QueryTimes { get; init; }
}

/// <summary>What planning the Friday prompts of one organisation measured.</summary>
public sealed record PlanningResult
{
    public required int People { get; init; }
    /// <summary>One run at <see cref="OrgShape.PlanningNow"/> reading every zone (lookback of a day): all Friday prompts at once.</summary>
    public required PlanMeasure AllZones { get; init; }
    /// <summary>The run at each zone's Friday 10:00 with the default lookback (3 h), in time order, as the minute-by-minute planner meets them.</summary>
    public required IReadOnlyList<PlanMeasure> ZoneByZone { get; init; }
    /// <summary>The run a minute after the last zone's: nothing new is due, the zones in the lookback are read again.</summary>
    public required PlanMeasure? QuietMinute { get; init; }
    public required double WarmUpSeconds { get; init; }
    /// <summary>The "who is due now" query (RhythmStore.PeopleAsync), first page and a later page, under EXPLAIN ANALYZE.</summary>
    public required IReadOnlyList<ExplainedQuery> WhoIsDue { get; init; }
    public required bool WhoIsDueUsesItsIndex { get; init; }
    public required IReadOnlyList<ExplainedQuery> Plans { get; init; }
    public required long PeakResidentBytes { get; init; }
    public required string LoadAverage { get; init; }
}

/// <summary>
/// Plans the Friday check-in prompts of the generated organisation with the product's <see cref="RhythmPlanner"/> (over
/// <see cref="RhythmStore"/> and <see cref="DeliveryQueue"/>, as the Quartz job runs it), and shows how PostgreSQL runs
/// its queries, the "who is due now" page above all.
/// </summary>
public static class PlanningRun
{
    public const string WhoIsDueIndex = "IX_People_TenantId_TimeZoneId_Id";

    /// <summary>The default planner page (Rhythm:PageSize).</summary>
    private static readonly int PageSize = new RhythmOptions().PageSize;

    public static async Task<PlanningResult> RunAsync(string connectionString, int people, bool quick, TextWriter log)
    {
        var capture = new SqlCapture();
        var clock = new FixedClock(OrgShape.PlanningNow);
        var database = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, clock, [capture]);
        var store = new RhythmStore(database);
        var queue = new DeliveryQueue(database, new ConversationService(database, clock), new DeliveryOptions(), clock);
        var minuteByMinute = new RhythmPlanner(store, queue, new RhythmOptions());
        var everyZone = new RhythmPlanner(store, queue, new RhythmOptions { Lookback = TimeSpan.FromDays(1) });

        // Warm-up, not timed: a Wednesday run (it reads the zones around their morning, finds what was sent already).
        var warmUp = Stopwatch.StartNew();
        clock.Now = new DateTimeOffset(2026, 12, 16, 12, 0, 0, TimeSpan.Zero);
        await minuteByMinute.PlanAsync(clock.Now);
        warmUp.Stop();

        // As it happens: each zone's Friday 10:00 (and half a minute), east to west.
        var byZone = new List<PlanMeasure>();
        PlanMeasure? quiet = null;
        if (!quick)
        {
            await ResetAsync(connectionString);
            var instants = OrgShape.Zones.Select(z => RhythmRules.Resolve(new DateTime(2026, 12, 18, 10, 0, 30), TimeZones.Find(z))).Order().ToList();
            foreach (var instant in instants)
            {
                byZone.Add(await MeasureAsync(minuteByMinute, clock, capture, instant));
                log.WriteLine($"    {instant:u}: {byZone[^1].Planned:N0} planned in {byZone[^1].Seconds:0.00} s");
            }

            quiet = await MeasureAsync(minuteByMinute, clock, capture, instants[^1].AddMinutes(1));
        }

        // All at once: one run after every zone's Friday 10:00, reading every zone.
        await ResetAsync(connectionString);
        var all = await MeasureAsync(everyZone, clock, capture, OrgShape.PlanningNow);
        log.WriteLine($"    all zones at {OrgShape.PlanningNow:u}: {all.Planned:N0} planned in {all.Seconds:0.00} s");

        var (whoIsDue, usesIndex) = await ExplainWhoIsDueAsync(connectionString, clock);
        var plans = await ExplainPlannerAsync(connectionString, clock);
        return new PlanningResult
        {
            People = people, AllZones = all, ZoneByZone = byZone, QuietMinute = quiet, WarmUpSeconds = warmUp.Elapsed.TotalSeconds,
            WhoIsDue = whoIsDue, WhoIsDueUsesItsIndex = usesIndex, Plans = plans,
            PeakResidentBytes = Machine.PeakResidentBytes(), LoadAverage = Machine.Load(),
        };
    }

    private static async Task<PlanMeasure> MeasureAsync(RhythmPlanner planner, FixedClock clock, SqlCapture capture, DateTimeOffset at)
    {
        clock.Now = at;
        capture.Clear();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        var report = await planner.PlanAsync(at);
        timer.Stop();
        return new PlanMeasure(at.ToString("u", System.Globalization.CultureInfo.InvariantCulture), timer.Elapsed.TotalSeconds,
            capture.Time.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, capture.Count,
            report.People, report.ZonesSkipped, report.Planned, report.AlreadyPlanned) { QueryTimes = QueryTime.Of(capture) };
    }

    /// <summary>Back to the generated history: what any earlier run planned is deleted (and vacuumed away, so runs compare).</summary>
    private static async Task ResetAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        foreach (var sql in new[] { "DELETE FROM \"Deliveries\" WHERE \"CreatedAt\" >= '2026-12-15T00:00:00Z'", "VACUUM (ANALYZE) \"Deliveries\"" })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The planner's page of people of one zone (<see cref="RhythmStore.PeopleAsync"/>) as the product sends it, first page
    /// and next page, under EXPLAIN ANALYZE; it must read <see cref="WhoIsDueIndex"/>, never the whole table.
    /// </summary>
    private static async Task<(IReadOnlyList<ExplainedQuery> Plans, bool UsesIndex)> ExplainWhoIsDueAsync(string connectionString, TimeProvider clock)
    {
        var capture = new SqlCapture { KeepCommands = true };
        var store = new RhythmStore(new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, clock, [capture]));
        var tenantId = await TenantIdAsync(connectionString);
        var zone = OrgShape.Zones[OrgShape.Zones.Count / 2];
        var first = await store.PeopleAsync(tenantId, zone, null, PageSize);
        await store.PeopleAsync(tenantId, zone, first[^1].Id, PageSize);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var explained = new List<ExplainedQuery>();
        var usesIndex = true;
        foreach (var (command, n) in capture.Commands.Select((c, n) => (c, n)))
        {
            // With its values, and the generic plan a prepared statement may get after a few runs (the product prepares them).
            var plan = await QueryPlan.ExplainAsync(connection, command, analyze: true);
            var generic = await QueryPlan.ExplainGenericAsync(connection, command);
            foreach (var (p, how) in new[] { (plan, ""), (generic, ", generic plan") })
            {
                usesIndex &= p.UsesIndex(WhoIsDueIndex) && !p.SequentialScans.Contains("People");
                explained.Add(new ExplainedQuery((n == 0 ? "first page of a zone" : "next page") + how, [.. p.Scans.Distinct()], p.ExecutionMs, p.Text));
            }
        }

        return (explained, usesIndex && explained.Count == 4);
    }

    /// <summary>Every distinct query of a catch-up run (everything planned already: reads only), under EXPLAIN ANALYZE.</summary>
    private static async Task<IReadOnlyList<ExplainedQuery>> ExplainPlannerAsync(string connectionString, TimeProvider clock)
    {
        var capture = new SqlCapture { KeepCommands = true };
        var database = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, clock, [capture]);
        var planner = new RhythmPlanner(new RhythmStore(database),
            new DeliveryQueue(database, new ConversationService(database, clock), new DeliveryOptions(), clock),
            new RhythmOptions { Lookback = TimeSpan.FromDays(1) });
        await planner.PlanAsync(OrgShape.PlanningNow);
        return await DigestRun.ExplainAsync(connectionString, capture.Commands);
    }

    private static async Task<Guid> TenantIdAsync(string connectionString)
    {
        await using var db = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, TimeProvider.System).Open();
        return await db.Tenants.Select(t => t.Id).SingleAsync();
    }
}
