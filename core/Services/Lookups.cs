using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>The loads every service starts with, each confined to the actor's tenant.</summary>
internal static class Lookups
{
    public static async Task<Result<Person>> ActorAsync(OkrDbContext db, Actor actor, CancellationToken ct)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == actor.PersonId && p.TenantId == actor.TenantId, ct);
        return ActorRefusal(person) is { } refusal ? refusal : person!;
    }

    /// <summary>Why a person read as the actor (null: not in the tenant) may not act; null when they may.</summary>
    public static OkrError? ActorRefusal(Person? person) => person switch
    {
        null => new OkrError(OkrErrorCode.NotFound, "You are not known in this organisation yet.", "actor"),
        { IsActive: false } => new OkrError(OkrErrorCode.Forbidden, "Your account is deactivated in this organisation.", "actor"),
        _ => null,
    };

    /// <summary>
    /// A KR the actor may see, with its cycle and the people around its objective. Other tenants' KRs and KRs the
    /// actor may not see are both "not found", never "forbidden", so neither their existence nor their title leaks.
    /// </summary>
    public static async Task<Result<FoundKeyResult>> VisibleKeyResultAsync(OkrDbContext db, Actor actor, Guid keyResultId, CancellationToken ct)
    {
        var kr = await db.KeyResults.Include(k => k.Objective).Include(k => k.Participants)
            .FirstOrDefaultAsync(k => k.Id == keyResultId && k.TenantId == actor.TenantId, ct);
        if (kr?.Objective is null) return NotFound;
        var audience = await Audiences.ForAsync(db, kr.Objective, ct);
        var contributors = await Audiences.ContributorsAsync(db, kr.ObjectiveId, ct);
        if (!Access.CanView(actor.TenantId, actor.PersonId, audience, contributors)) return NotFound;
        var cycle = await db.Cycles.FirstAsync(c => c.Id == kr.Objective.CycleId, ct);
        return new FoundKeyResult(kr, cycle, audience);
    }

    private static OkrError NotFound => new(OkrErrorCode.NotFound, "That key result does not exist (it may have been deleted).", "keyResultId");

    /// <summary>The cycle people work in on a date: the shortest active cycle containing it (a quarter before its year).</summary>
    public static Task<Cycle?> CurrentCycleAsync(OkrDbContext db, Guid tenantId, DateOnly date, CancellationToken ct) =>
        db.Cycles.Where(c => c.TenantId == tenantId && c.State == CycleState.Active && c.StartDate <= date && c.EndDate >= date)
            .OrderByDescending(c => c.StartDate).ThenBy(c => c.EndDate)
            .FirstOrDefaultAsync(ct);
}

/// <summary>A KR the actor may see: tracked for changes, with its cycle and who stands around its objective.</summary>
internal sealed record FoundKeyResult(KeyResult Kr, Cycle Cycle, OkrAudience Audience)
{
    public bool CanChange(Actor actor) =>
        Access.CanChangeKeyResult(actor.TenantId, actor.PersonId, Audience, Kr.OwnerId, Kr.Participants.Select(p => p.PersonId));
}
