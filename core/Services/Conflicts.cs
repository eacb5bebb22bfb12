using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace OkrBot.Core.Services;

/// <summary>
/// Optimistic concurrency: a write that lost a race (a KR's version moved, or a parallel first check-in of the
/// same week took the unique key) is re-run from scratch on fresh data, so nobody's write is lost or doubled.
/// </summary>
internal static class Conflicts
{
    public const int MaxAttempts = 8;

    public static async Task<Result<T>> RetryAsync<T>(Func<Task<Result<T>>> attempt, CancellationToken ct)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (IsRetryable(ex) && i < MaxAttempts)
            {
                // A short, growing, jittered pause lets the winner finish instead of colliding again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * i)), ct);
            }
            catch (Exception ex) when (IsRetryable(ex))
            {
                return Result<T>.Fail(OkrErrorCode.Conflict, "Someone else was changing the same key result at the same moment. Please try again.");
            }
        }
    }

    /// <summary>An insert hit a unique index: someone else wrote the same key first.</summary>
    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        DbUpdateException { InnerException: SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } } => true,
        _ => false,
    };

    internal static bool IsRetryable(Exception ex) => ex switch
    {
        DbUpdateConcurrencyException => true,
        // Npgsql's execution strategy wraps a transient failure (a deadlock, a serialization failure) it does not retry
        // itself in an InvalidOperationException; the failure inside is what decides.
        InvalidOperationException { InnerException: DbUpdateException inner } => IsRetryable(inner),
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } } => true,
        // 2067 unique, 1555 primary key.
        DbUpdateException { InnerException: SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } } => true,
        _ => false,
    };
}
