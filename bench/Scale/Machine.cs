using System.Globalization;
using System.Runtime.InteropServices;

namespace OkrBot.Bench.Scale;

/// <summary>What the numbers were measured on, and how busy it was.</summary>
public static class Machine
{
    public static string Description()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(CultureInfo.InvariantCulture,
            $"nproc {Environment.ProcessorCount}, {model ?? "unknown CPU"}, {memory:0.0} GiB, {RuntimeInformation.FrameworkDescription}");
    }

    /// <summary>The 1-minute load average (Linux), or "?".</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ', 2)[0] : "?";

    /// <summary>This process's peak resident set (VmHWM), in bytes; its peak working set where /proc is missing.</summary>
    public static long PeakResidentBytes()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var kb, "kB"]
            ? long.Parse(kb, CultureInfo.InvariantCulture) * 1024
            : System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

/// <summary>A clock standing still at the generated organisation's "now" (the product takes its time from a TimeProvider).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
