using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OkrBot.Bench.FanOut;

/// <param name="Commands">SQL commands per prompt.</param>
/// <param name="Milliseconds">Their summed duration per prompt.</param>
public sealed record SqlUse(double Commands, double Milliseconds);

/// <summary>What one run measured, and whether it met the goals (rate at least 0.95 of the limit, nothing lost or doubled).</summary>
public sealed record FanOutReport
{
    public required int Prompts { get; init; }
    public required int Nodes { get; init; }
    /// <summary>The connector's limit per second; null when unthrottled.</summary>
    public required int? Limit { get; init; }
    public required double DispatcherLimit { get; init; }
    public required int Accepted { get; init; }
    /// <summary>From the nodes' start until the last delivery row reached its final state.</summary>
    public required double ElapsedSeconds { get; init; }
    /// <summary>Last accepted message minus first accepted message, as the connector saw them.</summary>
    public required double SendSpanSeconds { get; init; }
    /// <summary>Accepted messages / send span.</summary>
    public required double AchievedRate { get; init; }
    /// <summary>Achieved rate / limit; null when unthrottled.</summary>
    public required double? FractionOfLimit { get; init; }
    /// <summary>The most messages accepted within any one second.</summary>
    public required int PeakOneSecond { get; init; }
    public required long Throttled429 { get; init; }
    /// <summary>How much too early the throttled requests came, in ms: median and max.</summary>
    public double? Throttled429EarlyMedianMs { get; init; }
    public double? Throttled429EarlyMaxMs { get; init; }
    public required long Rejected4xx { get; init; }
    /// <summary>People whose conversation got no message.</summary>
    public required int Lost { get; init; }
    /// <summary>Messages beyond the first in a conversation.</summary>
    public required int Duplicated { get; init; }
    /// <summary>Gaps between consecutive accepted messages longer than two intervals at the limit: how many, and their time beyond one interval each.</summary>
    public required int LongGaps { get; init; }
    public required double LongGapSeconds { get; init; }
    public required IReadOnlyDictionary<string, int> RowsByState { get; init; }
    public required int Attempts { get; init; }
    /// <summary>The most tries any one row took (each 429 costs one; Delivery:MaxAttempts ends a row Failed).</summary>
    public required int MaxAttemptsOfARow { get; init; }
    /// <summary>The 1-minute load average when the run started and when it ended (other work on the machine skews the numbers).</summary>
    public required string LoadAverage { get; init; }
    public required IReadOnlyList<string> NotSentReasons { get; init; }
    public required long PeakWorkingSetBytes { get; init; }
    public required bool TimedOut { get; init; }
    /// <summary>Mean content render per delivery, when probed (--probe).</summary>
    public double? RenderMeanMs { get; init; }
    public double? RenderMaxMs { get; init; }
    /// <summary>SQL commands per prompt and their time per prompt in ms, by table family, when probed.</summary>
    public IReadOnlyDictionary<string, SqlUse>? SqlPerDelivery { get; init; }
    public required IReadOnlyDictionary<string, string> Settings { get; init; }
    public required string Content { get; init; }
    public required string Machine { get; init; }
    public required IReadOnlyList<string> Failures { get; init; }

    /// <summary>--vs-botbuilder: the same fan-out from botbuilder and from a bare HttpClient loop.</summary>
    public IReadOnlyList<ReferenceRun>? References { get; init; }

    /// <summary>--vs-botbuilder: sends in flight, the same for all.</summary>
    public int? Concurrency { get; init; }

    /// <summary>--vs-botbuilder: the dispatcher's achieved rate / botbuilder's.</summary>
    public double? BotbuilderMultiple { get; init; }

    public bool Passed => Failures.Count == 0;

    /// <summary>This report with the references added, and the goal against botbuilder checked.</summary>
    public FanOutReport WithReferences(IReadOnlyList<ReferenceRun> references, int concurrency)
    {
        var failures = Failures.ToList();
        failures.AddRange(references.Where(r => r.Problem is not null || r.Lost > 0 || r.Duplicated > 0)
            .Select(r => $"{r.Name}: {r.Problem ?? "ok"}, {r.Lost} lost, {r.Duplicated} duplicated (its number is not comparable)"));
        var botbuilder = references.FirstOrDefault(r => r.Name == "botbuilder");
        double? multiple = botbuilder is { Rate: > 0 } b ? AchievedRate / b.Rate : null;
        if (multiple is { } m && m < BenchOptions.BotbuilderMultipleGoal)
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"the dispatcher sent {AchievedRate:0} msg/s, {m:0.00}x botbuilder's {botbuilder!.Rate:0}; the goal is {BenchOptions.BotbuilderMultipleGoal:0}x (missed by {1 - m / BenchOptions.BotbuilderMultipleGoal:P0})"));
        return this with { References = references, Concurrency = concurrency, BotbuilderMultiple = multiple, Failures = failures };
    }

    public static FanOutReport From(BenchOptions options, FakeBotConnector connector, IReadOnlyList<string> conversations, StoreSummary store,
        DateTimeOffset startedAt, bool timedOut, IReadOnlyList<Timings> renders, IReadOnlyDictionary<string, Timings>? sql, string? loadAtStart)
    {
        var times = connector.AcceptedTimestamps.Order().ToList();
        var accepted = times.Count;
        var span = accepted > 1 ? Stopwatch.GetElapsedTime(times[0], times[^1]).TotalSeconds : 0;
        var achieved = span > 0 ? accepted / span : 0;
        double? fraction = options.Unthrottled ? null : achieved / options.Limit;

        var byConversation = connector.AcceptedByConversation;
        var lost = conversations.Count(c => byConversation.GetValueOrDefault(c) == 0);
        var duplicated = conversations.Sum(c => Math.Max(0, byConversation.GetValueOrDefault(c) - 1));

        // Where the rate went: gaps between accepted messages well beyond the interval the limit allows.
        var interval = Stopwatch.Frequency / (options.Unthrottled ? options.DispatcherLimit : options.Limit);
        var (longGaps, longGapTicks) = (0, 0.0);
        for (var i = 1; i < times.Count; i++)
        {
            var gap = times[i] - times[i - 1];
            if (gap <= 2 * interval) continue;
            longGaps++;
            longGapTicks += gap - interval;
        }

        var peak = 0;
        for (int start = 0, end = 0; start < times.Count; start++)
        {
            while (end < times.Count && times[end] - times[start] < Stopwatch.Frequency) end++;
            peak = Math.Max(peak, end - start);
        }

        var early = connector.ThrottledEarlyBy.Order().Select(t => t * 1000.0 / Stopwatch.Frequency).ToList();

        var failures = new List<string>();
        if (timedOut) failures.Add($"timed out after {options.EffectiveTimeout.TotalSeconds:0} s with deliveries still open");
        if (lost > 0) failures.Add($"{lost} of {conversations.Count} people got no message (lost)");
        if (duplicated > 0) failures.Add($"{duplicated} messages were duplicates");
        if (fraction is { } f && f < BenchOptions.RequiredFraction)
            failures.Add($"achieved {achieved:0.0}/s is {f:P1} of the limit {options.Limit}/s, below the goal of {BenchOptions.RequiredFraction:P0}");

        var rendered = renders.Sum(p => p.Count);
        return new FanOutReport
        {
            Prompts = options.Prompts, Nodes = options.Nodes, Limit = options.Unthrottled ? null : options.Limit,
            DispatcherLimit = options.DispatcherLimit, Accepted = accepted,
            ElapsedSeconds = ((store.LastChange ?? startedAt) - startedAt).TotalSeconds, SendSpanSeconds = span, AchievedRate = achieved,
            FractionOfLimit = fraction, PeakOneSecond = peak, Throttled429 = connector.ThrottledCount, Rejected4xx = connector.RejectedCount,
            Throttled429EarlyMedianMs = early.Count == 0 ? null : Math.Round(early[early.Count / 2], 2),
            Throttled429EarlyMaxMs = early.Count == 0 ? null : Math.Round(early[^1], 2),
            Lost = lost, Duplicated = duplicated, LongGaps = longGaps, LongGapSeconds = longGapTicks / Stopwatch.Frequency,
            RowsByState = store.ByState.ToDictionary(s => s.Key.ToString(), s => s.Value), Attempts = store.Attempts,
            MaxAttemptsOfARow = store.MaxAttempts, LoadAverage = $"{loadAtStart ?? "?"} -> {LoadNow() ?? "?"}",
            NotSentReasons = store.NotSentReasons,
            PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64, TimedOut = timedOut,
            RenderMeanMs = rendered == 0 ? null : renders.Sum(p => p.Total.TotalMilliseconds) / rendered,
            RenderMaxMs = rendered == 0 ? null : renders.Max(p => p.Max.TotalMilliseconds),
            SqlPerDelivery = sql?.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => new SqlUse(
                Math.Round((double)k.Value.Count / options.Prompts, 2), Math.Round(k.Value.Total.TotalMilliseconds / options.Prompts, 3))),
            Settings = options.Settings.ToDictionary(s => s.Key, s => s.Value),
            Content = options.StaticContent ? "static (diagnostic)" : "okr",
            Machine = MachineDescription(), Failures = failures,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Read by people and scripts, not embedded in HTML: "->" stays "->".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public string ToTable()
    {
        var rows = new List<(string, string)>
        {
            ("messages accepted", $"{Accepted:N0} of {Prompts:N0} prompts ({Nodes} node{(Nodes == 1 ? "" : "s")})"),
            ("elapsed", $"{ElapsedSeconds:0.0} s (nodes started -> last row final)"),
            ("send span", $"{SendSpanSeconds:0.0} s (first -> last accepted)"),
            ("achieved rate", $"{AchievedRate:0.00} msg/s"),
            ("fraction of limit", FractionOfLimit is { } f ? $"{f:0.000} (limit {Limit}/s, goal >= {BenchOptions.RequiredFraction})" : "n/a (unthrottled)"),
            ("peak in any 1 s", $"{PeakOneSecond}"),
            ("429s received", Throttled429 == 0 ? "0"
                : $"{Throttled429:N0} (came too early by median {Throttled429EarlyMedianMs:0.0} ms, max {Throttled429EarlyMaxMs:0.0} ms)"),
            ("lost", $"{Lost}"),
            ("duplicated", $"{Duplicated}"),
            ("long gaps", $"{LongGaps:N0} gaps > 2 intervals, {LongGapSeconds:0.0} s beyond one interval each"),
            ("rows", string.Join(", ", RowsByState.Where(s => s.Value > 0).Select(s => $"{s.Key} {s.Value:N0}")) + $"; attempts {Attempts:N0} (at most {MaxAttemptsOfARow} for one row)"),
            ("load average", $"{LoadAverage} (1 min, start -> end; {Environment.ProcessorCount} cores)"),
            ("peak working set", $"{PeakWorkingSetBytes / (1024.0 * 1024):0} MiB (this process: nodes + fake connector)"),
        };
        if (Content != "okr") rows.Add(("content", Content));
        if (Settings.Count > 0) rows.Add(("settings", string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))));
        if (RenderMeanMs is { } mean) rows.Add(("content render", $"mean {mean:0.00} ms, max {RenderMaxMs:0.0} ms per delivery"));
        foreach (var (kind, use) in SqlPerDelivery ?? new Dictionary<string, SqlUse>())
            rows.Add(($"sql: {kind}", $"{use.Commands:0.0} commands, {use.Milliseconds:0.00} ms per prompt"));

        if (References is { } references)
        {
            rows.Add(($"vs botbuilder", $"{Accepted:N0} cards each, {Concurrency} in flight, unlimited connector; msg/s at the connector:"));
            rows.Add(("  OkrBot dispatcher", $"{AchievedRate,8:0} msg/s  (claims rows, reads each person's KRs, renders, records each outcome)"));
            foreach (var r in references)
                rows.Add(($"  {r.Name}", $"{r.Rate,8:0} msg/s  ({r.What}; {r.Accepted:N0} accepted, {r.Lost} lost, {r.Duplicated} duplicated)"));
            if (BotbuilderMultiple is { } m) rows.Add(("  OkrBot / botbuilder", $"{m:0.00}x (goal >= {BenchOptions.BotbuilderMultipleGoal:0}x)"));
        }

        var width = rows.Max(r => r.Item1.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in rows) text.Append(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {value}\n");
        foreach (var reason in NotSentReasons) text.Append(CultureInfo.InvariantCulture, $"  not sent: {reason}\n");
        text.Append(Passed ? "PASS\n" : "FAIL\n");
        foreach (var failure in Failures) text.Append(CultureInfo.InvariantCulture, $"  - {failure}\n");
        return text.ToString();
    }

    /// <summary>The 1-minute load average (Linux), or null.</summary>
    public static string? LoadNow() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ', 2)[0] : null;

    private static string MachineDescription()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{Environment.ProcessorCount} cores, {model ?? "unknown CPU"}, {memory:0.0} GiB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
