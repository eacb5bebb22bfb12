using System.Diagnostics;
using System.Globalization;

namespace OkrBot.Bench.Inbound;

/// <summary>Linux process plumbing: core affinity through <c>taskset</c>, and what /proc says about processes and cores.</summary>
public static class Pinning
{
    /// <summary>Pins every thread of <paramref name="pid"/> to <paramref name="core"/>.</summary>
    public static void Pin(int pid, int core)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start taskset.");
        var error = taskset.StandardError.ReadToEnd();
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset could not pin process {pid} to core {core}: {error.Trim()}");
    }

    /// <summary>The cores <paramref name="pid"/> may run on, as taskset prints them ("0", "0,1", "0-1").</summary>
    public static string AffinityOf(int pid)
    {
        var status = $"/proc/{pid}/status";
        return File.Exists(status)
            ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
    }

    public static int? ParentOf(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return null;
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], CultureInfo.InvariantCulture);
    }

    public static IEnumerable<int> ChildrenOf(int pid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var candidate)) continue;
            int? parent;
            try { parent = ParentOf(candidate); }
            catch (IOException) { continue; } // gone meanwhile
            if (parent == pid) yield return candidate;
        }
    }

    /// <summary>
    /// CPU time the process has used (user + system), plus that of its children it has waited for when
    /// <paramref name="withChildren"/> (PostgreSQL's postmaster reaps its backends).
    /// </summary>
    public static TimeSpan? CpuTime(int pid, bool withChildren = false)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return null;
        string text;
        try { text = File.ReadAllText(stat); }
        catch (IOException) { return null; }
        // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (withChildren) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((double)ticks / ClockTicksPerSecond);
    }

    /// <summary>CPU time of a process and all its descendants that run now, and of those that ended and were reaped.</summary>
    public static TimeSpan TreeCpuTime(int pid)
    {
        var total = CpuTime(pid, withChildren: true) ?? TimeSpan.Zero;
        foreach (var child in ChildrenOf(pid)) total += TreeCpuTime(child);
        return total;
    }

    // USER_HZ: 100 on every Linux architecture .NET runs on (the kernel reports times in these units whatever its HZ).
    private const double ClockTicksPerSecond = 100;

    /// <summary>The most resident memory the process ever had (VmHWM), in bytes; null when it cannot be read.</summary>
    public static long? PeakResidentBytes(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Busy and total jiffies per core, from /proc/stat.</summary>
    public static IReadOnlyDictionary<int, (long Busy, long Total)> CoreTimes()
    {
        var times = new Dictionary<int, (long, long)>();
        if (!File.Exists("/proc/stat")) return times;
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsAsciiDigit(line[3])) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var core = int.Parse(fields[0][3..], CultureInfo.InvariantCulture);
            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + values[4]; // idle + iowait
            times[core] = (values.Sum() - idle, values.Sum());
        }
        return times;
    }

    /// <summary>How busy <paramref name="core"/> was between two readings of <see cref="CoreTimes"/>, 0 to 1; null if unknown.</summary>
    public static double? Busy(IReadOnlyDictionary<int, (long Busy, long Total)> before, IReadOnlyDictionary<int, (long Busy, long Total)> after, int core) =>
        before.TryGetValue(core, out var b) && after.TryGetValue(core, out var a) && a.Total > b.Total
            ? (double)(a.Busy - b.Busy) / (a.Total - b.Total)
            : null;
}
