using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>Read side: whose OKRs, in the current cycle, filtered by what the viewer may see.</summary>
public sealed class OkrQueryService(OkrDatabase database, TimeProvider clock)
{
    /// <summary>A person's OKRs this cycle: objectives they own, and objectives holding KRs they own or take part in.</summary>
    public async Task<Result<OkrList>> ForPersonAsync(Actor viewer, Guid personId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, viewer, ct);
        if (me.Error is { } error) return error;
        // The viewer was just found in this tenant: only someone else needs looking up.
        if (personId != viewer.PersonId && !await db.People.AnyAsync(p => p.Id == personId && p.TenantId == viewer.TenantId, ct))
            return Result<OkrList>.Fail(OkrErrorCode.NotFound, "No such person in this organisation.", "personId");

        var krIdsOfPerson = db.KeyResults.Where(k => k.TenantId == viewer.TenantId && (k.OwnerId == personId || k.Participants.Any(p => p.PersonId == personId)))
            .Select(k => k.ObjectiveId);
        return await ListAsync(db, me.Value!, o => o.OwnerPersonId == personId || krIdsOfPerson.Contains(o.Id), ct);
    }

    /// <summary>A team's OKRs this cycle: the team's own objectives and those of its members.</summary>
    public async Task<Result<OkrList>> ForTeamAsync(Actor viewer, Guid teamId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, viewer, ct);
        if (me.Error is { } error) return error;
        if (!await db.Teams.AnyAsync(t => t.Id == teamId && t.TenantId == viewer.TenantId, ct))
            return Result<OkrList>.Fail(OkrErrorCode.NotFound, "No such team in this organisation.", "teamId");

        var members = db.People.Where(p => p.TeamId == teamId && p.TenantId == viewer.TenantId).Select(p => (Guid?)p.Id);
        return await ListAsync(db, me.Value!, o => o.OwnerTeamId == teamId || members.Contains(o.OwnerPersonId), ct);
    }

    /// <summary>
    /// One KR as its card shows it: the KR with its progress and status, its objective and cycle, its latest
    /// check-ins, and whether the viewer may update it. KRs the viewer may not see are "not found".
    /// </summary>
    public async Task<Result<KeyResultDetail>> KeyResultAsync(Actor viewer, Guid keyResultId, int history = 5, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, viewer, ct);
        if (me.Error is { } error) return error;
        var found = await Lookups.VisibleKeyResultAsync(db, viewer, keyResultId, ct);
        if (found.Error is { } notFound) return notFound;
        var (kr, cycle, _) = found.Value!;

        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(me.Value!.TimeZoneId));
        var thresholds = (await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == viewer.TenantId, ct)).Thresholds;
        var objective = await db.Objectives.AsNoTracking().Include(o => o.KeyResults.Where(k => k.Id == kr.Id))
            .FirstAsync(o => o.Id == kr.ObjectiveId, ct);
        var view = (await Views.ObjectivesAsync(db, [objective], cycle, today, thresholds, ct)).Single().KeyResults.Single();

        var recent = await db.CheckIns.AsNoTracking().Where(c => c.KeyResultId == kr.Id)
            .OrderByDescending(c => c.WeekOf).ThenByDescending(c => c.UpdatedAt).Take(Math.Clamp(history, 0, 52)).ToListAsync(ct);
        var authorIds = recent.Select(c => c.AuthorId).Distinct().ToList();
        var authors = await db.People.AsNoTracking().Where(p => authorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var rows = recent.Select(c => new LastCheckInView(c.Value, c.Status, c.Note, c.WeekOf, c.UpdatedAt, authors.GetValueOrDefault(c.AuthorId, "?"))).ToList();

        var canUpdate = found.Value!.CanChange(viewer) && !kr.IsDropped && cycle.State is CycleState.Active or CycleState.Reviewing;
        return new KeyResultDetail(view, objective.Title, cycle.Name, rows, canUpdate);
    }

    private async Task<Result<OkrList>> ListAsync(OkrDbContext db, Person viewer, System.Linq.Expressions.Expression<Func<Objective, bool>> whose, CancellationToken ct)
    {
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(viewer.TimeZoneId));
        var cycle = await Lookups.CurrentCycleAsync(db, viewer.TenantId, today, ct);
        if (cycle is null)
            return Result<OkrList>.Fail(OkrErrorCode.NotFound, "There is no active OKR cycle today. An admin starts one in the planning step.", "cycle");

        var objectives = await db.Objectives.AsNoTracking()
            .Where(o => o.TenantId == viewer.TenantId && o.CycleId == cycle.Id).Where(whose)
            .Include(o => o.KeyResults).ThenInclude(k => k.Participants)
            .OrderBy(o => o.CreatedAt).ToListAsync(ct);

        var visible = new List<Objective>();
        foreach (var o in objectives)
            if (await Audiences.VisibleToAsync(db, viewer.TenantId, viewer.Id, o, ct)) visible.Add(o);

        var thresholds = (await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == viewer.TenantId, ct)).Thresholds;
        var views = await Views.ObjectivesAsync(db, visible, cycle, today, thresholds, ct);
        return new OkrList(cycle.Id, cycle.Name, today, Weeks.StartOf(today), views);
    }
}
