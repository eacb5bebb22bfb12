using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OkrBot.Bench.Inbound;

/// <summary>One server at one connection count: the medians of its runs.</summary>
/// <param name="RequestsPerSecond">Median over the runs.</param>
/// <param name="P50Ms">Median of the runs' p50.</param>
/// <param name="P99Ms">Median of the runs' p99.</param>
/// <param name="Errors">Non-2xx answers, broken connections and timeouts, all runs together.</param>
/// <param name="RepliesPerRequest">Activities the connector accepted per request wrk completed, all runs together (1.00: every request answered).</param>
/// <param name="CheckInsPerRequest">OkrBot: check-in rows written per request (3.00: three KRs recorded every time).</param>
/// <param name="ServerCpuMsPerRequest">CPU time of the server process per request, all runs together: what a request costs,
/// whatever else shares the core (a number that holds on a busy machine where requests per second do not).</param>
/// <param name="DatabaseCpuMsPerRequest">CPU time of PostgreSQL per request.</param>
public sealed record Row(
    string Target, int Connections, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, double RepliesPerRequest,
    double? CheckInsPerRequest, double ServerCpuMsPerRequest, double DatabaseCpuMsPerRequest, double? ServerCoreBusy, double? LoadCoreBusy, IReadOnlyList<double> RunsRequestsPerSecond);

/// <summary>A ratio the issue sets a goal for.</summary>
public sealed record Ratio(string Name, int Connections, double Value, double Goal, bool AtLeast)
{
    public bool Met => AtLeast ? Value >= Goal : Value < Goal;
}

/// <summary>The whole result: rows, peak memory, ratios and goals, the machine.</summary>
public sealed record InboundReport
{
    public required string Machine { get; init; }
    public required string Placement { get; init; }
    public required string LoadAverage { get; init; }
    public required int Runs { get; init; }
    public required int DurationSeconds { get; init; }
    public required int WarmupSeconds { get; init; }
    public required int People { get; init; }
    /// <summary>OkrBot settings given with --set (diagnostics).</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }
    public required IReadOnlyList<Row> Rows { get; init; }
    public required IReadOnlyDictionary<string, double?> PeakMemoryMiB { get; init; }
    public required IReadOnlyDictionary<string, int> WarningLines { get; init; }
    public required IReadOnlyList<Ratio> Ratios { get; init; }
    public required IReadOnlyList<RunMeasure> Measures { get; init; }
    public required ConnectorCounts Connector { get; init; }
    public required IReadOnlyList<string> Failures { get; init; }
    /// <summary>Why a number cannot be trusted (errors, unanswered requests, a saturated load core); not goals.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    public bool Passed => Failures.Count == 0;

    public static InboundReport From(InboundOptions options, IReadOnlyList<RunMeasure> measures, IReadOnlyList<ServerSummary> servers,
        ConnectorCounts connector, string? loadAtStart)
    {
        var rows = new List<Row>();
        foreach (var target in options.Targets)
        foreach (var connections in options.Connections)
        {
            var runs = measures.Where(m => m.Target == target && m.Connections == connections).ToList();
            if (runs.Count == 0) continue;
            var requests = runs.Sum(r => r.Wrk.Requests);
            rows.Add(new Row(target, connections,
                Median(runs.Select(r => r.Wrk.RequestsPerSecond)),
                Median(runs.Select(r => r.Wrk.P50Us / 1000.0)),
                Median(runs.Select(r => r.Wrk.P99Us / 1000.0)),
                runs.Sum(r => r.Wrk.Errors),
                requests == 0 ? 0 : (double)runs.Sum(r => r.Connector.Activities) / requests,
                target == Target.OkrBot && requests > 0 ? (double)runs.Sum(r => r.CheckInWrites ?? 0) / requests : null,
                requests == 0 ? 0 : runs.Sum(r => r.ServerCpuMs) / requests,
                requests == 0 ? 0 : runs.Sum(r => r.DatabaseCpuMs) / requests,
                MedianOrNull(runs.Select(r => r.ServerCoreBusy)),
                MedianOrNull(runs.Select(r => r.LoadCoreBusy)),
                [.. runs.Select(r => Math.Round(r.Wrk.RequestsPerSecond, 1))]));
        }

        Row? Find(string target, int connections) => rows.FirstOrDefault(r => r.Target == target && r.Connections == connections);
        var ratios = new List<Ratio>();
        foreach (var connections in options.Connections)
        {
            if (Find(Target.OkrBot, connections) is not { } okr) continue;
            if (Find(Target.Peer, connections) is { RequestsPerSecond: > 0 } peer)
                ratios.Add(new Ratio("OkrBot / peer throughput", connections, okr.RequestsPerSecond / peer.RequestsPerSecond, InboundOptions.PeerMultipleGoal, true));
            if (Find(Target.Ceiling, connections) is { RequestsPerSecond: > 0 } ceiling)
                ratios.Add(new Ratio("OkrBot / ceiling throughput", connections, okr.RequestsPerSecond / ceiling.RequestsPerSecond, InboundOptions.CeilingFractionGoal, true));
            if (connections == InboundOptions.P99GoalConnections)
                ratios.Add(new Ratio("OkrBot p99 (ms)", connections, okr.P99Ms, InboundOptions.P99GoalMs, false));
        }

        var failures = ratios.Where(r => !r.Met).Select(r => r.AtLeast
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Name} at {r.Connections} connections is {r.Value:0.00}, below the goal of {r.Goal:0.##} (missed by {(1 - r.Value / r.Goal):P0})")
            : string.Create(CultureInfo.InvariantCulture, $"{r.Name} at {r.Connections} connections is {r.Value:0.0}, above the goal of {r.Goal:0} ms ({r.Value / r.Goal:0.0}x)")).ToList();

        var warnings = new List<string>();
        foreach (var row in rows)
        {
            if (row.Errors > 0) warnings.Add($"{row.Target} at {row.Connections} connections: {row.Errors:N0} errors (non-2xx, broken connections or timeouts)");
            if (row.RepliesPerRequest < 0.99) warnings.Add($"{row.Target} at {row.Connections} connections: only {row.RepliesPerRequest:0.00} replies reached the connector per request");
            if (row.CheckInsPerRequest is < 2.97) warnings.Add($"{row.Target} at {row.Connections} connections: only {row.CheckInsPerRequest:0.00} check-ins written per request (3 expected)");
            if (row.LoadCoreBusy is > 0.95) warnings.Add($"{row.Target} at {row.Connections} connections: the load core was {row.LoadCoreBusy:P0} busy, so the load generator or the fake connector may have limited this number");
        }
        foreach (var server in servers.Where(s => s.WarningLines > 0))
            warnings.Add($"{server.Target} wrote {server.WarningLines} warning/error line(s): {server.LogFile}");
        if (connector.Unauthorized > 0 || connector.Malformed > 0)
            warnings.Add($"the connector refused {connector.Unauthorized} request(s) with a wrong token and {connector.Malformed} that were not message activities");

        return new InboundReport
        {
            Machine = MachineDescription(),
            Placement = options.Pin
                ? $"server on core {options.ServerCore}; wrk, fake connector and issuer on core {options.LoadCore}; PostgreSQL on core {(options.DatabaseOnLoadCore ? options.LoadCore : options.ServerCore)}"
                : "nothing pinned",
            LoadAverage = $"{loadAtStart ?? "?"} -> {LoadNow() ?? "?"}",
            Runs = options.Runs, DurationSeconds = options.DurationSeconds, WarmupSeconds = options.WarmupSeconds, People = options.People,
            Rows = rows, Settings = options.Settings.ToDictionary(s => s.Key, s => s.Value),
            PeakMemoryMiB = servers.ToDictionary(s => s.Target, s => s.PeakResidentBytes is { } b ? Math.Round(b / (1024.0 * 1024), 1) : (double?)null),
            WarningLines = servers.ToDictionary(s => s.Target, s => s.WarningLines),
            Ratios = ratios, Measures = measures, Connector = connector, Failures = failures, Warnings = warnings,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });

    public string ToTable()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"Inbound check-ins: POST /api/messages (Teams message, check-in card submit, 3 KRs), {People:N0} people in turn\n");
        text.Append(c, $"median of {Runs} run(s) of {DurationSeconds} s after {WarmupSeconds} s warm-up; wrk 1 thread\n");
        text.Append(c, $"machine: {Machine}\n");
        text.Append(c, $"placement: {Placement}; load average {LoadAverage}\n");
        if (Settings.Count > 0) text.Append(c, $"OkrBot settings (diagnostic): {string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))}\n");
        text.Append('\n');

        string[] header = ["server", "conns", "req/s", "p50 ms", "p99 ms", "errors", "replies/req", "check-ins/req", "CPU ms/req", "db CPU ms/req", "server core", "load core", "peak RSS MiB"];
        var table = new List<string[]> { header };
        foreach (var row in Rows)
        {
            table.Add(
            [
                row.Target, row.Connections.ToString(c), row.RequestsPerSecond.ToString("N0", c), row.P50Ms.ToString("0.0", c),
                row.P99Ms.ToString("0.0", c), row.Errors.ToString("N0", c), row.RepliesPerRequest.ToString("0.00", c),
                row.CheckInsPerRequest?.ToString("0.00", c) ?? "-", row.ServerCpuMsPerRequest.ToString("0.00", c),
                row.Target == Target.OkrBot ? row.DatabaseCpuMsPerRequest.ToString("0.00", c) : "-", Percent(row.ServerCoreBusy), Percent(row.LoadCoreBusy),
                PeakMemoryMiB.GetValueOrDefault(row.Target)?.ToString("0", c) ?? "?",
            ]);
        }
        var widths = Enumerable.Range(0, header.Length).Select(i => table.Max(r => r[i].Length)).ToArray();
        foreach (var row in table)
            text.Append("  ").Append(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])))).Append('\n');

        if (Ratios.Count > 0) text.Append('\n');
        foreach (var ratio in Ratios)
        {
            var goal = ratio.AtLeast ? $">= {ratio.Goal.ToString("0.##", c)}" : $"< {ratio.Goal.ToString("0", c)}";
            text.Append(c, $"  {ratio.Name,-28} {ratio.Connections,3} conns  {ratio.Value,8:0.00}  goal {goal,-7} {(ratio.Met ? "met" : "MISSED")}\n");
        }
        foreach (var warning in Warnings) text.Append(c, $"  ! {warning}\n");
        text.Append(Passed ? "PASS\n" : "FAIL\n");
        foreach (var failure in Failures) text.Append(c, $"  - {failure}\n");
        return text.ToString();
    }

    public static string? LoadNow() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ', 2)[0] : null;

    private static string Percent(double? busy) => busy is { } b ? b.ToString("P0", CultureInfo.InvariantCulture) : "-";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double? MedianOrNull(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : Median(known);
    }

    private static string MachineDescription()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
                ? long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / (1024.0 * 1024)
                : 0
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var cores = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal)) : Environment.ProcessorCount;
        return string.Create(CultureInfo.InvariantCulture,
            $"nproc {cores}, {model ?? "unknown CPU"}, {memory:0.0} GiB, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    }
}
