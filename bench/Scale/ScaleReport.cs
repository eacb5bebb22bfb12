using System.Globalization;
using System.Text;

namespace OkrBot.Bench.Scale;

/// <summary>The digests benchmark over all sizes: the table, the goals and whether they were met.</summary>
/// <param name="Generated">Sizes generated in this run, and how long each took (the others were reused).</param>
public sealed record DigestReport(IReadOnlyList<DigestResult> Sizes, IReadOnlyDictionary<int, double> Generated, string Machine)
{
    /// <summary>The issue's goal: 100,000 people in under 10 s.</summary>
    public const int GoalPeople = 100_000;
    public const double GoalSeconds = 10;

    /// <summary>A page costs a fixed handful of queries (six reads, the page of managers, a few for private objectives).</summary>
    public const double MaxQueriesPerPage = 12;

    /// <summary>Time per person may grow this much from the smallest size to the largest before it counts as worse than linear.</summary>
    public const double LinearTolerance = 1.5;

    public double? Growth => Sizes.Count < 2 ? null : Sizes[^1].MillisecondsPer1kPeople / Sizes[0].MillisecondsPer1kPeople;

    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            foreach (var s in Sizes.Where(s => s.People == GoalPeople && s.Seconds >= GoalSeconds))
                failures.Add(F($"{s.People:N0} people took {s.Seconds:0.00} s, {s.Seconds - GoalSeconds:0.00} s ({s.Seconds / GoalSeconds - 1:P0}) over the goal of {GoalSeconds:0} s"));
            if (Growth is > LinearTolerance)
                failures.Add(F($"time per 1,000 people grew x{Growth:0.00} from {Sizes[0].People:N0} to {Sizes[^1].People:N0} people: worse than linear"));
            foreach (var s in Sizes.Where(s => (double)s.Queries / s.Pages > MaxQueriesPerPage))
                failures.Add(F($"{s.People:N0} people: {(double)s.Queries / s.Pages:0.0} queries a page, more than {MaxQueriesPerPage}"));
            return failures;
        }
    }

    public string ToTable(bool explain)
    {
        var text = new StringBuilder();
        text.Append(F($"Every manager's digest, {Sizes.FirstOrDefault()?.Page} managers a page ({Machine})\n"));
        var rows = new List<string[]>
        {
            new[] { "people", "managers", "digests", "time", "in queries", "CPU", "ms / 1k people", "queries", "per page", "peak RSS", "peak heap", "allocated", "load", "database" },
        };
        rows.AddRange(Sizes.Select(s => new[]
        {
            F($"{s.People:N0}"), F($"{s.Managers:N0}"), F($"{s.Digests:N0}"), F($"{s.Seconds:0.00} s"), F($"{s.QuerySeconds:0.00} s"), F($"{s.CpuSeconds:0.00} s"),
            F($"{s.MillisecondsPer1kPeople:0.0}"),
            F($"{s.Queries:N0}"), F($"{(double)s.Queries / s.Pages:0.0}"), Mib(s.PeakResidentBytes), Mib(s.PeakManagedBytes), Mib(s.AllocatedBytes),
            s.LoadAverage, Generated.TryGetValue(s.People, out var g) ? F($"generated, {g:0} s") : "reused",
        }));
        Table(text, rows);
        if (Growth is { } growth)
            text.Append(F($"  linearity: ms per 1,000 people {string.Join(" -> ", Sizes.Select(s => F($"{s.MillisecondsPer1kPeople:0.0}")))} (x{growth:0.00}; at most x{LinearTolerance} counts as linear)\n"));
        foreach (var s in Sizes)
        {
            text.Append(F($"  {s.People:N0}, query time by query: {string.Join("; ", s.QueryTimes.Take(6).Select(q => F($"{q.Query} x{q.Count} {q.Seconds:0.00} s")))}\n"));
            text.Append(F($"  {s.People:N0}: {s.Reports:N0} report rows, {s.Risks:N0} risks, {s.Movers:N0} movers, {s.Objectives:N0} objectives; warm-up {s.WarmUpSeconds:0.00} s"));
            text.Append(s.NotSent.Count == 0 ? "\n" : "; not sent: " + string.Join(", ", s.NotSent.Select(n => F($"{n.Value:N0} {n.Key}"))) + "\n");
        }

        if (explain)
        {
            foreach (var s in Sizes.Where(s => s.Plans is not null))
            {
                text.Append(F($"  queries of one page, {s.People:N0} people (EXPLAIN ANALYZE):\n"));
                foreach (var q in s.Plans!)
                {
                    text.Append(F($"    {q.Query,-45} {q.ExecutionMs,8:0.0} ms  {string.Join("; ", q.Scans)}\n"));
                    // The plan itself where the time goes.
                    if (q.ExecutionMs > 5) text.Append(PlanningReport.Indent(q.Plan, "      "));
                }
            }
        }

        Goals(text, Failures);
        return text.ToString();
    }

    internal static void Goals(StringBuilder text, IReadOnlyList<string> failures)
    {
        text.Append(failures.Count == 0 ? "PASS\n" : "FAIL\n");
        foreach (var failure in failures) text.Append(F($"  - {failure}\n"));
    }

    internal static void Table(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.Append("  ").Append(string.Join("  ", row.Select((cell, c) => c == 0 || c == row.Length - 1 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])))).Append('\n');
    }

    internal static string Mib(long bytes) => F($"{bytes / (1024.0 * 1024):0} MiB");

    internal static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The planning benchmark: the runs, the "who is due now" plan, the goals.</summary>
public sealed record PlanningReport(IReadOnlyList<PlanningResult> Sizes, IReadOnlyDictionary<int, double> Generated, string Machine)
{
    /// <summary>The issue's goal: the Friday prompts of 100,000 people across 20 zones in under 2 s.</summary>
    public const int GoalPeople = 100_000;
    public const double GoalSeconds = 2;

    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            foreach (var s in Sizes)
            {
                if (s.People == GoalPeople && s.AllZones.Seconds >= GoalSeconds)
                    failures.Add(DigestReport.F($"planning {s.People:N0} people took {s.AllZones.Seconds:0.00} s, {s.AllZones.Seconds - GoalSeconds:0.00} s ({s.AllZones.Seconds / GoalSeconds - 1:P0}) over the goal of {GoalSeconds:0} s"));
                if (!s.WhoIsDueUsesItsIndex)
                    failures.Add(DigestReport.F($"{s.People:N0} people: the who-is-due query does not read {PlanningRun.WhoIsDueIndex} (see its plan)"));
            }

            return failures;
        }
    }

    public string ToTable(bool fullPlans)
    {
        var text = new StringBuilder();
        text.Append(DigestReport.F($"Planning the Friday prompts across {OrgShape.Zones.Count} time zones ({Machine})\n"));
        foreach (var s in Sizes)
        {
            var zones = s.ZoneByZone;
            var rows = new List<string[]>
            {
                new[] { "run", "time", "in queries", "CPU", "queries", "people read", "zones skipped", "planned", "already planned", "" },
                Row(DigestReport.F($"all zones at once, {s.AllZones.At} (lookback 1 day)"), s.AllZones),
            };
            if (zones.Count > 0)
            {
                rows.Add(Row(DigestReport.F($"zone by zone: {zones.Count} runs, each zone's Fri 10:00 (sum)"), new PlanMeasure("", zones.Sum(z => z.Seconds),
                    zones.Sum(z => z.QuerySeconds), zones.Sum(z => z.CpuSeconds), zones.Sum(z => z.Queries), zones.Sum(z => z.PeopleRead),
                    zones.Sum(z => z.ZonesSkipped), zones.Sum(z => z.Planned), zones.Sum(z => z.AlreadyPlanned))));
                rows.Add(Row("  slowest of those runs", zones.MaxBy(z => z.Seconds)!));
            }

            if (s.QuietMinute is { } quiet) rows.Add(Row(DigestReport.F($"a quiet minute after, {quiet.At}"), quiet));
            text.Append(DigestReport.F($"  {s.People:N0} people (database {(Generated.TryGetValue(s.People, out var g) ? DigestReport.F($"generated in {g:0} s") : "reused")}; warm-up {s.WarmUpSeconds:0.00} s; peak RSS {DigestReport.Mib(s.PeakResidentBytes)}; load {s.LoadAverage})\n"));
            DigestReport.Table(text, rows);
            if (s.AllZones.QueryTimes is { } times)
                text.Append(DigestReport.F($"  all zones, query time by query: {string.Join("; ", times.Take(6).Select(q => DigestReport.F($"{q.Query} x{q.Count} {q.Seconds:0.00} s")))}\n"));
            text.Append(DigestReport.F($"  who is due now (RhythmStore.PeopleAsync, EXPLAIN ANALYZE): {(s.WhoIsDueUsesItsIndex ? "uses" : "DOES NOT use")} {PlanningRun.WhoIsDueIndex}\n"));
            foreach (var q in s.WhoIsDue)
            {
                text.Append(DigestReport.F($"    {q.Query}: {string.Join("; ", q.Scans)}{(q.ExecutionMs is { } ms ? DigestReport.F($" ({ms:0.00} ms)") : "")}\n"));
                if (fullPlans || !s.WhoIsDueUsesItsIndex) text.Append(Indent(q.Plan, "      "));
            }

            text.Append("  every query of a run (EXPLAIN ANALYZE; writes EXPLAIN only):\n");
            foreach (var q in s.Plans)
            {
                text.Append(DigestReport.F($"    {q.Query,-40} {q.ExecutionMs,8:0.0} ms  {string.Join("; ", q.Scans)}\n"));
                if (fullPlans) text.Append(Indent(q.Plan, "      "));
            }
        }

        DigestReport.Goals(text, Failures);
        return text.ToString();

        static string[] Row(string name, PlanMeasure m) =>
        [
            name, DigestReport.F($"{m.Seconds:0.00} s"), DigestReport.F($"{m.QuerySeconds:0.00} s"), DigestReport.F($"{m.CpuSeconds:0.00} s"),
            DigestReport.F($"{m.Queries:N0}"), DigestReport.F($"{m.PeopleRead:N0}"),
            DigestReport.F($"{m.ZonesSkipped:N0}"), DigestReport.F($"{m.Planned:N0}"), DigestReport.F($"{m.AlreadyPlanned:N0}"), "",
        ];
    }

    /// <summary>A plan indented, each line cut at 160 characters (the id arrays the queries carry run to thousands).</summary>
    internal static string Indent(string text, string by) =>
        string.Concat(text.Split('\n').Select(l => by + (l.Length > 160 ? l[..157] + "..." : l) + "\n"));
}
