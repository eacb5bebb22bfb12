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

/// <summary>One digest to build: whose, and the check-in week it reports on (any day of it).</summary>
public readonly record struct DigestRequest(Guid ManagerId, DateOnly WeekOf);

/// <summary>
/// Builds managers' digests over their direct reports for one check-in week. One digest or a page of them costs the same
/// few queries (<see cref="BuildManyAsync"/>): a digest run over a large organisation reads in pages of managers, never a
/// query per person.
/// </summary>
public sealed class DigestService(OkrDatabase database, TimeProvider clock)
{
    public const int MaxMovers = 5;

    /// <summary>One manager's digest: <see cref="BuildManyAsync"/> with one request.</summary>
    public async Task<Result<ManagerDigest>> BuildAsync(Actor manager, DateOnly weekOf, CancellationToken ct = default) =>
        (await BuildManyAsync(manager.TenantId, [new DigestRequest(manager.PersonId, weekOf)], ct))[0];

    /// <summary>
    /// The digests of many managers of one tenant, in the order asked, each exactly as it would be built alone. Ten queries
    /// however many are asked for (the managers, the cycles, the reports, their KRs, their objectives, the other KRs of those,
    /// the KRs' participants, the week's check-ins, the week's small wins, the tenant's thresholds), and a few more for all of
    /// them together where needed: the objectives of others that a report owns a KR in, and for private objectives their
    /// teams and the levels of the org chart above their owners. Memory grows with the request, so callers page a large
    /// organisation.
    /// </summary>
    public async Task<IReadOnlyList<Result<ManagerDigest>>> BuildManyAsync(Guid tenantId, IReadOnlyList<DigestRequest> requests, CancellationToken ct = default)
    {
        var results = new Result<ManagerDigest>[requests.Count];
        if (requests.Count == 0) return results;
        await using var db = database.Open();

        var managerIds = requests.Select(r => r.ManagerId).Distinct().ToList();
        var managers = await db.People.AsNoTracking().Where(p => p.TenantId == tenantId && managerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        if (managers.Values.All(m => !m.IsActive))
        {
            for (var i = 0; i < requests.Count; i++) results[i] = Lookups.ActorRefusal(managers.GetValueOrDefault(requests[i].ManagerId))!;
            return results;
        }

        var weeks = requests.Select(r => Weeks.StartOf(r.WeekOf)).Distinct().ToList();
        var (firstDay, lastDay) = (weeks.Min(), weeks.Max().AddDays(6));
        var cycles = await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.State == CycleState.Active && c.StartDate <= lastDay && c.EndDate >= firstDay)
            .ToListAsync(ct);

        var jobs = new List<DigestJob>();
        for (var i = 0; i < requests.Count; i++)
        {
            var manager = managers.GetValueOrDefault(requests[i].ManagerId);
            if (Lookups.ActorRefusal(manager) is { } refusal)
            {
                results[i] = refusal;
                continue;
            }

            var week = Weeks.StartOf(requests[i].WeekOf);
            // The cycle of the week's last day, else of its first, as Lookups.CurrentCycleAsync picks it.
            var cycle = Lookups.CurrentCycle(cycles, week.AddDays(6)) ?? Lookups.CurrentCycle(cycles, week);
            if (cycle is null)
            {
                results[i] = Result<ManagerDigest>.Fail(OkrErrorCode.NotFound, "There is no active OKR cycle in that week.", "cycle");
                continue;
            }

            jobs.Add(new DigestJob(i, manager!, week, cycle));
        }

        if (jobs.Count == 0) return results;
        var load = await LoadAsync(db, tenantId, jobs, ct);
        var now = clock.GetUtcNow();
        foreach (var job in jobs) results[job.Index] = Compose(job, load, now);
        return results;
    }

    /// <summary>A digest that can be built: its manager may act and the week has a cycle.</summary>
    private sealed record DigestJob(int Index, Person Manager, DateOnly Week, Cycle Cycle);

    private sealed record ReportRow(Guid Id, Guid ManagerId, string DisplayName, DateOnly? AwayUntil)
    {
        public bool IsAwayOn(DateOnly localDate) => AwayUntil is { } until && localDate <= until;
    }

    private sealed record CheckInRow(Guid Id, Guid KeyResultId, Guid AuthorId, DateOnly WeekOf, decimal ValueBefore, decimal Value,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>
    /// A KR as a digest reads it (progress, status, the risk's reason; not its unit, confidence or version): a plain row, not
    /// an entity, since a page reads some 36,000 of them and an entity's construction (a new id, a list of participants) cost
    /// more than reading it. Its progress is worked out once, not once per manager who sees it.
    /// </summary>
    private sealed record KrRow(Guid Id, Guid ObjectiveId, string Title, KeyResultKind Kind, Direction Direction, decimal StartValue,
        decimal TargetValue, decimal Weight, Guid OwnerId, decimal CurrentValue, KrStatus? Status, string? StatusReason, bool IsDropped)
    {
        public decimal Progress { get; } = Rules.Progress.Of(Kind, Direction, StartValue, CurrentValue, TargetValue);
    }

    /// <summary>The objectives a page's reports own or own a KR in, their KRs (by id) and each objective's progress.</summary>
    private sealed record PageObjectives(List<Objective> Objectives, Dictionary<Guid, List<KrRow>> KrsOf, Dictionary<Guid, decimal> ProgressOf);

    /// <summary>What the digests of a page of managers are made from, read together.</summary>
    private sealed record DigestLoad(
        ILookup<Guid, ReportRow> ReportsOf, IReadOnlyDictionary<(Guid Manager, Guid Cycle), List<Objective>> VisibleObjectives,
        IReadOnlyDictionary<Guid, List<KrRow>> KrsOf, IReadOnlyDictionary<Guid, decimal> ProgressOf,
        ILookup<Guid, CheckInRow> CheckInsByAuthor, ILookup<Guid, CheckInRow> CheckInsByKeyResult, StatusThresholds Thresholds,
        ILookup<Guid, RecordedWin> WinsByPerson);

    private static async Task<DigestLoad> LoadAsync(OkrDbContext db, Guid tenantId, IReadOnlyList<DigestJob> jobs, CancellationToken ct)
    {
        var managerIds = jobs.Select(j => j.Manager.Id).Distinct().ToList();
        var reports = await db.People.AsNoTracking()
            .Where(p => p.TenantId == tenantId && p.IsActive && p.ManagerId != null && managerIds.Contains(p.ManagerId.Value))
            .Select(p => new ReportRow(p.Id, p.ManagerId!.Value, p.DisplayName, p.AwayUntil))
            .ToListAsync(ct);
        var reportsOf = reports.ToLookup(r => r.ManagerId);
        var managerOfReport = reports.ToDictionary(r => r.Id, r => r.ManagerId);
        var reportIds = reports.Select(r => r.Id).ToList();
        var cycleIds = jobs.Select(j => j.Cycle.Id).Distinct().ToList();

        var page = reportIds.Count == 0 ? new PageObjectives([], [], []) : await ObjectivesAsync(db, tenantId, reportIds, cycleIds, ct);
        var candidates = page.Objectives;

        // Each objective goes to the managers of the reports who own it or one of its KRs, if it is of that manager's cycle.
        var jobsOf = jobs.ToLookup(j => j.Manager.Id);
        var pairs = new List<(Guid Viewer, Objective Objective)>();
        var managersOf = new List<Guid>();
        foreach (var objective in candidates)
        {
            managersOf.Clear();
            if (objective.OwnerPersonId is { } owner && managerOfReport.TryGetValue(owner, out var ownersManager)) managersOf.Add(ownersManager);
            foreach (var kr in page.KrsOf[objective.Id])
                if (managerOfReport.TryGetValue(kr.OwnerId, out var manager) && !managersOf.Contains(manager)) managersOf.Add(manager);
            foreach (var manager in managersOf)
                if (jobsOf[manager].Any(j => j.Cycle.Id == objective.CycleId)) pairs.Add((manager, objective));
        }

        // A report's KR in someone else's private objective is not the manager's to read about.
        var known = jobs.Select(j => j.Manager).DistinctBy(m => m.Id).ToDictionary(m => m.Id, m => m.ManagerId);
        foreach (var report in reports) known[report.Id] = report.ManagerId;
        var visible = await Audiences.VisibleToManyAsync(db, tenantId, pairs, known, ct);
        var visibleObjectives = new Dictionary<(Guid, Guid), List<Objective>>();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (!visible[i]) continue;
            var (manager, objective) = pairs[i];
            var key = (manager, objective.CycleId);
            if (!visibleObjectives.TryGetValue(key, out var list)) visibleObjectives[key] = list = [];
            list.Add(objective);
        }

        // Every check-in of the weeks on the reports' KRs, whoever wrote it (a manager's update moves a KR too), and the
        // reports' own: each digest then takes those of its week, its reports and its reports' visible KRs.
        var krIds = visibleObjectives.Values.SelectMany(l => l).Distinct().SelectMany(o => page.KrsOf[o.Id])
            .Where(k => managerOfReport.ContainsKey(k.OwnerId) && !k.IsDropped).Select(k => k.Id).Distinct().ToList();
        var weeks = jobs.Select(j => j.Week).Distinct().ToList();
        List<CheckInRow> checkIns = [];
        if (reportIds.Count > 0)
        {
            // The reports' own through the (tenant, week, author) index and all on the reports' KRs through the (KR, author,
            // week) index, merged by the UNION. With an OR, PostgreSQL reads the organisation's whole week for each page. The
            // statements are prepared, and a generic plan neither narrows the KR index by a list of weeks nor hashes a
            // "not by the reports" list (4,000 comparisons a row): one week, the usual case, is asked for as an equality.
            var ofWeek = weeks.Count == 1 ? db.CheckIns.Where(c => c.WeekOf == weeks[0]) : db.CheckIns.Where(c => weeks.Contains(c.WeekOf));
            var byReports = ofWeek.AsNoTracking().Where(c => c.TenantId == tenantId && reportIds.Contains(c.AuthorId));
            var onKrs = ofWeek.AsNoTracking().Where(c => krIds.Contains(c.KeyResultId));
            checkIns = await byReports.Select(c => new { c.Id, c.KeyResultId, c.AuthorId, c.WeekOf, c.ValueBefore, c.Value, c.CreatedAt, c.UpdatedAt })
                .Union(onKrs.Select(c => new { c.Id, c.KeyResultId, c.AuthorId, c.WeekOf, c.ValueBefore, c.Value, c.CreatedAt, c.UpdatedAt }))
                .Select(c => new CheckInRow(c.Id, c.KeyResultId, c.AuthorId, c.WeekOf, c.ValueBefore, c.Value, c.CreatedAt, c.UpdatedAt))
                .ToListAsync(ct);
        }

        // The small wins of the weeks by the managers and their reports: one query for the page.
        var authors = reportIds.Concat(managerIds).Distinct().ToList();
        var wins = await SmallWinService.OfWeeksAsync(db, tenantId, weeks, authors, ct);

        var thresholds = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => new StatusThresholds(t.AtRiskWhenBehind, t.OffTrackWhenBehind)).FirstAsync(ct);
        return new DigestLoad(reportsOf, visibleObjectives, page.KrsOf, page.ProgressOf, checkIns.ToLookup(c => c.AuthorId), checkIns.ToLookup(c => c.KeyResultId), thresholds,
            wins.ToLookup(w => w.PersonId));
    }

    /// <summary>
    /// The published objectives of <paramref name="cycleIds"/> that the reports own or own a KR in, in id order (the order one
    /// query with includes returned them in), each with all its KRs, whoever owns them, in id order. Found through the owner
    /// indexes (the reports' KRs, their objectives), then the KRs by objective: a query joining objectives to KRs by the
    /// reports, or asking for thousands of objectives by id, makes PostgreSQL read the cycle's objectives whole for each page.
    /// Only the columns a digest shows or the access rule reads are read. Objectives that are not public get their KRs as
    /// entities with their participants too, which the access rule counts as contributors (public ones are visible anyway).
    /// </summary>
    private static async Task<PageObjectives> ObjectivesAsync(OkrDbContext db, Guid tenantId, List<Guid> reportIds, List<Guid> cycleIds,
        CancellationToken ct)
    {
        var reportKrObjectives = await db.KeyResults.Where(k => k.TenantId == tenantId && reportIds.Contains(k.OwnerId))
            .Select(k => k.ObjectiveId).Distinct().ToListAsync(ct);
        var objectives = await Listed(db.Objectives.AsNoTracking()
                .Where(o => o.TenantId == tenantId && cycleIds.Contains(o.CycleId) && o.State == ObjectiveState.Published && reportIds.Contains(o.OwnerPersonId!.Value)))
            .ToDictionaryAsync(o => o.Id, ct);
        // Objectives of someone else (or of a team) that a report owns a KR in: few, by id.
        var elsewhere = reportKrObjectives.Where(id => !objectives.ContainsKey(id)).ToList();
        if (elsewhere.Count > 0)
        {
            foreach (var o in await Listed(db.Objectives.AsNoTracking()
                         .Where(o => elsewhere.Contains(o.Id) && o.TenantId == tenantId && cycleIds.Contains(o.CycleId) && o.State == ObjectiveState.Published))
                         .ToListAsync(ct))
                objectives[o.Id] = o;
        }

        // All their KRs, whoever owns them. (Not "the others' KRs": the statements are prepared, and a generic plan compares
        // each row with the 4,000 reports one by one.)
        var objectiveIds = objectives.Keys.ToList();
        var krs = await db.KeyResults.AsNoTracking().Where(k => objectiveIds.Contains(k.ObjectiveId))
            .Select(k => new KrRow(k.Id, k.ObjectiveId, k.Title, k.Kind, k.Direction, k.StartValue, k.TargetValue, k.Weight, k.OwnerId,
                k.CurrentValue, k.Status, k.StatusReason, k.IsDropped))
            .ToListAsync(ct);
        krs.Sort((a, b) => a.Id.CompareTo(b.Id));
        var krsOf = new Dictionary<Guid, List<KrRow>>(objectives.Count);
        foreach (var id in objectiveIds) krsOf[id] = [];
        foreach (var kr in krs) krsOf[kr.ObjectiveId].Add(kr);
        var progressOf = new Dictionary<Guid, decimal>(objectives.Count);
        foreach (var (id, list) in krsOf)
            progressOf[id] = Progress.WeightedAverage(list.Where(k => !k.IsDropped).Select(k => (k.Weight, k.Progress)));

        var restricted = objectives.Values.Where(o => o.Visibility != Visibility.Public).ToList();
        var restrictedKrIds = restricted.SelectMany(o => krsOf[o.Id]).Select(k => k.Id).ToList();
        var participants = restrictedKrIds.Count == 0 ? Enumerable.Empty<KeyResultParticipant>().ToLookup(p => p.KeyResultId)
            : (await db.KeyResultParticipants.AsNoTracking().Where(p => restrictedKrIds.Contains(p.KeyResultId)).ToListAsync(ct)).ToLookup(p => p.KeyResultId);
        foreach (var objective in restricted)
        {
            foreach (var k in krsOf[objective.Id])
            {
                objective.KeyResults.Add(new KeyResult
                {
                    Id = k.Id, TenantId = objective.TenantId, ObjectiveId = k.ObjectiveId, Objective = objective, Title = k.Title, Kind = k.Kind,
                    Direction = k.Direction, StartValue = k.StartValue, TargetValue = k.TargetValue, Weight = k.Weight, OwnerId = k.OwnerId,
                    CurrentValue = k.CurrentValue, Status = k.Status, StatusReason = k.StatusReason, IsDropped = k.IsDropped,
                    Participants = [.. participants[k.Id]],
                });
            }
        }

        return new PageObjectives([.. objectives.Values.OrderBy(o => o.Id)], krsOf, progressOf);
    }

    /// <summary>Objectives with what a digest or the access rule reads of them (not their description or parents).</summary>
    private static IQueryable<Objective> Listed(IQueryable<Objective> objectives) => objectives.Select(o => new Objective
    {
        Id = o.Id, TenantId = o.TenantId, CycleId = o.CycleId, Title = o.Title, OwnerPersonId = o.OwnerPersonId, OwnerTeamId = o.OwnerTeamId,
        State = o.State, Visibility = o.Visibility, CreatedAt = o.CreatedAt,
    });

    /// <summary>One manager's digest from what was read for the page.</summary>
    private static ManagerDigest Compose(DigestJob job, DigestLoad load, DateTimeOffset now)
    {
        var (me, week, cycle) = (job.Manager, job.Week, job.Cycle);
        var lastDay = week.AddDays(6);
        // Sorted here, not by the database, so the order does not depend on the server's collation.
        var reports = load.ReportsOf[me.Id].OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Id).ToList();
        var names = reports.ToDictionary(r => r.Id, r => r.DisplayName);
        var objectives = load.VisibleObjectives.GetValueOrDefault((me.Id, cycle.Id)) ?? [];
        var reportKrs = new List<KrRow>();
        foreach (var o in objectives)
            foreach (var k in load.KrsOf[o.Id])
                if (!k.IsDropped && names.ContainsKey(k.OwnerId)) reportKrs.Add(k);
        // The week's check-ins by the reports or on their KRs, in one order whatever the page (the movers' ties keep it).
        var checkIns = new List<CheckInRow>(reportKrs.Count * 2);
        var seen = new HashSet<Guid>(reportKrs.Count * 2);
        foreach (var r in reports)
            foreach (var c in load.CheckInsByAuthor[r.Id])
                if (c.WeekOf == week && seen.Add(c.Id)) checkIns.Add(c);
        foreach (var k in reportKrs)
            foreach (var c in load.CheckInsByKeyResult[k.Id])
                if (c.WeekOf == week && seen.Add(c.Id)) checkIns.Add(c);
        checkIns.Sort((a, b) => a.Id.CompareTo(b.Id));

        // Judge statuses and absences as of today while the week is running, not as of its Sunday.
        var today = Weeks.LocalDate(now, TimeZones.Find(me.TimeZoneId));
        var asOf = today < week ? week : today > lastDay ? lastDay : today;

        var checkedIn = checkIns.Where(c => names.ContainsKey(c.AuthorId)).Select(c => c.AuthorId).ToHashSet();
        var owning = reportKrs.Select(k => k.OwnerId).ToHashSet();

        var rows = reports.Select(r =>
        {
            var away = r.IsAwayOn(asOf);
            return new DigestReport(r.Id, r.DisplayName, checkedIn.Contains(r.Id), !away && owning.Contains(r.Id), away);
        }).ToList();

        // As StatusRules.EffectiveFor, with each KR's progress worked out once for the page.
        var elapsed = cycle.ElapsedFraction(asOf);
        var risks = reportKrs
            .Select(k => (Kr: k, Status: StatusRules.Effective(k.Status, StatusRules.Suggest(k.Progress, elapsed, load.Thresholds))))
            .Where(x => x.Status != KrStatus.OnTrack)
            .OrderByDescending(x => x.Status).ThenBy(x => names[x.Kr.OwnerId], StringComparer.OrdinalIgnoreCase)
            .Select(x => new DigestRisk(x.Kr.Id, x.Kr.Title, names[x.Kr.OwnerId], x.Status, x.Kr.StatusReason)).ToList();

        // Per KR, where it stood before the week's first check-in and where the latest one left it (in first-seen order).
        var krById = reportKrs.ToDictionary(k => k.Id);
        var span = new Dictionary<Guid, (CheckInRow First, CheckInRow Latest)>();
        var order = new List<Guid>();
        foreach (var c in checkIns)
        {
            if (!krById.ContainsKey(c.KeyResultId)) continue;
            if (!span.TryGetValue(c.KeyResultId, out var was))
            {
                span[c.KeyResultId] = (c, c);
                order.Add(c.KeyResultId);
                continue;
            }

            var first = (c.CreatedAt, c.Id).CompareTo((was.First.CreatedAt, was.First.Id)) < 0 ? c : was.First;
            var latest = (c.UpdatedAt, c.Id).CompareTo((was.Latest.UpdatedAt, was.Latest.Id)) > 0 ? c : was.Latest;
            span[c.KeyResultId] = (first, latest);
        }

        var movers = order
            .Select(id =>
            {
                var (kr, (first, latest)) = (krById[id], span[id]);
                return new DigestMover(kr.Id, kr.Title, names[kr.OwnerId],
                    Progress.Of(kr.Kind, kr.Direction, kr.StartValue, first.ValueBefore, kr.TargetValue),
                    Progress.Of(kr.Kind, kr.Direction, kr.StartValue, latest.Value, kr.TargetValue));
            })
            .Where(m => m.Delta != 0m)
            .OrderByDescending(m => Math.Abs(m.Delta)).ThenBy(m => m.Title, StringComparer.Ordinal)
            .Take(MaxMovers).ToList();

        var objectiveRows = objectives.Where(o => o.OwnerPersonId is { } owner && names.ContainsKey(owner))
            .OrderBy(o => names[o.OwnerPersonId!.Value]).ThenBy(o => o.CreatedAt)
            .Select(o => new DigestObjective(o.Id, o.Title, names[o.OwnerPersonId!.Value], load.ProgressOf[o.Id])).ToList();

        var wins = reports.Select(r => r.Id).Append(me.Id).SelectMany(id => load.WinsByPerson[id]).Where(w => w.Week == week)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .Select(w => w.View).ToList();
        return new ManagerDigest(me.Id, me.DisplayName, cycle.Name, week, rows, risks, movers, objectiveRows, wins);
    }
}
