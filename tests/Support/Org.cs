using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Tests.Support;

/// <summary>
/// Builds a small organisation straight into a test store: a tenant with an active quarter around the clock,
/// and whatever people, teams, objectives and KRs a test names. Each call saves at once.
/// </summary>
public sealed class Org
{
    private readonly TestStore _store;

    private Org(TestStore store, Tenant tenant, Cycle quarter) => (_store, Tenant, Quarter) = (store, tenant, quarter);

    public Tenant Tenant { get; }
    public Cycle Quarter { get; }

    public static async Task<Org> CreateAsync(TestStore store, string name = "Contoso", CycleState state = CycleState.Active)
    {
        var tenant = new Tenant { Name = name, ExternalId = "ext-" + Guid.NewGuid().ToString("N")[..8], CreatedAt = store.Clock.GetUtcNow() };
        var quarter = new Cycle
        {
            TenantId = tenant.Id, Name = "2026 Q4", Kind = CycleKind.Quarterly,
            StartDate = new(2026, 10, 1), EndDate = new(2026, 12, 31), State = state,
        };
        await SaveAsync(store, db => { db.Tenants.Add(tenant); db.Cycles.Add(quarter); });
        return new Org(store, tenant, quarter);
    }

    public Actor ActorFor(Person person) => new(Tenant.Id, person.Id);

    public async Task<Person> PersonAsync(string name, Person? manager = null, Team? team = null, string timeZone = "UTC", DateOnly? awayUntil = null)
    {
        var person = new Person
        {
            TenantId = Tenant.Id, ExternalId = "29:" + name + Guid.NewGuid().ToString("N")[..6], DisplayName = name,
            ManagerId = manager?.Id, TeamId = team?.Id, TimeZoneId = timeZone, AwayUntil = awayUntil, CreatedAt = _store.Clock.GetUtcNow(),
        };
        await SaveAsync(_store, db => db.People.Add(person));
        return person;
    }

    public async Task<Team> TeamAsync(string name, Person? lead = null)
    {
        var team = new Team { TenantId = Tenant.Id, Name = name, LeadId = lead?.Id };
        await SaveAsync(_store, db => db.Teams.Add(team));
        return team;
    }

    public async Task<Objective> ObjectiveAsync(Person? owner, string title = "Delight customers", Team? team = null,
        Visibility visibility = Visibility.Public, ObjectiveState state = ObjectiveState.Published, Cycle? cycle = null)
    {
        var objective = new Objective
        {
            TenantId = Tenant.Id, CycleId = (cycle ?? Quarter).Id, Title = title, OwnerPersonId = team is null ? owner?.Id : null,
            OwnerTeamId = team?.Id, Visibility = visibility, State = state, CreatedAt = _store.Clock.GetUtcNow(),
        };
        await SaveAsync(_store, db => db.Objectives.Add(objective));
        return objective;
    }

    public async Task<KeyResult> KeyResultAsync(Objective objective, Person owner, string title = "Raise NPS",
        decimal start = 0, decimal target = 100, KeyResultKind kind = KeyResultKind.Metric, Direction direction = Direction.Increase,
        decimal weight = 1, decimal? current = null, params Person[] participants)
    {
        var kr = new KeyResult
        {
            TenantId = Tenant.Id, ObjectiveId = objective.Id, Title = title, Kind = kind, Direction = direction, StartValue = start,
            TargetValue = target, Weight = weight, OwnerId = owner.Id, CurrentValue = current ?? start, UpdatedAt = _store.Clock.GetUtcNow(),
            Participants = participants.Select(p => new KeyResultParticipant { PersonId = p.Id }).ToList(),
        };
        await SaveAsync(_store, db => db.KeyResults.Add(kr));
        return kr;
    }

    /// <summary>Marks a KR dropped (as the mid-cycle review does) or brings it back.</summary>
    public static async Task SetDroppedAsync(TestStore store, KeyResult kr, bool dropped)
    {
        await using var db = store.Database.Open();
        (await db.KeyResults.FindAsync(kr.Id))!.IsDropped = dropped;
        await db.SaveChangesAsync();
    }

    public Task SetCycleStateAsync(CycleState state) => SaveAsync(_store, db =>
    {
        db.Cycles.Attach(Quarter);
        Quarter.State = state;
    });

    private static async Task SaveAsync(TestStore store, Action<Core.Persistence.OkrDbContext> change)
    {
        await using var db = store.Database.Open();
        change(db);
        await db.SaveChangesAsync();
    }
}
