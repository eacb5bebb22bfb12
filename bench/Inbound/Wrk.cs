using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OkrBot.Bench.Inbound;

/// <summary>What wrk measured in one run (its Lua script's JSON line); latencies in microseconds.</summary>
public sealed record WrkResult(
    long Requests, long DurationUs, long Bytes, long ConnectErrors, long ReadErrors, long WriteErrors, long StatusErrors, long Timeouts,
    long P50Us, long P90Us, long P99Us, long MaxUs, double MeanUs)
{
    public double RequestsPerSecond => DurationUs > 0 ? Requests * 1e6 / DurationUs : 0;

    /// <summary>Non-2xx answers, broken connections and timeouts.</summary>
    public long Errors => ConnectErrors + ReadErrors + WriteErrors + StatusErrors + Timeouts;
}

/// <summary>Runs Debian's wrk with <c>inbound.lua</c>: one thread (one core), N connections, a fixed duration.</summary>
public static class Wrk
{
    public static async Task<WrkResult> RunAsync(string url, int connections, int seconds, string bodiesFile, string? tokenFile, int? core)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "inbound.lua");
        string[] args =
        [
            "-t", "1", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "--timeout", "10s",
            "-s", script, url, "--", bodiesFile, tokenFile ?? "",
        ];
        var start = core is { } c
            ? new ProcessStartInfo("taskset", ["-c", c.ToString(CultureInfo.InvariantCulture), "wrk", .. args])
            : new ProcessStartInfo("wrk", args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK-RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}):\n{output}\n{await stderr}");
        return JsonSerializer.Deserialize<WrkResult>(line["WRK-RESULT ".Length..], new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidOperationException("wrk printed no result.");
    }
}
