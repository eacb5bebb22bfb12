using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OkrBot.Core.Persistence;

/// <summary>
/// Opens short-lived contexts on the configured store. Services open one per operation (and one per retry),
/// so a failed attempt never leaks tracked state into the next.
/// </summary>
public sealed class OkrDatabase
{
    private readonly Func<OkrDbContext> _create;
    private readonly TimeProvider _clock;

    /// <param name="interceptors">EF Core interceptors for every context (tests and benchmarks count or capture the SQL with them).</param>
    /// <param name="loggers">
    /// The host's logging, so that EF Core's own messages (failed commands, connection errors) reach the same logs as the rest
    /// under the "Microsoft.EntityFrameworkCore" categories. Sensitive data logging stays off: parameter values are never logged.
    /// </param>
    public OkrDatabase(StorageOptions options, TimeProvider clock, IReadOnlyList<IInterceptor>? interceptors = null, ILoggerFactory? loggers = null)
    {
        interceptors ??= [];
        // EF picks the factory per context from its options: one factory per host does not multiply its internal service providers.
        loggers ??= NullLoggerFactory.Instance;
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
                    .UseNpgsql(PostgresConnectionString(options.ConnectionString), o => o.UseQuerySplittingBehavior(Splitting)).AddInterceptors(interceptors).UseLoggerFactory(loggers).ConfigureWarnings(ErrorsAreTheCallers).Options;
                _create = new PooledDbContextFactory<PostgresOkrDbContext>(pg, PoolSize).CreateDbContext;
                break;
            default:
                var sqlite = new DbContextOptionsBuilder<SqliteOkrDbContext>()
                    .UseSqlite(SqliteConnectionString(options.ConnectionString), o => o.UseQuerySplittingBehavior(Splitting)).AddInterceptors(interceptors).UseLoggerFactory(loggers).ConfigureWarnings(ErrorsAreTheCallers).Options;
                _create = new PooledDbContextFactory<SqliteOkrDbContext>(sqlite, PoolSize).CreateDbContext;
                break;
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// Objectives are read with their KRs and each KR's participants in one query: a KR has a handful of participants at
    /// most, so the joined rows stay few, and one round trip beats three. Said once here, which also keeps EF from logging a
    /// warning for each such query on every start (the warning asks for this choice to be made explicitly).
    /// </summary>
    private const QuerySplittingBehavior Splitting = QuerySplittingBehavior.SingleQuery;

    /// <summary>
    /// EF Core logs a failed command, save, query, connection or transaction at Error before it throws, but the exception is
    /// ours to judge: a unique key lost to a parallel writer is retried or replayed, a store that is away is answered 503
    /// (docs/decisions/0019), and anything unexpected reaches the host's own error handling with its exception. So EF's copy
    /// is kept at Debug, where it helps when asked for, instead of an Error line for every handled race. docs/decisions/0020.
    /// </summary>
    private static void ErrorsAreTheCallers(WarningsConfigurationBuilder warnings) => warnings.Log(
        (RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug),
        (RelationalEventId.ConnectionError, LogLevel.Debug), (RelationalEventId.TransactionError, LogLevel.Debug));

    /// <summary>
    /// Contexts kept for reuse. Services open one per operation (several per inbound message), and a pooled one skips
    /// building the context's internal services each time; EF resets a returned context's tracking and settings, and
    /// <see cref="Open"/> sets our own three properties on every open. Beyond this many idle ones, contexts are simply dropped.
    /// </summary>
    public const int PoolSize = 256;

    /// <summary>A fresh (or reset pooled) context; <paramref name="actor"/> is recorded as the author of what it saves.</summary>
    public OkrDbContext Open(Guid? actor = null)
    {
        var db = _create();
        db.Actor = actor;
        db.ActorKind = Model.AuditActorKind.Person;
        db.Clock = _clock;
        return db;
    }

    /// <summary>A new context whose saves are recorded as the work of another system's API key (docs/decisions/0013).</summary>
    public OkrDbContext OpenForApiKey(Guid apiKeyId)
    {
        var db = Open(apiKeyId);
        db.ActorKind = Model.AuditActorKind.ApiKey;
        return db;
    }

    /// <summary>Brings the schema up to date.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Open();
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>How long to wait for a connection unless the connection string says otherwise (Npgsql's own default is 15 s).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The configured PostgreSQL connection string with defaults of its own, each only where the string does not set it:
    /// <list type="bullet">
    /// <item><c>No Reset On Close=true</c>: EF opens a pooled connection for each query, and Npgsql's default reset sends
    /// <c>DISCARD ALL</c> with the first statement after every reopen, one extra statement per query (34 of 74 per
    /// check-in). OkrBot changes no session state (no SET, LISTEN, temporary tables or session advisory locks; open
    /// transactions are rolled back on close either way), so there is nothing to reset (docs/decisions/0016).</item>
    /// <item><c>Max Auto Prepare=64</c>: EF's statements are few and always the same text, so PostgreSQL parses and
    /// plans each once per connection instead of on every execution. Behind PgBouncer in transaction mode (before
    /// 1.21) set <c>Max Auto Prepare=0</c> in the connection string (docs/decisions/0016).</item>
    /// <item><c>Timeout=5</c>: while the server is away a request should get its 503 in seconds, not hold a connection
    /// attempt for Npgsql's default 15 s (docs/decisions/0019).</item>
    /// </list>
    /// </summary>
    public static string PostgresConnectionString(string configured)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured };
        bool Sets(params string[] keys) => keys.Any(k => given.ContainsKey(k));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(configured);
        if (!Sets("No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        if (!Sets("Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Sets("Timeout", "Connect Timeout", "Connection Timeout")) builder.Timeout = (int)DefaultConnectTimeout.TotalSeconds;
        return builder.ConnectionString;
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
