using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>One small win as a digest shows it.</summary>
public sealed record SmallWinView(string PersonName, string Text, DateTimeOffset At);

/// <summary>A small win as stored, with its author's name: what a digest picks its week's wins from.</summary>
public sealed record RecordedWin(Guid Id, Guid PersonId, DateOnly Week, string PersonName, string Text, DateTimeOffset CreatedAt)
{
    public SmallWinView View => new(PersonName, Text, CreatedAt);
}

/// <summary>Small wins (小而美): recorded in chat by anyone, shown in their manager's digest for that week.</summary>
public sealed class SmallWinService(OkrDatabase database, TimeProvider clock)
{
    public const int MaxLength = OkrModel.SmallWinLength;

    /// <summary>How many wins one person may record in a week: a digest lists wins, it is not a feed.</summary>
    public const int MaxPerWeek = 10;

    public async Task<Result<SmallWin>> RecordAsync(Actor actor, string? text, CancellationToken ct = default)
    {
        var clean = Text.Clean(text);
        if (clean is null) return Result<SmallWin>.Fail(OkrErrorCode.Invalid, "Say what went well, e.g. \"win: the new onboarding guide is live\".", "win");
        if (clean.Length > MaxLength) return Result<SmallWin>.Fail(OkrErrorCode.Invalid, $"A small win is at most {MaxLength} characters.", "win");

        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var now = clock.GetUtcNow();
        var week = Weeks.WeekOf(now, TimeZones.Find(me.Value!.TimeZoneId));
        if (await db.SmallWins.CountAsync(w => w.TenantId == actor.TenantId && w.PersonId == actor.PersonId && w.Week == week, ct) >= MaxPerWeek)
            return Result<SmallWin>.Fail(OkrErrorCode.Invalid, $"That is {MaxPerWeek} small wins this week already; keep the next for next week.", "winsPerWeek");
        var win = new SmallWin { TenantId = actor.TenantId, PersonId = actor.PersonId, Text = clean, Week = week, CreatedAt = now };
        db.SmallWins.Add(win);
        await db.SaveChangesAsync(ct);
        return win;
    }

    /// <summary>
    /// The wins of some weeks by any of <paramref name="people"/> (managers and their reports), oldest first, with their
    /// authors' names: one query whatever the number of people or weeks.
    /// </summary>
    public static async Task<IReadOnlyList<RecordedWin>> OfWeeksAsync(OkrDbContext db, Guid tenantId, IReadOnlyCollection<DateOnly> weeks,
        IReadOnlyCollection<Guid> people, CancellationToken ct)
    {
        if (people.Count == 0 || weeks.Count == 0) return [];
        return await db.SmallWins.AsNoTracking()
            .Where(w => w.TenantId == tenantId && weeks.Contains(w.Week) && people.Contains(w.PersonId))
            .Join(db.People, w => w.PersonId, p => p.Id, (w, p) => new { w.Id, w.PersonId, w.Week, p.DisplayName, w.Text, w.CreatedAt })
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .Select(w => new RecordedWin(w.Id, w.PersonId, w.Week, w.DisplayName, w.Text, w.CreatedAt))
            .ToListAsync(ct);
    }
}
