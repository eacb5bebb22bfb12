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
        if (kr?.Objective is null) return KeyResultNotFound;
        var audience = await Audiences.ForAsync(db, kr.Objective, ct);
        var contributors = await Audiences.ContributorsAsync(db, kr.ObjectiveId, ct);
        if (!Access.CanView(actor.TenantId, actor.PersonId, audience, contributors)) return KeyResultNotFound;
        var cycle = await db.Cycles.FirstAsync(c => c.Id == kr.Objective.CycleId, ct);
        return new FoundKeyResult(kr, cycle, audience);
    }

    /// <summary>The actor and their organisation (its status thresholds, its defaults) in one round trip.</summary>
    public static async Task<Result<(Person Person, Tenant Tenant)>> ActorWithTenantAsync(OkrDbContext db, Actor actor, CancellationToken ct)
    {
        var found = await (
                from p in db.People.Where(p => p.Id == actor.PersonId && p.TenantId == actor.TenantId)
                join t in db.Tenants on p.TenantId equals t.Id
                select new { Person = p, Tenant = t })
            .FirstOrDefaultAsync(ct);
        return ActorRefusal(found?.Person) is { } refusal ? refusal : (found!.Person, found.Tenant);
    }

    /// <summary>
    /// The KRs among <paramref name="keyResultIds"/> the actor may see, tracked, each with its cycle and whether the actor
    /// may change it; ids missing from the answer are "not found" (missing, another tenant's, or not visible). One query
    /// reads the KRs, their objectives, participants and cycles. The objective's audience (its team, the owner's manager
    /// chain: a query per level) is read only when the KR's own people do not settle both answers: the access rules only
    /// ever grant more as the audience grows, so when its owner or a participant acts on it (the weekly check-in) nothing
    /// more is read.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, AccessibleKeyResult>> AccessibleKeyResultsAsync(
        OkrDbContext db, Actor actor, IReadOnlyCollection<Guid> keyResultIds, CancellationToken ct)
    {
        var ids = keyResultIds.Distinct().ToList();
        // Joins, not subqueries with First(): those become a window over the whole table.
        var rows = await (
                from k in db.KeyResults.Include(k => k.Objective).Include(k => k.Participants)
                    .Where(k => ids.Contains(k.Id) && k.TenantId == actor.TenantId)
                join c in db.Cycles on k.Objective!.CycleId equals c.Id
                select new { Kr = k, Cycle = c })
            .ToListAsync(ct);

        var found = new Dictionary<Guid, AccessibleKeyResult>();
        foreach (var row in rows)
        {
            var (kr, objective) = (row.Kr, row.Kr.Objective!);
            var people = kr.Participants.Select(p => p.PersonId).Append(kr.OwnerId).ToList();
            var known = new OkrAudience(objective.TenantId, objective.Visibility, objective.State,
                objective.OwnerPersonId is { } owner ? new HashSet<Guid> { owner } : [], new HashSet<Guid>(), []);
            var (canView, canChange) = Answers(actor, kr, known, people);
            if (!(canView && canChange))
            {
                var audience = await Audiences.ForAsync(db, objective, ct);
                var contributors = await Audiences.ContributorsAsync(db, objective.Id, ct);
                (canView, canChange) = Answers(actor, kr, audience, contributors);
            }
            if (canView) found[kr.Id] = new AccessibleKeyResult(kr, row.Cycle, canChange);
        }
        return found;
    }

    private static (bool CanView, bool CanChange) Answers(Actor actor, KeyResult kr, OkrAudience audience, IEnumerable<Guid> contributors) =>
        (Access.CanView(actor.TenantId, actor.PersonId, audience, contributors),
         Access.CanChangeKeyResult(actor.TenantId, actor.PersonId, audience, kr.OwnerId, kr.Participants.Select(p => p.PersonId)));

    /// <summary>The one answer for a KR that is missing, another tenant's, or not visible: none of them leaks which.</summary>
    public static OkrError KeyResultNotFound => new(OkrErrorCode.NotFound, "That key result does not exist (it may have been deleted).", "keyResultId");

    /// <summary>
    /// <see cref="CurrentCycleAsync"/>'s choice among active cycles already read: for the batched readers (digests, check-in
    /// cards, the rhythm), which read a tenant's cycles once for many people.
    /// </summary>
    public static Cycle? CurrentCycle(IEnumerable<Cycle> activeCycles, DateOnly date) =>
        activeCycles.Where(c => c.Contains(date)).OrderByDescending(c => c.StartDate).ThenBy(c => c.EndDate).FirstOrDefault();

    /// <summary>The cycle people work in on a date: the shortest active cycle containing it (a quarter before its year).</summary>
    public static Task<Cycle?> CurrentCycleAsync(OkrDbContext db, Guid tenantId, DateOnly date, CancellationToken ct) =>
        db.Cycles.Where(c => c.TenantId == tenantId && c.State == CycleState.Active && c.StartDate <= date && c.EndDate >= date)
            .OrderByDescending(c => c.StartDate).ThenBy(c => c.EndDate)
            .FirstOrDefaultAsync(ct);
}

/// <summary>A KR the actor may see, tracked for changes, with its cycle and whether the actor may change it.</summary>
internal sealed record AccessibleKeyResult(KeyResult Kr, Cycle Cycle, bool CanChange);

/// <summary>A KR the actor may see: tracked for changes, with its cycle and who stands around its objective.</summary>
internal sealed record FoundKeyResult(KeyResult Kr, Cycle Cycle, OkrAudience Audience)
{
    public bool CanChange(Actor actor) =>
        Access.CanChangeKeyResult(actor.TenantId, actor.PersonId, Audience, Kr.OwnerId, Kr.Participants.Select(p => p.PersonId));
}
