using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>
/// The read side of a cycle's wrap-up: the sheets a person fills in at the mid-cycle review and at the end-of-cycle
/// scoring (their own KRs, with what they recorded so far), and the results published to a team afterwards. The
/// writes are <see cref="ReviewService"/>'s and <see cref="ScoringService"/>'s.
/// </summary>
public sealed class WrapUpService(OkrDatabase database, TimeProvider clock)
{
    /// <summary>How long after its end a cycle still counts as "the one to score" when no cycle is named.</summary>
    public const int ScoringLookbackDays = 14;

    /// <summary>The KRs <paramref name="actor"/> owns in a cycle (by default the current one), with their review decisions.</summary>
    public async Task<Result<ReviewSheet>> ReviewSheetAsync(Actor actor, Guid? cycleId = null, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(me.Value!.TimeZoneId));
        var cycle = cycleId is { } id ? await CycleAsync(db, actor, id, ct) : await Lookups.CurrentCycleAsync(db, actor.TenantId, today, ct);
        if (cycle is null) return NoCycle<ReviewSheet>();

        var (views, _) = await OwnedAsync(db, me.Value, cycle, today, includeDropped: true, ct);
        var ids = views.Select(v => v.Kr.Id).ToList();
        var decisions = await db.ReviewDecisions.AsNoTracking().Where(r => ids.Contains(r.KeyResultId)).ToDictionaryAsync(r => r.KeyResultId, ct);
        var items = views.Select(v => decisions.GetValueOrDefault(v.Kr.Id) is { } d
                ? new ReviewItem(v.Kr, v.ObjectiveTitle, d.Decision, d.NewTarget, d.Note)
                : new ReviewItem(v.Kr, v.ObjectiveTitle, null, null, null)).ToList();
        return new ReviewSheet(cycle.Id, cycle.Name, cycle.Midpoint, cycle.EndDate, items);
    }

    /// <summary>
    /// The KRs <paramref name="actor"/> owns in a cycle and has to score, with the suggested score and the one given so
    /// far. With no cycle named: the current cycle, or else the one that ended most recently (within
    /// <see cref="ScoringLookbackDays"/>) and is not closed.
    /// </summary>
    public async Task<Result<ScoringSheet>> ScoringSheetAsync(Actor actor, Guid? cycleId = null, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(me.Value!.TimeZoneId));
        var cycle = cycleId is { } id ? await CycleAsync(db, actor, id, ct) : await CycleToScoreAsync(db, actor.TenantId, today, ct);
        if (cycle is null) return NoCycle<ScoringSheet>();

        var (views, krs) = await OwnedAsync(db, me.Value, cycle, today, includeDropped: false, ct);
        var ids = views.Select(v => v.Kr.Id).ToList();
        var scores = await db.Scores.AsNoTracking().Where(s => ids.Contains(s.KeyResultId)).ToDictionaryAsync(s => s.KeyResultId, ct);
        var items = views.Select(v => new ScoringItem(v.Kr, v.ObjectiveTitle, ScoreGuidance.Suggest(Progress.Of(krs[v.Kr.Id])),
            scores.GetValueOrDefault(v.Kr.Id)?.Score, scores.GetValueOrDefault(v.Kr.Id)?.Reason)).ToList();
        return new ScoringSheet(cycle.Id, cycle.Name, cycle.EndDate, items);
    }

    /// <summary>
    /// The results of a cycle as <paramref name="viewer"/>'s team sees them: the objectives owned by the team, by its
    /// members, by the viewer and by the viewer's direct reports, each KR with its final progress, score and reason.
    /// Private objectives the viewer may not see are left out.
    /// </summary>
    public async Task<Result<TeamResults>> TeamResultsAsync(Actor viewer, Guid cycleId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, viewer, ct);
        if (me.Error is { } error) return error;
        var cycle = await CycleAsync(db, viewer, cycleId, ct);
        if (cycle is null) return NoCycle<TeamResults>();

        var teamId = me.Value!.TeamId;
        var team = teamId is { } t ? await db.Teams.AsNoTracking().FirstOrDefaultAsync(x => x.Id == t && x.TenantId == viewer.TenantId, ct) : null;
        // The team's members, and for a manager their direct reports (a lead may have no team of their own).
        var members = await db.People.AsNoTracking()
            .Where(p => p.TenantId == viewer.TenantId && (p.Id == viewer.PersonId || p.ManagerId == viewer.PersonId || (team != null && p.TeamId == team.Id)))
            .Select(p => p.Id).ToListAsync(ct);
        var objectives = await db.Objectives.AsNoTracking()
            .Where(o => o.TenantId == viewer.TenantId && o.CycleId == cycle.Id && o.State == ObjectiveState.Published)
            .Where(o => (team != null && o.OwnerTeamId == team.Id) || members.Contains(o.OwnerPersonId!.Value))
            .Include(o => o.KeyResults).ThenInclude(k => k.Participants)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);

        var visible = new List<Objective>();
        foreach (var o in objectives)
            if (await Audiences.VisibleToAsync(db, viewer.TenantId, viewer.PersonId, o, ct))
                visible.Add(o);

        var krIds = visible.SelectMany(o => o.KeyResults).Select(k => k.Id).ToList();
        var scores = await db.Scores.AsNoTracking().Where(s => krIds.Contains(s.KeyResultId)).ToDictionaryAsync(s => s.KeyResultId, ct);
        var personIds = visible.SelectMany(o => o.KeyResults.Select(k => k.OwnerId)).Concat(visible.Select(o => o.OwnerPersonId).OfType<Guid>()).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        string Name(Guid? id) => id is { } x ? names.GetValueOrDefault(x, "?") : team?.Name ?? "?";

        var rows = visible.Select(o =>
        {
            var counted = o.KeyResults.Where(k => !k.IsDropped).OrderBy(k => k.Title, StringComparer.Ordinal).ThenBy(k => k.Id).ToList();
            var krs = counted.Select(k => new ResultKeyResult(k.Id, k.Title, Name(k.OwnerId), Progress.Of(k),
                scores.GetValueOrDefault(k.Id)?.Score, scores.GetValueOrDefault(k.Id)?.Reason)).ToList();
            var score = ScoreGuidance.ObjectiveScore(counted.Select(k => (k, scores.GetValueOrDefault(k.Id)?.Score)));
            return new ResultObjective(o.Id, o.Title, o.OwnerPersonId is { } p ? Name(p) : Name(null), score, krs);
        }).Where(o => o.KeyResults.Count > 0).ToList();
        return new TeamResults(cycle.Id, cycle.Name, team?.Name, rows);
    }

    /// <summary>A cycle's end and the cycle after it (the earliest one starting after its end that is not closed), for planning.</summary>
    public async Task<Result<PlanningOutlook>> PlanningAsync(Actor actor, Guid cycleId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var cycle = await CycleAsync(db, actor, cycleId, ct);
        if (cycle is null) return NoCycle<PlanningOutlook>();
        var next = await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == actor.TenantId && c.Kind == cycle.Kind && c.StartDate > cycle.EndDate && c.State != CycleState.Closed)
            .OrderBy(c => c.StartDate).FirstOrDefaultAsync(ct);
        return new PlanningOutlook(cycle.Id, cycle.Name, cycle.EndDate, next?.Name, next?.StartDate);
    }

    /// <summary>The cycle to score on <paramref name="today"/>: the current one, or the latest that ended recently and is not closed.</summary>
    internal static async Task<Cycle?> CycleToScoreAsync(OkrDbContext db, Guid tenantId, DateOnly today, CancellationToken ct) =>
        await Lookups.CurrentCycleAsync(db, tenantId, today, ct)
        ?? await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == tenantId && (c.State == CycleState.Active || c.State == CycleState.Reviewing)
                        && c.EndDate < today && c.EndDate >= today.AddDays(-ScoringLookbackDays))
            .OrderByDescending(c => c.EndDate).ThenBy(c => c.StartDate).FirstOrDefaultAsync(ct);

    private static Task<Cycle?> CycleAsync(OkrDbContext db, Actor actor, Guid cycleId, CancellationToken ct) =>
        db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cycleId && c.TenantId == actor.TenantId, ct);

    private static Result<T> NoCycle<T>() => Result<T>.Fail(OkrErrorCode.NotFound, "There is no OKR cycle to review or score now.", "cycle");

    /// <summary>The KRs <paramref name="owner"/> owns in <paramref name="cycle"/> as views (objective order, then title), and the entities by id.</summary>
    private async Task<(IReadOnlyList<(KeyResultView Kr, string ObjectiveTitle)> Views, Dictionary<Guid, KeyResult> Krs)> OwnedAsync(
        OkrDbContext db, Person owner, Cycle cycle, DateOnly today, bool includeDropped, CancellationToken ct)
    {
        var objectives = await db.Objectives.AsNoTracking()
            .Where(o => o.TenantId == owner.TenantId && o.CycleId == cycle.Id && o.KeyResults.Any(k => k.OwnerId == owner.Id && (includeDropped || !k.IsDropped)))
            .Include(o => o.KeyResults.Where(k => k.OwnerId == owner.Id && (includeDropped || !k.IsDropped)))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);
        var thresholds = (await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == owner.TenantId, ct)).Thresholds;
        var views = await Views.ObjectivesAsync(db, objectives, cycle, today, thresholds, ct);
        var krs = objectives.SelectMany(o => o.KeyResults).ToDictionary(k => k.Id);
        return (views.SelectMany(o => o.KeyResults.Select(k => (k, o.Title))).ToList(), krs);
    }
}
