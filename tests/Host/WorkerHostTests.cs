using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Hosting;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Rhythm;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Host;

/// <summary>How the tests run a worker node: its settings on the command line, a fake Bot Connector and a clock added to its host.</summary>
public static class WorkerNodeSetup
{
    /// <summary>A node on <paramref name="store"/> with an app id (tokens and sends go to the fake connector), firing every second.</summary>
    public static string[] Settings(TestStore store, params string[] more) =>
    [
        "--Storage:Provider=Postgres", $"--Storage:ConnectionString={store.Options.ConnectionString}",
        $"--Teams:AppId={ConnectorHarness.AppId}", $"--Teams:AppSecret={ConnectorHarness.Secret}",
        "--Rhythm:Interval=00:00:01", "--Rhythm:ClusterCheckInInterval=00:00:01",
        "--Delivery:Dispatcher:PollInterval=00:00:00.250",
        .. more,
    ];

    /// <summary>The node's clock and the HTTP client of its Teams connector, replaced.</summary>
    public static Action<IServiceCollection> Fakes(FakeConnector fake, TimeProvider clock, Action<IServiceCollection>? more = null) => services =>
    {
        services.AddSingleton(clock);
        services.AddKeyedSingleton(TeamsConnectorServiceCollectionExtensions.HttpClientKey, fake.CreateHttpClient());
        more?.Invoke(services);
    };
}

/// <summary>The worker node (jobs/Program.cs) run in this process on a throwaway PostgreSQL database, with a fake Bot Connector.</summary>
public sealed class WorkerHostOnPostgres
{
    [Fact]
    public async Task The_worker_node_migrates_an_empty_store_plans_and_sends_a_due_prompt_and_stops_cleanly()
    {
        await using var store = await TestStore.CreateAsync(DatabaseProvider.Postgres, new FakeClock(DueForPrompt.Now), migrated: false);
        await using var fake = await FakeConnector.StartAsync();

        await using var worker = await InProcessWorker.StartAsync(WorkerNodeSetup.Settings(store),
            WorkerNodeSetup.Fakes(fake, new ShiftedClock(DueForPrompt.Now)));

        // Started means prepared: the empty database has the whole schema.
        await using (var db = store.Database.Open()) Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var start = Assert.Single(worker.Logs.Entries, e => e.Category == typeof(WorkerNodeAnnouncement).FullName);
        Assert.Contains("worker node", start.Message);
        Assert.Contains($"Postgres 127.0.0.1:{new Npgsql.NpgsqlConnectionStringBuilder(store.Options.ConnectionString).Port}/", start.Message);
        Assert.Contains("Rhythm planner: on", start.Message);
        Assert.Contains("Delivery dispatcher: on", start.Message);

        // Someone due their Friday prompt: the planner (fired by Quartz) plans it, the dispatcher sends it.
        var org = await Org.CreateAsync(store);
        var ana = Assert.Single(await DueForPrompt.SeedAsync(store, org, 1, "Ana"));
        await Poll.UntilAsync(async () => (await RowsAsync(store)).Any(r => r.State == DeliveryState.Sent),
            "the prompt to be sent", () => worker.Logs.AllText);

        var row = Assert.Single(await RowsAsync(store));
        Assert.Equal((ana.Id, DeliveryKind.CheckInPrompt, DueForPrompt.Week, DeliveryState.Sent), (row.PersonId, row.Kind, row.PeriodKey, row.State));
        var send = Assert.Single(fake.ConnectorRequests, r => r.Route == FakeRoute.SendToConversation);
        Assert.Equal(DeliveryWorld.ConversationOf(ana), send.ConversationId);

        // No HTTP endpoint: no server in the host, and the worker's assembly does not even reference ASP.NET Core.
        Assert.Null(worker.Services.GetService<IServer>());
        Assert.DoesNotContain(typeof(WorkerNode).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

        Assert.Equal(0, await worker.StopAsync());
        Assert.Contains(worker.Logs.Entries, e => e.Message.StartsWith("Delivery dispatcher", StringComparison.Ordinal) && e.Message.EndsWith("stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(worker.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    private static async Task<IReadOnlyList<Core.Model.Delivery>> RowsAsync(TestStore store)
    {
        await using var db = store.Database.Open();
        return await db.Deliveries.ToListAsync();
    }
}

/// <summary>
/// The worker node as it runs for real: <c>dotnet OkrBot.Jobs.dll</c>, the build the tests reference (the SDK copies a
/// referenced executable's runtimeconfig and deps next to the tests), in a directory of its own.
/// </summary>
public sealed class WorkerProcessTests
{
    private const string SomePostgres = "--Storage:ConnectionString=Host=127.0.0.1;Port=1;Database=okrbot;Username=okrbot";

    public static TheoryData<string[], string> BadSettings => new()
    {
        { [], "Worker:AllowSqlite=true" },
        { ["--Storage:Provider=Postgres"], "Storage:ConnectionString is empty" },
        { ["--Storage:Provider=Oracle"], "'Storage:Provider'" },
        { ["--Storage:Provider=Postgres", "--Storage:ConnectionString=Host=db;Password=s3cr3t;s3cr3t-part=2"], "not a PostgreSQL connection string" },
        { ["--Storage:Provider=Postgres", SomePostgres, "--Rhythm:Interval=00:00:00.500"], "Rhythm: Interval must be 1 s to 1 h" },
        { ["--Storage:Provider=Postgres", SomePostgres, "--Rhythm:Interval=soon"], "'Rhythm:Interval'" },
        { ["--Storage:Provider=Postgres", SomePostgres, "--Teams:AppId=some-app"], "Teams:AppSecret is empty" },
        { ["--Storage:Provider=Postgres", SomePostgres, "--Delivery:MaxAttempts=0"], "Delivery:MaxAttempts" },
        { ["--Storage:Provider=Postgres", SomePostgres, "--Rhythm:Enabled=false", "--Delivery:Dispatcher:Enabled=false"], "nothing to do" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_ends_the_worker_with_one_line_naming_it_and_a_nonzero_exit_code(string[] settings, string named)
    {
        using var directory = new TempDirectory();

        var (exitCode, output) = await ChildProcess.RunAsync(ChildProcess.DotnetHost(), [WorkerDll(), "--Teams:AppId=", .. settings],
            directory.Path, "The worker runs on the .NET host (dotnet) that runs the tests.", TimeSpan.FromSeconds(60));

        Assert.Equal(ConfigurationErrors.ExitCode, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("OkrBot worker node: ", line);
        Assert.Contains(named, line);
        Assert.DoesNotContain("s3cr3t", line);
    }

    /// <remarks>Linux, as the test PostgreSQL server is: sockets are read from /proc.</remarks>
    [Fact]
    public async Task The_worker_process_listens_on_no_port_and_stops_cleanly_on_sigterm()
    {
        await using var store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
        using var directory = new TempDirectory();
        await using var worker = ChildProcess.Start(ChildProcess.DotnetHost(), [WorkerDll(), .. WorkerNodeSetup.Settings(store, "--Teams:AppId=")],
            directory.Path, "The worker runs on the .NET host (dotnet) that runs the tests.");

        await Poll.UntilAsync(() => worker.HasExited || (worker.Output.Contains("Rhythm scheduler", StringComparison.Ordinal)
                && worker.Output.Contains("Delivery dispatcher", StringComparison.Ordinal)),
            "the scheduler and the dispatcher to start", () => worker.Output);
        Assert.False(worker.HasExited, worker.Output);
        Assert.Contains("OkrBot worker node starting, with no HTTP endpoint", worker.Output);

        Assert.Empty(ListeningTcpPorts(worker.Id));
        Assert.Equal(0, Kill(worker.Id, Sigterm));
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Application is shutting down", worker.Output);
        Assert.DoesNotContain("Unhandled exception", worker.Output);
    }

    private const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string WorkerDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OkrBot.Jobs.dll");
        Assert.True(File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")),
            $"{dll} and its runtimeconfig are not next to the tests: build the solution (dotnet build OkrBot.sln).");
        return dll;
    }

    /// <summary>The TCP ports process <paramref name="pid"/> listens on: its socket inodes (/proc/pid/fd) in LISTEN state in /proc/net/tcp(6).</summary>
    private static IReadOnlyList<int> ListeningTcpPorts(int pid)
    {
        var sockets = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target?.StartsWith("socket:[", StringComparison.Ordinal) == true)
            .Select(target => target!["socket:[".Length..^1])
            .ToHashSet();
        const string Listen = "0A";
        return [.. new[] { "tcp", "tcp6" }
            .Select(table => $"/proc/{pid}/net/{table}")
            .Where(File.Exists)
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == Listen && sockets.Contains(f[9]))
            .Select(f => Convert.ToInt32(f[1].Split(':')[1], 16))];
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("okrbot-worker-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { /* the OS cleans /tmp */ }
        }
    }
}
