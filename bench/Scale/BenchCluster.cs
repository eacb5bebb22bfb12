using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Bench.Scale;

/// <summary>
/// The benchmarks' PostgreSQL: a cluster kept in a directory between runs (the tests' server class, kept rather than
/// thrown away), one database per organisation size, generated on first use and reused while it still matches the
/// product's migrations and this generator (the database's comment says which ones made it).
/// </summary>
public sealed class BenchCluster
{
    /// <summary>
    /// Settings of a small production server rather than the test server's defaults: the shared buffers hold the week's
    /// working set of the largest organisation. Durability is off (fsync) as in the tests: nothing here measures commits.
    /// </summary>
    private static readonly string[] Settings = ["shared_buffers=1GB", "max_wal_size=4GB", "checkpoint_timeout=30min", "max_connections=100"];

    private readonly PostgresServer _server;

    private BenchCluster(PostgresServer server, string directory) => (_server, Directory) = (server, directory);

    public string Directory { get; }

    public static async Task<BenchCluster> StartAsync(string directory) =>
        new(await PostgresServer.StartKeptAsync(directory, Settings), directory);

    public string ConnectionStringFor(string database, string application) => new NpgsqlConnectionStringBuilder(_server.ConnectionStringFor(database))
    {
        ApplicationName = application, MaxPoolSize = 100, ConnectionIdleLifetime = 300, CommandTimeout = 600,
    }.ToString();

    public static string DatabaseFor(int people) => $"okr_scale_{people}";

    /// <summary>
    /// The database of an organisation of <paramref name="people"/>, generated now unless a matching one is there (or
    /// <paramref name="fresh"/> asks for a new one). Returns whether it was generated, and how long that took.
    /// </summary>
    public async Task<(bool Generated, TimeSpan Took)> EnsureAsync(int people, bool fresh, TextWriter log, CancellationToken ct = default)
    {
        var name = DatabaseFor(people);
        var stamp = await StampAsync(people);
        if (!fresh && await CommentOfAsync(name) == stamp)
        {
            log.WriteLine($"Reusing {name} ({people:N0} people) from {Directory}");
            return (false, TimeSpan.Zero);
        }

        log.WriteLine($"Generating {name}: {people:N0} people (kept in {Directory} for the next run)");
        var clock = Stopwatch.StartNew();
        await _server.DropDatabaseAsync(name);
        await _server.CreateDatabaseAsync(name);
        var cs = ConnectionStringFor(name, "okrbot-bench-generator");
        await new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cs }, TimeProvider.System).MigrateAsync(ct);
        await new OrgGenerator(new OrgShape(people), log).GenerateAsync(cs, ct);
        // Stamped last: a run cut short leaves no stamp, and the next run starts over.
        await ExecuteAsync("postgres", $"COMMENT ON DATABASE \"{name}\" IS '{stamp}'");
        NpgsqlConnection.ClearAllPools();
        log.WriteLine($"Generated {name} in {clock.Elapsed.TotalSeconds:0} s");
        return (true, clock.Elapsed);
    }

    /// <summary>What made a database: this generator's version, the size, and the product's latest migration.</summary>
    private static async Task<string> StampAsync(int people)
    {
        // The migrations compiled into the product, read without a server (the context needs none to list them).
        await using var db = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost" }, TimeProvider.System).Open();
        var latest = db.Database.GetMigrations().LastOrDefault() ?? "none";
        return string.Create(CultureInfo.InvariantCulture, $"okrbot-bench generator={OrgShape.GeneratorVersion} people={people} migration={latest}");
    }

    private async Task<string?> CommentOfAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres", "okrbot-bench"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionStringFor(database, "okrbot-bench")) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
