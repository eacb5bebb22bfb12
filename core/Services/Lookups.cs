using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Services;

/// <summary>The loads every service starts with, each confined to the actor's tenant.</summary>
internal static class Lookups
{
    public static async Task<Result<Person>> ActorAsync(OkrDbContext db, Actor actor, CancellationToken ct)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == actor.PersonId && p.TenantId == actor.TenantId, ct);
        if (person is null) return Result<Person>.Fail(OkrErrorCode.NotFound, "You are not known in this organisation yet.", "actor");
        if (!person.IsActive) return Result<Person>.Fail(OkrErrorCode.Forbidden, "Your account is deactivated in this organisation.", "actor");
        return person;
    }

    /// <summary>A KR with its objective and cycle. Other tenants' KRs are "not found", never "forbidden".</summary>
    public static async Task<Result<(KeyResult Kr, Cycle Cycle)>> KeyResultAsync(OkrDbContext db, Guid tenantId, Guid keyResultId, CancellationToken ct)
    {
        var kr = await db.KeyResults.Include(k => k.Objective).Include(k => k.Participants)
            .FirstOrDefaultAsync(k => k.Id == keyResultId && k.TenantId == tenantId, ct);
        if (kr?.Objective is null)
            return Result<(KeyResult, Cycle)>.Fail(OkrErrorCode.NotFound, "That key result does not exist (it may have been deleted).", "keyResultId");
        var cycle = await db.Cycles.FirstAsync(c => c.Id == kr.Objective.CycleId, ct);
        return (kr, cycle);
    }

    /// <summary>The cycle people work in on a date: the shortest active cycle containing it (a quarter before its year).</summary>
    public static Task<Cycle?> CurrentCycleAsync(OkrDbContext db, Guid tenantId, DateOnly date, CancellationToken ct) =>
        db.Cycles.Where(c => c.TenantId == tenantId && c.State == CycleState.Active && c.StartDate <= date && c.EndDate >= date)
            .OrderByDescending(c => c.StartDate).ThenBy(c => c.EndDate)
            .FirstOrDefaultAsync(ct);
}
