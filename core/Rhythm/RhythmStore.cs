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
    public Cycle? CycleOn(DateOnly date) =>
        ActiveCycles.Where(c => c.Contains(date)).OrderByDescending(c => c.StartDate).ThenBy(c => c.EndDate).FirstOrDefault();
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

    /// <summary>The rules' view of each of <paramref name="people"/> at <paramref name="now"/> (four queries, whatever the page size).</summary>
    public async Task<IReadOnlyList<PersonRhythm>> FactsAsync(TenantRhythm tenant, IReadOnlyList<Person> people, DateTimeOffset now, CancellationToken ct = default)
    {
        if (people.Count == 0) return [];
        var tenantId = tenant.Tenant.Id;
        var ids = people.Select(p => p.Id).ToList();
        var cycleIds = tenant.WrapUpCycles.Select(c => c.Id).ToList();
        // Two weeks back covers the weeks the rules look at, whatever the zone; a zone ahead of UTC can be in next week already.
        // Check-ins are booked into their week's Monday, so these Mondays are every week the rules can look at: asked for by
        // value, they let the (tenant, week, author) index find each person's rows, where a range of weeks reads them all.
        var since = Weeks.StartOf(DateOnly.FromDateTime(now.UtcDateTime)).AddDays(-14);
        var weeks = Enumerable.Range(0, 4).Select(n => since.AddDays(7 * n)).ToList();
        await using var db = database.Open();
        // The KR's cycle through a lookup of its objective per KR: a join lets PostgreSQL read every objective of the tenant
        // for each page of people. Kept to the wrap-up cycles here, not in SQL, where it would look the objective up twice.
        var owned = (await db.KeyResults.AsNoTracking()
                .Where(k => k.TenantId == tenantId && ids.Contains(k.OwnerId))
                .Select(k => new
                {
                    k.OwnerId, CycleId = db.Objectives.Where(o => o.Id == k.ObjectiveId).Select(o => o.CycleId).First(), k.IsDropped,
                    Reviewed = db.ReviewDecisions.Any(r => r.KeyResultId == k.Id), Scored = db.Scores.Any(s => s.KeyResultId == k.Id),
                })
                .ToListAsync(ct))
            .Where(k => cycleIds.Contains(k.CycleId))
            .Select(k => new OwnedKeyResult(k.OwnerId, k.CycleId, k.IsDropped, k.Reviewed, k.Scored))
            .ToLookup(k => k.OwnerId);
        // When each person first checked in each week, summed up by the database (a row per person and week, not per KR).
        var checkIns = (await db.CheckIns.AsNoTracking()
                .Where(c => c.TenantId == tenantId && weeks.Contains(c.WeekOf) && ids.Contains(c.AuthorId))
                .GroupBy(c => new { c.AuthorId, c.WeekOf })
                .Select(g => new { g.Key.AuthorId, g.Key.WeekOf, At = g.Min(c => c.CreatedAt) })
                .ToListAsync(ct))
            .ToLookup(c => c.AuthorId, c => new CheckInMark(c.WeekOf, c.At));
        var managers = (await db.People.AsNoTracking()
                .Where(p => p.TenantId == tenantId && p.IsActive && p.ManagerId != null && ids.Contains(p.ManagerId.Value))
                .Select(p => p.ManagerId!.Value).Distinct().ToListAsync(ct))
            .ToHashSet();

        return [.. people.Select(p =>
        {
            var zone = TimeZones.Find(p.TimeZoneId);
            var cycle = tenant.CycleOn(Weeks.LocalDate(now, zone));
            var mine = owned[p.Id];
            var hasKrs = cycle is not null && mine.Any(k => k.CycleId == cycle.Id && !k.IsDropped);
            var facts = new RhythmPerson(p.IsActive, p.AwayUntil, hasKrs, p.ManagerId is not null, [.. checkIns[p.Id]])
            {
                CheckInsFrom = cycle?.StartDate ?? DateOnly.MinValue,
                GetsDigest = cycle is not null && managers.Contains(p.Id),
                Cycles = [.. tenant.WrapUpCycles.Select(c => CycleFactsOf(c, mine.Where(k => k.CycleId == c.Id).ToList(), managers.Contains(p.Id)))
                    .OfType<CycleFacts>()],
            };
            return new PersonRhythm(p, zone, tenant.ScheduleOf(p), facts);
        })];
    }

    /// <summary>
    /// A cycle as far as a person's wrap-up goes: for an owner of KRs in it, whether they reviewed and scored them all; a
    /// manager owning none still plans the next cycle and reads the results, with nothing to review or score.
    /// </summary>
    private static CycleFacts? CycleFactsOf(Cycle cycle, IReadOnlyList<OwnedKeyResult> owned, bool isManager) => owned.Count == 0 && !isManager ? null
        : new CycleFacts(cycle.Id, cycle.Kind, cycle.State, cycle.StartDate, cycle.EndDate,
            Reviewed: owned.All(k => k.Reviewed), Scored: owned.All(k => k.IsDropped || k.Scored));

    private sealed record OwnedKeyResult(Guid OwnerId, Guid CycleId, bool IsDropped, bool Reviewed, bool Scored);

    private static (DateOnly From, DateOnly To) DaysAround(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today.AddDays(-1), today.AddDays(1));
    }
}
