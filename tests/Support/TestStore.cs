using Microsoft.Data.Sqlite;
using Npgsql;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Tests.Support;

/// <summary>
/// A fresh, migrated, empty store for one test: a new PostgreSQL database copied from a migrated template on the
/// run's throwaway server, or a new SQLite file copied from a migrated template file. Dropped on dispose.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _postgresTemplate;
    private static string? _sqliteTemplate;

    private readonly Func<Task> _drop;

    private TestStore(DatabaseProvider provider, StorageOptions options, FakeClock clock, Func<Task> drop)
    {
        Provider = provider;
        Options = options;
        Clock = clock;
        Database = new OkrDatabase(options, clock);
        _drop = drop;
    }

    public DatabaseProvider Provider { get; }
    public StorageOptions Options { get; }
    public FakeClock Clock { get; }
    public OkrDatabase Database { get; }

    /// <summary>A Wednesday in the middle of a quarter, so "this week" and "this cycle" are unambiguous.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    /// <param name="migrated">False for an empty database (PostgreSQL) or no file yet (SQLite), for whatever is to migrate it.</param>
    public static async Task<TestStore> CreateAsync(DatabaseProvider provider, FakeClock? clock = null, bool migrated = true)
    {
        clock ??= new FakeClock(DefaultNow);
        var name = "t_" + Guid.NewGuid().ToString("N");
        if (provider == DatabaseProvider.Postgres)
        {
            var server = await PostgresServer.StartSharedAsync();
            await server.CreateDatabaseAsync(name, migrated ? await PostgresTemplateAsync(server) : null);
            var options = new StorageOptions { Provider = provider, ConnectionString = server.ConnectionStringFor(name) };
            return new TestStore(provider, options, clock, async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await server.DropDatabaseAsync(name);
            });
        }

        var file = Path.Combine(Path.GetTempPath(), name + ".db");
        if (migrated) File.Copy(await SqliteTemplateAsync(), file);
        var sqlite = new StorageOptions { Provider = provider, ConnectionString = $"Data Source={file}" };
        return new TestStore(provider, sqlite, clock, () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// A fresh, migrated store on <paramref name="server"/> (a dedicated server a test stops and starts), instead of the run's
    /// shared one. Dropped on dispose, if the server is up.
    /// </summary>
    public static async Task<TestStore> CreateOnAsync(PostgresServer server, FakeClock? clock = null)
    {
        clock ??= new FakeClock(DefaultNow);
        var name = "t_" + Guid.NewGuid().ToString("N");
        await server.CreateDatabaseAsync(name);
        var options = new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = server.ConnectionStringFor(name) };
        await new OkrDatabase(options, TimeProvider.System).MigrateAsync();
        return new TestStore(DatabaseProvider.Postgres, options, clock, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(name);
        });
    }

    public ValueTask DisposeAsync() => new(_drop());

    private static async Task<string> PostgresTemplateAsync(PostgresServer server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_postgresTemplate is not null) return _postgresTemplate;
            const string template = "okr_template";
            await server.DropDatabaseAsync(template);
            await server.CreateDatabaseAsync(template);
            // No pooling: a template with an idle pooled connection cannot be copied.
            var cs = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor(template)) { Pooling = false }.ToString();
            await new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cs }, TimeProvider.System).MigrateAsync();
            return _postgresTemplate = template;
        }
        finally { TemplateLock.Release(); }
    }

    private static async Task<string> SqliteTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_sqliteTemplate is not null) return _sqliteTemplate;
            var file = Path.Combine(Path.GetTempPath(), $"okr_template_{Environment.ProcessId}.db");
            File.Delete(file);
            var cs = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
            await new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = cs }, TimeProvider.System).MigrateAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
            return _sqliteTemplate = file;
        }
        finally { TemplateLock.Release(); }
    }
}
