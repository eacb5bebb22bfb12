using Microsoft.Data.Sqlite;
using Npgsql;

namespace OkrBot.Core.Persistence;

/// <summary>
/// Tells a store that is away (stopped, restarting, unreachable, out of connections, locked) from a store that refused
/// what was asked of it. The first is worth waiting for and trying again; the second is a bug or bad data. See
/// docs/decisions/0019-when-the-database-is-away.md.
/// </summary>
public static class StoreFailures
{
    /// <summary>How long a caller is told to wait before trying again while the store is away (the Retry-After of a 503).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Whether <paramref name="failure"/>, or anything it wraps, says the store is away rather than wrong.</summary>
    public static bool IsUnavailable(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (operator intervention: the
                // server shutting down, crashed, starting up): the server is away, not the statement wrong.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("57P", StringComparison.Ordinal):
                    return true;
                case PostgresException:
                    // Any other server error (a constraint, a syntax error) is an answer, not an absence.
                    return false;
                // Connection refused or reset, a broken stream, a timeout (Npgsql marks those transient).
                case NpgsqlException { IsTransient: true }:
                    return true;
                // 5 busy, 6 locked (past the busy timeout), 10 I/O error, 14 cannot open the file.
                case SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }:
                    return true;
                case TimeoutException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                    return aggregate.InnerExceptions.All(IsUnavailable);
            }
        }
        return false;
    }
}
