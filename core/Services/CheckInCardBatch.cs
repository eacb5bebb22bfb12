using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>
/// The own OKR lists of many people of one tenant at once, each as <see cref="OkrQueryService.ForPersonAsync"/> shows a
/// person their own list (viewer and person the same): what a fan-out of check-in prompts renders a card from. Read with
/// a fixed number of queries however many people there are: the cycles, which objectives are whose, those objectives with
/// their KRs and participants, and the view's latest check-ins, posted values and names (these three once per distinct
/// cycle and local date in the batch: people a day apart across zones may be in different weeks). One at a time, a card
/// cost about nine queries.
/// </summary>
/// <remarks>
/// The people and the tenant are taken as the caller read them (the dispatcher reads a claimed batch's recipients just
/// before), not read again; otherwise every rule is the per-person one: inactive people are refused as an actor is, the
/// cycle is the shortest active one on the person's local date, visibility is <see cref="Access.CanView"/> through
/// <see cref="Audiences.VisibleToManyAsync"/>, and the views are made by the same <see cref="Views.ObjectivesAsync"/>.
/// Objectives are ordered by creation time as the single list orders them, with the id breaking ties the single list
/// leaves to the database.
/// </remarks>
public sealed class CheckInCardBatch(OkrDatabase database, TimeProvider clock)
{
    /// <summary>Each person's own list, in the order given (a person given twice gets the same list twice).</summary>
    /// <param name="tenant">The tenant of the batch; a person of another tenant is "not known in this organisation", as alone.</param>
    public async Task<IReadOnlyList<Result<OkrList>>> OwnListsAsync(Tenant tenant, IReadOnlyList<Person> people, CancellationToken ct = default)
    {
        var results = new Result<OkrList>[people.Count];
        var now = clock.GetUtcNow();
        var asked = new List<(int Index, Person Person, DateOnly Today)>();
        for (var i = 0; i < people.Count; i++)
        {
            var person = people[i];
            if (Lookups.ActorRefusal(person.TenantId == tenant.Id ? person : null) is { } refusal) results[i] = refusal;
            else asked.Add((i, person, Weeks.LocalDate(now, TimeZones.Find(person.TimeZoneId))));
        }

        if (asked.Count == 0) return results;
        await using var db = database.Open();
        var dates = asked.Select(a => a.Today).ToList();
        var (first, last) = (dates.Min(), dates.Max());
        var cycles = await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == tenant.Id && c.State == CycleState.Active && c.StartDate <= last && c.EndDate >= first)
            .ToListAsync(ct);

        var wanted = new List<(int Index, Person Person, DateOnly Today, Cycle Cycle)>();
        foreach (var (i, person, today) in asked)
        {
            if (Lookups.CurrentCycle(cycles, today) is { } cycle) wanted.Add((i, person, today, cycle));
            else results[i] = Result<OkrList>.Fail(OkrErrorCode.NotFound,
                "There is no active OKR cycle today. An admin starts one in the planning step.", "cycle");
        }

        if (wanted.Count == 0) return results;
        var ids = wanted.Select(w => w.Person.Id).Distinct().ToList();
        var cycleIds = wanted.Select(w => w.Cycle.Id).Distinct().ToList();
        var tenantId = tenant.Id;

        // Whose list each objective is in: owned, or holding a KR the person owns or takes part in. Three index reads
        // (objectives by owner, KRs by owner, participants by person) as one UNION ALL, never an OR across them.
        var whose = await db.Objectives.AsNoTracking()
            .Where(o => o.TenantId == tenantId && cycleIds.Contains(o.CycleId) && o.OwnerPersonId != null && ids.Contains(o.OwnerPersonId.Value))
            .Select(o => new { ObjectiveId = o.Id, PersonId = o.OwnerPersonId!.Value })
            .Concat(db.KeyResults.AsNoTracking().Where(k => k.TenantId == tenantId && ids.Contains(k.OwnerId))
                .Select(k => new { k.ObjectiveId, PersonId = k.OwnerId }))
            .Concat(db.KeyResultParticipants.AsNoTracking().Where(p => ids.Contains(p.PersonId))
                .Join(db.KeyResults.Where(k => k.TenantId == tenantId), p => p.KeyResultId, k => k.Id, (p, k) => new { k.ObjectiveId, p.PersonId }))
            .ToListAsync(ct);
        var objectiveIds = whose.Select(w => w.ObjectiveId).Distinct().ToList();
        var objectives = objectiveIds.Count == 0 ? []
            : await db.Objectives.AsNoTracking()
                .Where(o => o.TenantId == tenantId && cycleIds.Contains(o.CycleId) && objectiveIds.Contains(o.Id))
                .Include(o => o.KeyResults).ThenInclude(k => k.Participants)
                .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
                .ToListAsync(ct);
        var listedFor = whose.ToLookup(w => w.PersonId, w => w.ObjectiveId);

        // Each person's objectives in their cycle, then what of them they may see (for their own list, all of them: they
        // own each or take part in one of its KRs; asked all the same, so the rule stays the one place that decides).
        var candidates = wanted.Select(w =>
        {
            var theirs = listedFor[w.Person.Id].ToHashSet();
            return objectives.Where(o => o.CycleId == w.Cycle.Id && theirs.Contains(o.Id)).ToList();
        }).ToList();
        var pairs = wanted.SelectMany((w, n) => candidates[n].Select(o => (Viewer: w.Person.Id, Objective: o))).ToList();
        var visible = await Audiences.VisibleToManyAsync(db, tenantId, pairs, new Dictionary<Guid, Guid?>(), ct);
        var seen = new List<List<Objective>>();
        var at = 0;
        foreach (var list in candidates)
        {
            var mine = new List<Objective>();
            foreach (var objective in list)
                if (visible[at++]) mine.Add(objective);
            seen.Add(mine);
        }

        // Views depend on the cycle and the viewer's local date (an effective status is "behind" as of today): made once per
        // (cycle, date) for every objective someone of that group sees.
        var thresholds = tenant.Thresholds;
        foreach (var group in Enumerable.Range(0, wanted.Count).GroupBy(n => (wanted[n].Cycle.Id, wanted[n].Today)))
        {
            var cycle = wanted[group.First()].Cycle;
            var today = group.Key.Today;
            var shown = group.SelectMany(n => seen[n]).DistinctBy(o => o.Id).ToList();
            var views = shown.Count == 0 ? []
                : (await Views.ObjectivesAsync(db, shown, cycle, today, thresholds, ct)).ToDictionary(v => v.Id);
            foreach (var n in group)
                results[wanted[n].Index] = new OkrList(cycle.Id, cycle.Name, today, Weeks.StartOf(today), [.. seen[n].Select(o => views[o.Id])]);
        }

        return results;
    }
}
