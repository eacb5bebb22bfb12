using System.Diagnostics;
using System.Text.Json;

namespace OkrBot.Bench.Scale;

/// <summary>
/// The cluster, the organisations (generated or reused), and one worker process per measurement: each measurement starts
/// in a fresh process, so its peak memory (VmHWM) is its own and not the generator's.
/// </summary>
internal static class ScaleRun
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Read by people and scripts, not embedded in HTML: "->" stays "->".
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(ScaleOptions options)
    {
        var say = options.Json ? Console.Error : Console.Out;
        var cluster = await BenchCluster.StartAsync(options.Data);
        var generated = new Dictionary<int, double>();
        foreach (var people in options.People.Distinct().Order())
        {
            var (made, took) = await cluster.EnsureAsync(people, options.Fresh, say);
            if (made) generated[people] = took.TotalSeconds;
        }

        if (options.Command == "digests")
        {
            var results = new List<DigestResult>();
            foreach (var people in options.People.Distinct().Order())
            {
                say.WriteLine($"Digests of every manager of {people:N0} people, {options.Page} managers a page");
                results.Add(await WorkerAsync<DigestResult>(options, cluster, people));
            }

            var report = new DigestReport(results, generated, Machine.Description());
            Console.WriteLine(options.Json ? JsonSerializer.Serialize(report, Json) : report.ToTable(options.Explain));
            return report.Failures.Count == 0 ? 0 : 1;
        }

        var planned = new List<PlanningResult>();
        foreach (var people in options.People.Distinct().Order())
        {
            say.WriteLine($"Planning the Friday prompts of {people:N0} people across {OrgShape.Zones.Count} time zones");
            planned.Add(await WorkerAsync<PlanningResult>(options, cluster, people));
        }

        var planning = new PlanningReport(planned, generated, Machine.Description());
        Console.WriteLine(options.Json ? JsonSerializer.Serialize(planning, Json) : planning.ToTable(options.FullPlans));
        return planning.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>In the worker process: one measurement, its result as JSON on stdout.</summary>
    public static async Task<int> WorkAsync(ScaleOptions options)
    {
        var people = options.People[0];
        object result = options.Command == "worker digests"
            ? await DigestRun.RunAsync(options.Connection!, people, options.Page, options.Explain, Console.Error)
            : await PlanningRun.RunAsync(options.Connection!, people, options.Quick, Console.Error);
        Console.WriteLine(JsonSerializer.Serialize(result, result.GetType(), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return 0;
    }

    private static async Task<T> WorkerAsync<T>(ScaleOptions options, BenchCluster cluster, int people)
    {
        var self = typeof(ScaleRun).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        List<string> args = [.. Path.GetFileNameWithoutExtension(host) == "dotnet" ? [self] : Array.Empty<string>(),
            "worker", options.Command, "--people", people.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--page", options.Page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--connection", cluster.ConnectionStringFor(BenchCluster.DatabaseFor(people), $"okrbot-bench-{options.Command}")];
        if (options.Explain) args.Add("--explain");
        if (options.Quick) args.Add("--quick");
        var start = new ProcessStartInfo(host, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("The worker process did not start.");
        var errors = Task.Run(async () =>
        {
            // Progress lines, passed through as they come.
            var progress = options.Json ? Console.Error : Console.Out;
            while (await worker.StandardError.ReadLineAsync() is { } line) progress.WriteLine(line);
        });
        var output = await worker.StandardOutput.ReadToEndAsync();
        await worker.WaitForExitAsync();
        await errors;
        if (worker.ExitCode != 0) throw new InvalidOperationException($"The worker for {people:N0} people failed (exit {worker.ExitCode}).");
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<T>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidOperationException("The worker printed no result.");
    }
}
