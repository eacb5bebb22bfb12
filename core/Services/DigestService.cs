using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <param name="Expected">False when the person is away or has no KR this cycle: nobody chases them.</param>
public sealed record DigestReport(Guid PersonId, string Name, bool CheckedIn, bool Expected, bool Away);

public sealed record DigestRisk(Guid KeyResultId, string Title, string OwnerName, KrStatus Status, string? Reason);

public sealed record DigestMover(Guid KeyResultId, string Title, string OwnerName, decimal ProgressBefore, decimal ProgressNow)
{
    public decimal Delta => ProgressNow - ProgressBefore;
}

public sealed record DigestObjective(Guid ObjectiveId, string Title, string OwnerName, decimal Progress);

/// <summary>What a manager reads before the weekly meeting.</summary>
/// <param name="SmallWins">The small wins (小而美) the manager and their reports recorded in the week, oldest first.</param>
public sealed record ManagerDigest(
    Guid ManagerId, string ManagerName, string CycleName, DateOnly WeekOf,
    IReadOnlyList<DigestReport> Reports, IReadOnlyList<DigestRisk> Risks, IReadOnlyList<DigestMover> Movers,
    IReadOnlyList<DigestObjective> Objectives, IReadOnlyList<SmallWinView>? SmallWins = null)
{
    public IReadOnlyList<SmallWinView> Wins => SmallWins ?? [];

    public int ExpectedCount => Reports.Count(r => r.Expected);
    public int CheckedInCount => Reports.Count(r => r.Expected && r.CheckedIn);
    /// <summary>Share of expected reports who checked in, 0..1; 1 when nobody was expected.</summary>
    public decimal Completion => ExpectedCount == 0 ? 1m : (decimal)CheckedInCount / ExpectedCount;
    public IEnumerable<DigestReport> Missing => Reports.Where(r => r.Expected && !r.CheckedIn);
}

/// <summary>Builds a manager's digest over their direct reports for one check-in week.</summary>
public sealed class DigestService(OkrDatabase database, TimeProvider clock)
{
    public const int MaxMovers = 5;

    public async Task<Result<ManagerDigest>> BuildAsync(Actor manager, DateOnly weekOf, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, manager, ct);
        if (me.Error is { } error) return error;
        var week = Weeks.StartOf(weekOf);
        var lastDay = week.AddDays(6);
        var cycle = await Lookups.CurrentCycleAsync(db, manager.TenantId, lastDay, ct)
                    ?? await Lookups.CurrentCycleAsync(db, manager.TenantId, week, ct);
        if (cycle is null)
            return Result<ManagerDigest>.Fail(OkrErrorCode.NotFound, "There is no active OKR cycle in that week.", "cycle");

        var reports = (await db.People.AsNoTracking()
            .Where(p => p.TenantId == manager.TenantId && p.ManagerId == manager.PersonId && p.IsActive)
            .ToListAsync(ct))
            // Sorted here, not by the database, so the order does not depend on the server's collation.
            .OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id).ToList();
        var reportIds = reports.Select(r => r.Id).ToList();

        var candidates = await db.Objectives.AsNoTracking()
            .Where(o => o.TenantId == manager.TenantId && o.CycleId == cycle.Id && o.State == ObjectiveState.Published)
            .Where(o => o.KeyResults.Any(k => reportIds.Contains(k.OwnerId)) || reportIds.Contains(o.OwnerPersonId!.Value))
            .Include(o => o.KeyResults).ThenInclude(k => k.Participants).ToListAsync(ct);
        // A report's KR in someone else's private objective is not the manager's to read about.
        var objectives = new List<Objective>();
        foreach (var o in candidates)
            if (await Audiences.VisibleToAsync(db, manager.TenantId, manager.PersonId, o, ct))
                objectives.Add(o);
        var reportKrs = objectives.SelectMany(o => o.KeyResults).Where(k => reportIds.Contains(k.OwnerId) && !k.IsDropped).ToList();
        var reportKrIds = reportKrs.Select(k => k.Id).ToList();
        // Every check-in of the week on the reports' KRs, whoever wrote it (a manager's update moves a KR too).
        var checkIns = await db.CheckIns.AsNoTracking()
            .Where(c => c.TenantId == manager.TenantId && c.WeekOf == week && (reportIds.Contains(c.AuthorId) || reportKrIds.Contains(c.KeyResultId)))
            .ToListAsync(ct);
        var thresholds = (await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == manager.TenantId, ct)).Thresholds;

        // Judge statuses and absences as of today while the week is running, not as of its Sunday.
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(me.Value!.TimeZoneId));
        var asOf = today < week ? week : today > lastDay ? lastDay : today;

        var names = reports.ToDictionary(r => r.Id, r => r.DisplayName);
        var checkedIn = checkIns.Where(c => names.ContainsKey(c.AuthorId)).Select(c => c.AuthorId).ToHashSet();
        var owning = reportKrs.Select(k => k.OwnerId).ToHashSet();

        var rows = reports.Select(r =>
        {
            var away = r.IsAwayOn(asOf);
            return new DigestReport(r.Id, r.DisplayName, checkedIn.Contains(r.Id), !away && owning.Contains(r.Id), away);
        }).ToList();

        var risks = reportKrs
            .Select(k => (Kr: k, Status: StatusRules.EffectiveFor(k, cycle, asOf, thresholds)))
            .Where(x => x.Status != KrStatus.OnTrack)
            .OrderByDescending(x => x.Status).ThenBy(x => names[x.Kr.OwnerId], StringComparer.OrdinalIgnoreCase)
            .Select(x => new DigestRisk(x.Kr.Id, x.Kr.Title, names[x.Kr.OwnerId], x.Status, x.Kr.StatusReason)).ToList();

        var krById = reportKrs.ToDictionary(k => k.Id);
        var movers = checkIns.Where(c => krById.ContainsKey(c.KeyResultId))
            .GroupBy(c => c.KeyResultId)
            .Select(g =>
            {
                var kr = krById[g.Key];
                // Where the KR stood before the week's first check-in, and where the latest one left it.
                var first = g.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).First();
                var latest = g.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).First();
                return new DigestMover(kr.Id, kr.Title, names[kr.OwnerId],
                    Progress.Of(kr.Kind, kr.Direction, kr.StartValue, first.ValueBefore, kr.TargetValue),
                    Progress.Of(kr.Kind, kr.Direction, kr.StartValue, latest.Value, kr.TargetValue));
            })
            .Where(m => m.Delta != 0m)
            .OrderByDescending(m => Math.Abs(m.Delta)).ThenBy(m => m.Title, StringComparer.Ordinal)
            .Take(MaxMovers).ToList();

        var objectiveRows = objectives.Where(o => o.OwnerPersonId is { } owner && names.ContainsKey(owner))
            .OrderBy(o => names[o.OwnerPersonId!.Value]).ThenBy(o => o.CreatedAt)
            .Select(o => new DigestObjective(o.Id, o.Title, names[o.OwnerPersonId!.Value], Progress.OfObjective(o.KeyResults))).ToList();

        var wins = await SmallWinService.OfWeekAsync(db, manager.TenantId, week, [.. reportIds, manager.PersonId], ct);
        return new ManagerDigest(me.Value.Id, me.Value.DisplayName, cycle.Name, week, rows, risks, movers, objectiveRows, wins);
    }
}
