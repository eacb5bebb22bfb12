using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Delivery;
using OkrBot.Jobs.Rhythm;

namespace OkrBot.Jobs.Hosting;

/// <summary>The "Worker" configuration section: what only a worker node (<c>dotnet run --project jobs</c>) reads.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// Run on the SQLite store anyway, to try the worker out. Off by default: a worker node exists to scale out, and a SQLite
    /// file is one machine's store (docs/decisions/0011-worker-node.md).
    /// </summary>
    public bool AllowSqlite { get; set; }
}

/// <summary>What this worker node runs, on which store: read from configuration as the node is put together.</summary>
public sealed record WorkerNode(DatabaseProvider Provider, string Store, bool Planner, TimeSpan PlannerInterval, bool Dispatcher)
{
    public static WorkerNode From(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var rhythm = configuration.GetSection(RhythmOptions.Section).Get<RhythmOptions>() ?? new RhythmOptions();
        var dispatcher = configuration.GetValue(DispatcherOptions.Section + ":" + nameof(DispatcherOptions.Enabled), true);
        return new WorkerNode(storage.Provider, StoreName(storage), rhythm.Enabled, rhythm.Interval, dispatcher);
    }

    /// <summary>Why this node cannot run, one sentence each (none when it can).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var worker = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        var node = From(configuration);
        var problems = new List<string>();
        if (storage.Provider == DatabaseProvider.Sqlite && !worker.AllowSqlite)
            problems.Add("A worker node shares its store with the bot and the other nodes, and a SQLite file cannot be shared between machines: " +
                         "set Storage:Provider=Postgres and Storage:ConnectionString. To try the worker on SQLite anyway, set Worker:AllowSqlite=true.");
        if (storage.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(storage.ConnectionString))
            problems.Add("Storage:Provider is Postgres but Storage:ConnectionString is empty.");
        else if (storage.Provider == DatabaseProvider.Postgres && !IsReadable(storage.ConnectionString))
            // Npgsql's own reason is left out: it can quote a piece of the string, which may be a piece of the password.
            problems.Add("Storage:ConnectionString is not a PostgreSQL connection string (Key=Value pairs separated by ';', e.g. Host=db;Database=okrbot;Username=okrbot).");
        if (!node.Planner && !node.Dispatcher)
            problems.Add("Rhythm:Enabled and Delivery:Dispatcher:Enabled are both false: a worker node with neither the planner nor the dispatcher has nothing to do.");
        return problems;
    }

    /// <summary>Where the store is, without user or password: host, port and database, or the SQLite file.</summary>
    private static string StoreName(StorageOptions storage)
    {
        if (storage.Provider == DatabaseProvider.Sqlite)
            return new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(storage.ConnectionString)
                ? StorageOptions.DefaultSqliteConnectionString : storage.ConnectionString).DataSource;
        if (!IsReadable(storage.ConnectionString)) return "(unreadable connection string)";
        var cs = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
        return $"{cs.Host}:{cs.Port}/{cs.Database}";
    }

    private static bool IsReadable(string? connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString ?? "");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public static class WorkerNodeServiceCollectionExtensions
{
    /// <summary>
    /// What makes the jobs a worker node of their own: refuses, before anything else is registered, a configuration a worker
    /// cannot run with (SQLite unless Worker:AllowSqlite, a PostgreSQL connection string that is missing or does not parse,
    /// neither the planner nor the dispatcher on) with an <see cref="OptionsValidationException"/>; then logs one line as the
    /// host starts saying what runs on which store. Register it first.
    /// </summary>
    public static IServiceCollection AddWorkerNode(this IServiceCollection services, IConfiguration configuration)
    {
        if (WorkerNode.Problems(configuration) is { Count: > 0 } problems)
            throw new OptionsValidationException(WorkerOptions.Section, typeof(WorkerOptions), problems);
        var node = WorkerNode.From(configuration);
        services.AddHostedService(sp => new WorkerNodeAnnouncement(node, sp.GetRequiredService<ILogger<WorkerNodeAnnouncement>>()));
        return services;
    }
}

/// <summary>The worker node's first log line: that it is a worker (no HTTP endpoint), on which store, and what runs here.</summary>
public sealed partial class WorkerNodeAnnouncement(WorkerNode node, ILogger<WorkerNodeAnnouncement> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var planner = !node.Planner ? "off (Rhythm:Enabled=false)"
            : node.Provider == DatabaseProvider.Postgres ? $"on, every {node.PlannerInterval}, clustered with the other nodes on the store"
            : $"on, every {node.PlannerInterval}, in this process only";
        var dispatcher = node.Dispatcher ? "on" : "off (Delivery:Dispatcher:Enabled=false)";
        LogStarting(node.Provider, node.Store, planner, dispatcher);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information,
        "OkrBot worker node starting, with no HTTP endpoint. Store: {Provider} {Store}. Rhythm planner: {Planner}. Delivery dispatcher: {Dispatcher}")]
    private partial void LogStarting(DatabaseProvider provider, string store, string planner, string dispatcher);
}
