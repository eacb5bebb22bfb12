using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace OkrBot.Tests.Infrastructure;

/// <summary>One SQL command as EF Core sent it: its text and its parameters (copied, so it can be run again).</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<DbParameter> Parameters);

/// <summary>
/// Records every SQL command the contexts of an OkrDatabase run (pass it as an interceptor): to count round trips, and to
/// run a product query again under EXPLAIN exactly as the product sent it. Used by the tests and linked into the benchmarks.
/// </summary>
public sealed class SqlCapture : DbCommandInterceptor
{
    private readonly ConcurrentQueue<CapturedCommand> _commands = new();
    private readonly ConcurrentDictionary<string, (int Count, long Ticks)> _bySql = new(StringComparer.Ordinal);
    private int _count;
    private long _ticks;

    /// <summary>Keep each command's text and parameters (counting alone is cheaper: off by default).</summary>
    public bool KeepCommands { get; set; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Time from sending each command to having read all its rows (the materialising included), summed.</summary>
    public TimeSpan Time => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public IReadOnlyList<CapturedCommand> Commands => [.. _commands];

    /// <summary>Per distinct SQL text: how many times it ran and its <see cref="Time"/>.</summary>
    public IReadOnlyDictionary<string, (int Count, TimeSpan Time)> BySql =>
        _bySql.ToDictionary(p => p.Key, p => (p.Value.Count, TimeSpan.FromTicks(p.Value.Ticks)), StringComparer.Ordinal);

    public void Clear()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _ticks, 0);
        _commands.Clear();
        _bySql.Clear();
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Took(command, eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Took(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Took(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    private void Took(DbCommand command, TimeSpan duration)
    {
        Interlocked.Add(ref _ticks, duration.Ticks);
        _bySql.AddOrUpdate(command.CommandText, (1, duration.Ticks), (_, was) => (was.Count + 1, was.Ticks + duration.Ticks));
    }

    private void Record(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        if (!KeepCommands) return;
        _commands.Enqueue(new CapturedCommand(command.CommandText,
            [.. command.Parameters.Cast<DbParameter>().Select(p => p is NpgsqlParameter npgsql ? npgsql.Clone() : p)]));
    }
}
