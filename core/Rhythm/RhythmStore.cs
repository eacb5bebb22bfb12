using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Rhythm;

/// <summary>A tenant's schedule layers and cycles: loaded once per planner run, they are few.</summary>
public sealed class TenantRhythm
{
    internal TenantRhythm(Tenant tenant, IReadOnlyList<RhythmSchedule> layers, IReadOnlyList<Cycle> cycles)
    {
        Tenant = tenant;
        WrapUpCycles = cycles;
        ActiveCycles = [.. cycles.Where(c => c.State == CycleState.Active)];
        TenantLayer = layers.FirstOrDefault(l => l.TeamId is null && l.PersonId is null);
        TeamLayers = layers.Where(l => l.TeamId is not null && l.PersonId is null).GroupBy(l => l.TeamId!.Value).ToDictionary(g => g.Key, g => g.First());
        PersonLayers = layers.Where(l => l.PersonId is not null).GroupBy(l => l.PersonId!.Value).ToDictionary(g => g.Key, g => g.First());
        Layers = layers;
    }

    public Tenant Tenant { get; }
    /// <summary>The active cycles around now.</summary>
    public IReadOnlyList<Cycle> ActiveCycles { get; }
    /// <summary>The cycles something can be due for around now: running, or ended within <see cref="RhythmRules.WrapUpDays"/> (any state but planning).</summary>
    public IReadOnlyList<Cycle> WrapUpCycles { get; }
    public IReadOnlyList<RhythmSchedule> Layers { get; }
    private RhythmSchedule? TenantLayer { get; }
    private Dictionary<Guid, RhythmSchedule> TeamLayers { get; }
    private Dictionary<Guid, RhythmSchedule> PersonLayers { get; }

    public CheckInSchedule ScheduleOf(Person person) => CheckInSchedule.Resolve(
        TenantLayer, person.TeamId is { } team ? TeamLayers.GetValueOrDefault(team) : null, PersonLayers.GetValueOrDefault(person.Id), person.CheckInDay);

    /// <summary>
    /// Every schedule someone in the tenant can have, as far as the time of day goes (the day of the week aside): the
    /// planner uses them to skip the time zones where nothing can be due now.
    /// </summary>
    public IReadOnlyList<CheckInSchedule> DistinctSchedules()
    {
        var all = new HashSet<CheckInSchedule> { CheckInSchedule.Resolve(TenantLayer, null, null, null) };
        foreach (var team in TeamLayers.Values) all.Add(CheckInSchedule.Resolve(TenantLayer, team, null, null));
        foreach (var person in PersonLayers.Values)
        {
            all.Add(CheckInSchedule.Resolve(TenantLayer, null, person, null));
            foreach (var team in TeamLayers.Values) all.Add(CheckInSchedule.Resolve(TenantLayer, team, person, null));
        }

        return [.. all];
    }

    /// <summary>The cycle people work in on a local date: the shortest active cycle containing it (as Lookups.CurrentCycleAsync).</summary>
    public Cycle? CycleOn(DateOnly date) => Lookups.CurrentCycle(ActiveCycles, date);
}

/// <summary>What the rhythm rules know about one person now.</summary>
public sealed record PersonRhythm(Person Person, TimeZoneInfo Zone, CheckInSchedule Schedule, RhythmPerson Facts)
{
    public IReadOnlyList<DueDelivery> Due(DateTimeOffset now) => RhythmRules.Due(Facts, Schedule, Zone, now);
}

/// <summary>Loads what <see cref="RhythmRules"/> needs, for a page of people at a time (three queries a page).</summary>
public sealed class RhythmStore(OkrDatabase database)
{
    /// <summary>Tenants with a cycle something can be due for around <paramref name="now"/> (a day either side, for the zones far from UTC).</summary>
    public async Task<IReadOnlyList<Guid>> ActiveTenantsAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var (from, to) = DaysAround(now);
        var endedSince = from.AddDays(-RhythmRules.WrapUpDays);
        await using var db = database.Open();
        return await db.Cycles.AsNoTracking()
            .Where(c => c.State != CycleState.Planning && c.StartDate <= to && c.EndDate >= endedSince)
            .Select(c => c.TenantId).Distinct().ToListAsync(ct);
    }

    public async Task<TenantRhythm?> TenantAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct = default)
    {
        var (from, to) = DaysAround(now);
        await using var db = database.Open();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return null;
        var layers = await db.RhythmSchedules.AsNoTracking().Where(s => s.TenantId == tenantId).ToListAsync(ct);
        var endedSince = from.AddDays(-RhythmRules.WrapUpDays);
        var cycles = await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.State != CycleState.Planning && c.StartDate <= to && c.EndDate >= endedSince).ToListAsync(ct);
        return new TenantRhythm(tenant, layers, cycles);
    }

    /// <summary>The distinct time zones of a tenant's active people.</summary>
    public async Task<IReadOnlyList<string>> ZonesAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.People.AsNoTracking().Where(p => p.TenantId == tenantId && p.IsActive).Select(p => p.TimeZoneId).Distinct().ToListAsync(ct);
    }

    /// <summary>One page of a tenant's active people in one zone, by id after <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<Person>> PeopleAsync(Guid tenantId, string zone, Guid? after, int pageSize, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var people = db.People.AsNoTracking().Where(p => p.TenantId == tenantId && p.IsActive && p.TimeZoneId == zone);
        if (after is { } last)
        {
            // On PostgreSQL "after" is a row comparison over the (tenant, zone, id) index's columns, not "Id > last": the
            // statement is prepared, and its generic plan (no values known) walks the primary key from any "Id > $n",
            // filtering the zone out of the whole tenant, instead of reading the zone's next ids from the index.
            people = database.Provider == DatabaseProvider.Postgres
                ? people.Where(p => EF.Functions.GreaterThan(ValueTuple.Create(p.TimeZoneId, p.Id), ValueTuple.Create(zone, last)))
                : people.Where(p => p.Id.CompareTo(last) > 0);
        }

        return await people.OrderBy(p => p.Id).Take(pageSize).ToListAsync(ct);
    }

    /// <summary>
    /// The rules' view of each of <paramref name="people"/> at <paramref name="now"/>, complete (what a card checks before
    /// it is sent reads the check-ins itself): three queries whatever the page size.
    /// </summary>
    public Task<IReadOnlyList<PersonRhythm>> FactsAsync(TenantRhythm tenant, IReadOnlyList<Person> people, DateTimeOffset now, CancellationToken ct = default) =>
        FactsAsync(tenant, people, now, onlyWhatIsDue: false, ct);

    /// <summary>
    /// As <see cref="FactsAsync(TenantRhythm, IReadOnlyList{Person}, DateTimeOffset, CancellationToken)"/> for the planner:
    /// only the facts <see cref="RhythmRules.Due"/> reads at <paramref name="now"/>, so what is due is the same. Check-ins
    /// only of people with a reminder or escalation due (<see cref="RhythmRules.AnswersCanMatter"/>), reviews and scores
    /// only in their windows (<see cref="RhythmRules.ReviewCanBeDue"/>, <see cref="RhythmRules.ScoringCanBeDue"/>); the
    /// facts left out are empty (no check-ins) or true (reviewed, scored), which the rules do not look at then.
    /// </summary>
    public Task<IReadOnlyList<PersonRhythm>> DueFactsAsync(TenantRhythm tenant, IReadOnlyList<Person> people, DateTimeOffset now, CancellationToken ct = default) =>
        FactsAsync(tenant, people, now, onlyWhatIsDue: true, ct);

    private async Task<IReadOnlyList<PersonRhythm>> FactsAsync(TenantRhythm tenant, IReadOnlyList<Person> people, DateTimeOffset now, bool onlyWhatIsDue,
        CancellationToken ct)
    {
        if (people.Count == 0) return [];
        var tenantId = tenant.Tenant.Id;
        var ids = new List<Guid>(people.Count);
        var answersOf = new List<Guid>(onlyWhatIsDue ? 0 : people.Count);
        var zones = new TimeZoneInfo[people.Count];
        var schedules = new CheckInSchedule[people.Count];
        var zoneById = new Dictionary<string, TimeZoneInfo>();
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            ids.Add(p.Id);
            if (!zoneById.TryGetValue(p.TimeZoneId, out var zone)) zoneById[p.TimeZoneId] = zone = TimeZones.Find(p.TimeZoneId);
            (zones[i], schedules[i]) = (zone, tenant.ScheduleOf(p));
            if (!onlyWhatIsDue || RhythmRules.AnswersCanMatter(schedules[i], zone, now)) answersOf.Add(p.Id);
        }

        // The cycles something can be due for; whether their KRs are reviewed and scored is asked for only in those windows.
        var wrapUp = tenant.WrapUpCycles.Select(c => Facts(c, reviewed: true, scored: true)).ToList();
        var reviewsOrScores = !onlyWhatIsDue || wrapUp.Any(c => RhythmRules.ReviewCanBeDue(c, now) || RhythmRules.ScoringCanBeDue(c, now));

        await using var db = database.Open();
        var owned = await OwnedAsync(db, tenantId, ids, [.. wrapUp.Select(c => c.CycleId)], reviewsOrScores, ct);

        // When each person first checked in each week, summed up by the database (a row per person and week, not per KR).
        // Two weeks back covers the weeks the rules look at, whatever the zone; a zone ahead of UTC can be in next week
        // already. Check-ins are booked into their week's Monday, so these Mondays are every week the rules can look at:
        // asked for by value, they let the (tenant, week, author) index find each person's rows, where a range reads them all.
        var since = Weeks.StartOf(DateOnly.FromDateTime(now.UtcDateTime)).AddDays(-14);
        var weeks = Enumerable.Range(0, 4).Select(n => since.AddDays(7 * n)).ToList();
        var checkIns = answersOf.Count == 0 ? Enumerable.Empty<CheckInMark>().ToLookup(_ => Guid.Empty)
            : (await db.CheckIns.AsNoTracking()
                .Where(c => c.TenantId == tenantId && weeks.Contains(c.WeekOf) && answersOf.Contains(c.AuthorId))
                .GroupBy(c => new { c.AuthorId, c.WeekOf })
                .Select(g => new { g.Key.AuthorId, g.Key.WeekOf, At = g.Min(c => c.CreatedAt) })
                .ToListAsync(ct))
            .ToLookup(c => c.AuthorId, c => new CheckInMark(c.WeekOf, c.At));
        var managers = (await db.People.AsNoTracking()
                .Where(p => p.TenantId == tenantId && p.IsActive && p.ManagerId != null && ids.Contains(p.ManagerId.Value))
                .Select(p => p.ManagerId!.Value).Distinct().ToListAsync(ct))
            .ToHashSet();

        var result = new PersonRhythm[people.Count];
        var cycleOn = new Dictionary<DateOnly, Cycle?>();
        for (var i = 0; i < people.Count; i++)
        {
            var (p, zone) = (people[i], zones[i]);
            var today = Weeks.LocalDate(now, zone);
            if (!cycleOn.TryGetValue(today, out var cycle)) cycleOn[today] = cycle = tenant.CycleOn(today);
            var mine = owned.GetValueOrDefault(p.Id);
            var isManager = managers.Contains(p.Id);
            var cycles = new List<CycleFacts>(wrapUp.Count);
            foreach (var c in wrapUp)
            {
                // A cycle as far as the person's wrap-up goes: for an owner of KRs in it, whether they reviewed and scored
                // them all; a manager owning none still plans the next cycle and reads the results, with nothing to review or score.
                if (mine?.GetValueOrDefault(c.CycleId) is { } kr) cycles.Add(c with { Reviewed = kr.Reviewed, Scored = kr.Scored });
                else if (isManager) cycles.Add(c);
            }

            var facts = new RhythmPerson(p.IsActive, p.AwayUntil, cycle is not null && mine?.GetValueOrDefault(cycle.Id)?.Live > 0, p.ManagerId is not null,
                [.. checkIns[p.Id]])
            {
                CheckInsFrom = cycle?.StartDate ?? DateOnly.MinValue,
                GetsDigest = cycle is not null && isManager,
                Cycles = cycles,
            };
            result[i] = new PersonRhythm(p, zone, schedules[i], facts);
        }

        return result;
    }

    /// <summary>What a person's KRs in one cycle add up to for the rules.</summary>
    /// <param name="Live">KRs not dropped.</param>
    /// <param name="Reviewed">Every KR has a review decision (true when not asked for).</param>
    /// <param name="Scored">Every KR not dropped has a score (true when not asked for).</param>
    private sealed record OwnedInCycle(int Live, bool Reviewed, bool Scored);

    /// <summary>
    /// Per owner and cycle of <paramref name="cycleIds"/>, the owners' KRs summed up. Outside review and scoring windows (the
    /// planner, most of the time) two queries: the KRs counted per owner and objective by the database, and the objectives'
    /// cycles through the owners' objectives (the owner index), plus the objectives of others a KR is in, by id. A join, or
    /// a lookup of the objective per KR, makes PostgreSQL read the tenant's objectives whole or probe them once per KR (and a
    /// review and a score per KR on top: three times the time). Otherwise one query, a row per KR with those lookups.
    /// </summary>
    private static async Task<Dictionary<Guid, Dictionary<Guid, OwnedInCycle>>> OwnedAsync(OkrDbContext db, Guid tenantId, List<Guid> ids,
        HashSet<Guid> cycleIds, bool reviewsOrScores, CancellationToken ct)
    {
        var owned = new Dictionary<Guid, Dictionary<Guid, OwnedInCycle>>();
        if (cycleIds.Count == 0) return owned;
        void Add(Guid owner, Guid cycle, int live, bool reviewed, bool scored)
        {
            if (!cycleIds.Contains(cycle)) return;
            if (!owned.TryGetValue(owner, out var byCycle)) owned[owner] = byCycle = [];
            byCycle[cycle] = byCycle.TryGetValue(cycle, out var was)
                ? new OwnedInCycle(was.Live + live, was.Reviewed && reviewed, was.Scored && scored)
                : new OwnedInCycle(live, reviewed, scored);
        }

        if (reviewsOrScores)
        {
            // Kept to the wrap-up cycles here, not in SQL, where it would look the objective up twice.
            foreach (var k in await db.KeyResults.AsNoTracking()
                         .Where(k => k.TenantId == tenantId && ids.Contains(k.OwnerId))
                         .Select(k => new
                         {
                             k.OwnerId, CycleId = db.Objectives.Where(o => o.Id == k.ObjectiveId).Select(o => o.CycleId).First(), k.IsDropped,
                             Reviewed = db.ReviewDecisions.Any(r => r.KeyResultId == k.Id), Scored = db.Scores.Any(s => s.KeyResultId == k.Id),
                         })
                         .ToListAsync(ct))
                Add(k.OwnerId, k.CycleId, k.IsDropped ? 0 : 1, k.Reviewed, k.IsDropped || k.Scored);
            return owned;
        }

        var groups = await db.KeyResults.AsNoTracking()
            .Where(k => k.TenantId == tenantId && ids.Contains(k.OwnerId))
            .GroupBy(k => new { k.OwnerId, k.ObjectiveId })
            .Select(g => new { g.Key.OwnerId, g.Key.ObjectiveId, Live = g.Count(k => !k.IsDropped) })
            .ToListAsync(ct);
        if (groups.Count == 0) return owned;
        // Every objective of the owners, whatever its cycle (two columns each), so that only KRs in others' objectives are left.
        var cycleOf = await db.Objectives.AsNoTracking()
            .Where(o => o.TenantId == tenantId && o.OwnerPersonId != null && ids.Contains(o.OwnerPersonId.Value))
            .Select(o => new { o.Id, o.CycleId }).ToDictionaryAsync(o => o.Id, o => o.CycleId, ct);
        var elsewhere = groups.Select(g => g.ObjectiveId).Where(id => !cycleOf.ContainsKey(id)).Distinct().ToList();
        if (elsewhere.Count > 0)
        {
            foreach (var o in await db.Objectives.AsNoTracking().Where(o => elsewhere.Contains(o.Id)).Select(o => new { o.Id, o.CycleId }).ToListAsync(ct))
                cycleOf[o.Id] = o.CycleId;
        }

        foreach (var g in groups)
            if (cycleOf.TryGetValue(g.ObjectiveId, out var cycle)) Add(g.OwnerId, cycle, g.Live, reviewed: true, scored: true);
        return owned;
    }

    private static CycleFacts Facts(Cycle cycle, bool reviewed, bool scored) =>
        new(cycle.Id, cycle.Kind, cycle.State, cycle.StartDate, cycle.EndDate, reviewed, scored);

    private static (DateOnly From, DateOnly To) DaysAround(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today.AddDays(-1), today.AddDays(1));
    }
}
