using Microsoft.EntityFrameworkCore;
using OkrBot.Bot.Sheets;
using OkrBot.Core.Model;
using OkrBot.Core.Sheets;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Sheets;

/// <summary>
/// The organisation the fixture sheets (tests/Sheets/Fixtures) are written for: Northwind Tea, its year 2026 with the
/// quarter 2026 Q4 in it (and a closed 2025 Q4), four teams, people with English and Chinese names (two of them called
/// 张伟, one who left), and the annual objectives the quarter's OKRs align to.
/// </summary>
public sealed class SheetWorld
{
    public required Tenant Tenant { get; init; }
    public required Cycle Year { get; init; }
    public required Cycle Quarter { get; init; }
    public required IReadOnlyDictionary<string, Person> People { get; init; }
    public required IReadOnlyDictionary<string, Team> Teams { get; init; }
    public required Objective AnnualRevenue { get; init; }
    public required KeyResult AnnualAccounts { get; init; }
    public required Objective AnnualCustomers { get; init; }

    public Person this[string name] => People[name];

    public static string Fixture(string name) => SourceTree.PathOf("tests", "Sheets", "Fixtures", name);

    public static SheetGrid Grid(string fixture) => SheetFiles.Read(Fixture(fixture));

    /// <summary>Sets the organisation up in <paramref name="store"/>; the same names and ids every time, so two stores can be compared.</summary>
    public static async Task<SheetWorld> CreateAsync(TestStore store, string tenantName = "Northwind Tea 北风茶业")
    {
        var now = store.Clock.GetUtcNow();
        var tenant = new Tenant { Name = tenantName, ExternalId = "tenant-" + Guid.NewGuid().ToString("N")[..8], DefaultLocale = "zh-CN", CreatedAt = now };
        var year = new Cycle { TenantId = tenant.Id, Name = "2026", Kind = CycleKind.Annual, StartDate = new(2026, 1, 1), EndDate = new(2026, 12, 31), State = CycleState.Active };
        var quarter = new Cycle
        {
            TenantId = tenant.Id, Name = "2026 Q4", Kind = CycleKind.Quarterly, StartDate = new(2026, 10, 1), EndDate = new(2026, 12, 31),
            State = CycleState.Active, ParentCycleId = year.Id,
        };
        var closed = new Cycle { TenantId = tenant.Id, Name = "2025 Q4", StartDate = new(2025, 10, 1), EndDate = new(2025, 12, 31), State = CycleState.Closed };

        var teams = new[] { "Sales", "产品部", "Customer Care", "Leadership" }.ToDictionary(n => n, n => new Team { TenantId = tenant.Id, Name = n });
        var people = new Dictionary<string, Person>();
        foreach (var (key, name, team, active) in new[]
        {
            ("Alex Chen", "Alex Chen", "Sales", true), ("李伟", "李伟", "Sales", true), ("Priya Nair", "Priya Nair", "Sales", true),
            ("王芳", "王芳", "Sales", true), ("陈静", "陈静", "产品部", true), ("Ana Souza", "Ana Souza", "Customer Care", true),
            ("张伟 (Sales)", "张伟", "Sales", true), ("张伟 (产品部)", "张伟", "产品部", true), ("Tom Baker", "Tom Baker", "Sales", false),
            ("Grace Liu", "Grace Liu", "Leadership", true),
        })
        {
            people[key] = new Person
            {
                TenantId = tenant.Id, ExternalId = "29:" + key.Replace(" ", "-", StringComparison.Ordinal), DisplayName = name,
                TeamId = teams[team].Id, IsActive = active, CreatedAt = now,
            };
        }

        var revenue = new Objective
        {
            TenantId = tenant.Id, CycleId = year.Id, Title = "Grow revenue 30% in 2026", OwnerTeamId = teams["Leadership"].Id,
            State = ObjectiveState.Published, CreatedAt = now,
        };
        var accounts = new KeyResult
        {
            TenantId = tenant.Id, ObjectiveId = revenue.Id, Title = "Win 40 new wholesale accounts", StartValue = 0, TargetValue = 40,
            OwnerId = people["Grace Liu"].Id, UpdatedAt = now,
        };
        var customers = new Objective
        {
            TenantId = tenant.Id, CycleId = year.Id, Title = "让顾客爱上我们的茶", OwnerTeamId = teams["Leadership"].Id,
            State = ObjectiveState.Published, CreatedAt = now,
        };

        await using (var db = store.Database.Open())
        {
            db.Tenants.Add(tenant);
            db.Cycles.AddRange(year, quarter, closed);
            db.Teams.AddRange(teams.Values);
            db.People.AddRange(people.Values);
            await db.SaveChangesAsync();
            // Teams point at their leads and people at their teams: leads follow once both exist.
            foreach (var (team, lead) in new[] { ("Sales", "李伟"), ("产品部", "陈静"), ("Customer Care", "Ana Souza"), ("Leadership", "Grace Liu") })
                teams[team].LeadId = people[lead].Id;
            db.Objectives.AddRange(revenue, customers);
            db.KeyResults.Add(accounts);
            await db.SaveChangesAsync();
        }
        return new SheetWorld
        {
            Tenant = tenant, Year = year, Quarter = quarter, People = people, Teams = teams,
            AnnualRevenue = revenue, AnnualAccounts = accounts, AnnualCustomers = customers,
        };
    }

    /// <summary>The quarter's OKRs as plain values (names for ids), to compare two stores or two imports.</summary>
    public static async Task<IReadOnlyList<string>> QuarterAsync(TestStore store, Guid tenantId)
    {
        await using var db = store.Database.Open();
        var people = await db.People.Where(p => p.TenantId == tenantId).ToDictionaryAsync(p => p.Id, p => p.ExternalId);
        var teams = await db.Teams.Where(t => t.TenantId == tenantId).ToDictionaryAsync(t => t.Id, t => t.Name);
        var quarter = await db.Cycles.SingleAsync(c => c.TenantId == tenantId && c.Name == "2026 Q4");
        var objectives = await db.Objectives.Where(o => o.TenantId == tenantId).ToDictionaryAsync(o => o.Id);
        var keyResults = await db.KeyResults.Where(k => k.TenantId == tenantId).ToDictionaryAsync(k => k.Id);
        string Owner(Objective o) => o.OwnerPersonId is { } p ? people[p] : "team " + teams[o.OwnerTeamId!.Value];
        string Parent(Objective o) =>
            o.ParentObjectiveId is { } po ? "objective " + objectives[po].Title
            : o.ParentKeyResultId is { } pk ? "kr " + keyResults[pk].Title : "-";
        return objectives.Values.Where(o => o.CycleId == quarter.Id)
            .SelectMany(o => new[] { $"O [{Owner(o)}] {o.Title} | {o.State} {o.Visibility} | parent {Parent(o)}" }
                .Concat(keyResults.Values.Where(k => k.ObjectiveId == o.Id).Select(k =>
                    $"  KR {o.Title} / {k.Title} | {k.Kind} {k.Direction} {k.StartValue:0.####}->{k.TargetValue:0.####} now {k.CurrentValue:0.####} {k.Unit} | w {k.Weight:0.####} | {people[k.OwnerId]}")))
            .Order(StringComparer.Ordinal).ToList();
    }
}
