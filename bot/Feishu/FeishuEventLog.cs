using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// The Feishu events the bot accepted (<see cref="FeishuEvent"/>), one row per <c>event_id</c>: the database's unique key
/// decides which of several pushes of one event is acted on, whatever node or process receives them.
/// </summary>
public sealed class FeishuEventLog(OkrDatabase database, TimeProvider clock)
{
    /// <summary>The longest event id the store keeps (the column's length in core's model).</summary>
    public const int MaxEventIdLength = 128;

    /// <summary>
    /// Records the event as accepted; false when it already was (a push Feishu repeated). <paramref name="payload"/> is kept
    /// until <see cref="MarkProcessedAsync"/>; null records an event that is processed at once.
    /// </summary>
    public async Task<bool> TryAcceptAsync(string eventId, string eventType, string? payload, CancellationToken ct)
    {
        await using var db = database.Open();
        var now = clock.GetUtcNow();
        db.Set<FeishuEvent>().Add(new FeishuEvent
        {
            EventId = eventId, EventType = eventType, ReceivedAt = now, Payload = payload, ProcessedAt = payload is null ? now : null,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }

    /// <summary>Forgets an event whose processing failed, so Feishu's next push of it is acted on.</summary>
    public async Task ForgetAsync(string eventId, CancellationToken ct)
    {
        await using var db = database.Open();
        await db.Set<FeishuEvent>().Where(e => e.EventId == eventId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The body of an accepted event still waiting to be processed; null when there is none.</summary>
    public async Task<string?> PendingPayloadAsync(string eventId, CancellationToken ct)
    {
        await using var db = database.Open();
        return await db.Set<FeishuEvent>().AsNoTracking()
            .Where(e => e.EventId == eventId && e.ProcessedAt == null)
            .Select(e => e.Payload)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The events accepted but not processed yet (a process that stopped before it got to them), oldest first.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        await using var db = database.Open();
        return await db.Set<FeishuEvent>().AsNoTracking()
            .Where(e => e.ProcessedAt == null)
            .OrderBy(e => e.EventId)
            .Select(e => e.EventId)
            .ToListAsync(ct);
    }

    /// <summary>Done: the event's body (a person's message) is not kept any longer than needed.</summary>
    public async Task MarkProcessedAsync(string eventId, CancellationToken ct)
    {
        await using var db = database.Open();
        var now = clock.GetUtcNow();
        await db.Set<FeishuEvent>().Where(e => e.EventId == eventId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, now).SetProperty(e => e.Payload, (string?)null), ct);
    }

    /// <summary>Deletes processed events received before <paramref name="cutoff"/>; pending ones are kept whatever their age.</summary>
    public async Task<int> ForgetProcessedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var db = database.Open();
        return await db.Set<FeishuEvent>().Where(e => e.ProcessedAt != null && e.ReceivedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        // 2067 unique, 1555 primary key.
        SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } => true,
        _ => false,
    };
}
