using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Rhythm;

/// <summary>A tenant's schedule layers and active cycles: loaded once per planner run, they are few.</summary>
public sealed class TenantRhythm
{
    internal TenantRhythm(Tenant tenant, IReadOnlyList<RhythmSchedule> layers, IReadOnlyList<Cycle> activeCycles)
    {
        Tenant = tenant;
        ActiveCycles = activeCycles;
        TenantLayer = layers.FirstOrDefault(l => l.TeamId is null && l.PersonId is null);
        TeamLayers = layers.Where(l => l.TeamId is not null && l.PersonId is null).GroupBy(l => l.TeamId!.Value).ToDictionary(g => g.Key, g => g.First());
        PersonLayers = layers.Where(l => l.PersonId is not null).GroupBy(l => l.PersonId!.Value).ToDictionary(g => g.Key, g => g.First());
        Layers = layers;
    }

    public Tenant Tenant { get; }
    public IReadOnlyList<Cycle> ActiveCycles { get; }
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
    /// <summary>Tenants with an active cycle around <paramref name="now"/> (a day either side, for the zones far from UTC).</summary>
    public async Task<IReadOnlyList<Guid>> ActiveTenantsAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var (from, to) = DaysAround(now);
        await using var db = database.Open();
        return await db.Cycles.AsNoTracking()
            .Where(c => c.State == CycleState.Active && c.StartDate <= to && c.EndDate >= from)
            .Select(c => c.TenantId).Distinct().ToListAsync(ct);
    }

    public async Task<TenantRhythm?> TenantAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct = default)
    {
        var (from, to) = DaysAround(now);
        await using var db = database.Open();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return null;
        var layers = await db.RhythmSchedules.AsNoTracking().Where(s => s.TenantId == tenantId).ToListAsync(ct);
        var cycles = await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.State == CycleState.Active && c.StartDate <= to && c.EndDate >= from).ToListAsync(ct);
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
        if (after is { } last) people = people.Where(p => p.Id.CompareTo(last) > 0);
        return await people.OrderBy(p => p.Id).Take(pageSize).ToListAsync(ct);
    }

    /// <summary>The rules' view of each of <paramref name="people"/> at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<PersonRhythm>> FactsAsync(TenantRhythm tenant, IReadOnlyList<Person> people, DateTimeOffset now, CancellationToken ct = default)
    {
        if (people.Count == 0) return [];
        var ids = people.Select(p => p.Id).ToList();
        var cycleIds = tenant.ActiveCycles.Select(c => c.Id).ToList();
        // Two weeks back covers the weeks the rules look at, whatever the zone.
        var since = Weeks.StartOf(DateOnly.FromDateTime(now.UtcDateTime)).AddDays(-14);
        await using var db = database.Open();
        var owned = (await db.KeyResults.AsNoTracking()
                .Where(k => k.TenantId == tenant.Tenant.Id && ids.Contains(k.OwnerId) && !k.IsDropped && cycleIds.Contains(k.Objective!.CycleId))
                .Select(k => new { k.OwnerId, k.Objective!.CycleId }).Distinct().ToListAsync(ct))
            .ToLookup(k => k.OwnerId, k => k.CycleId);
        var checkIns = (await db.CheckIns.AsNoTracking()
                .Where(c => c.TenantId == tenant.Tenant.Id && ids.Contains(c.AuthorId) && c.WeekOf >= since)
                .Select(c => new { c.AuthorId, c.WeekOf, c.CreatedAt }).ToListAsync(ct))
            .GroupBy(c => new { c.AuthorId, c.WeekOf })
            .Select(g => new { g.Key.AuthorId, Mark = new CheckInMark(g.Key.WeekOf, g.Min(c => c.CreatedAt)) })
            .ToLookup(c => c.AuthorId, c => c.Mark);

        return [.. people.Select(p =>
        {
            var zone = TimeZones.Find(p.TimeZoneId);
            var cycle = tenant.CycleOn(Weeks.LocalDate(now, zone));
            var hasKrs = cycle is not null && owned[p.Id].Contains(cycle.Id);
            var facts = new RhythmPerson(p.IsActive, p.AwayUntil, hasKrs, p.ManagerId is not null, [.. checkIns[p.Id]]);
            return new PersonRhythm(p, zone, tenant.ScheduleOf(p), facts);
        })];
    }

    private static (DateOnly From, DateOnly To) DaysAround(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today.AddDays(-1), today.AddDays(1));
    }
}
