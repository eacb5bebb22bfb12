using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace OkrBot.Core.Persistence;

/// <summary>
/// Opens short-lived contexts on the configured store. Services open one per operation (and one per retry),
/// so a failed attempt never leaks tracked state into the next.
/// </summary>
public sealed class OkrDatabase
{
    private readonly Func<OkrDbContext> _create;
    private readonly TimeProvider _clock;

    public OkrDatabase(StorageOptions options, TimeProvider clock)
    {
        _clock = clock;
        Provider = options.Provider;
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                    throw new InvalidOperationException(
                        "Storage:Provider is Postgres but Storage:ConnectionString is empty. Set it, e.g. " +
                        "Storage__ConnectionString=\"Host=localhost;Database=okrbot;Username=okrbot;Password=...\".");
                var pg = new DbContextOptionsBuilder<PostgresOkrDbContext>()
                    .UseNpgsql(PostgresConnectionString(options.ConnectionString)).Options;
                _create = () => new PostgresOkrDbContext(pg);
                break;
            default:
                var sqlite = new DbContextOptionsBuilder<SqliteOkrDbContext>()
                    .UseSqlite(SqliteConnectionString(options.ConnectionString)).Options;
                _create = () => new SqliteOkrDbContext(sqlite);
                break;
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>A new context; <paramref name="actor"/> is recorded as the author of what it saves.</summary>
    public OkrDbContext Open(Guid? actor = null)
    {
        var db = _create();
        db.Actor = actor;
        db.Clock = _clock;
        return db;
    }

    /// <summary>Brings the schema up to date.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Npgsql waits 15 s for a connection by default.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The configured connection string, with a connect timeout of <see cref="DefaultConnectTimeout"/> unless it names one:
    /// while the server is away a request should get its 503 in seconds, not hold a connection attempt for Npgsql's default
    /// 15 s (docs/decisions/0019).
    /// </summary>
    internal static string PostgresConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        if (given.ContainsKey("Timeout") || given.ContainsKey("Connect Timeout") || given.ContainsKey("Connection Timeout")) return configured;
        return new Npgsql.NpgsqlConnectionStringBuilder(configured) { Timeout = (int)DefaultConnectTimeout.TotalSeconds }.ToString();
    }

    private static string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? StorageOptions.DefaultSqliteConnectionString : configured)
        {
            // Writers wait for each other instead of failing at once with "database is locked".
            DefaultTimeout = 30,
        };
        return builder.ToString();
    }
}
