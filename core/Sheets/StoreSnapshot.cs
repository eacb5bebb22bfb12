using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Sheets;

/// <summary>
/// Everything of one tenant a sheet can name, read untracked in one go: its cycles, people, teams, objectives and KRs
/// (a parent may sit in any cycle). An import attaches only what it changes.
/// </summary>
internal sealed record StoreSnapshot(
    Tenant Tenant, IReadOnlyDictionary<Guid, Cycle> Cycles, IReadOnlyList<Person> People, IReadOnlyList<Team> Teams,
    IReadOnlyList<Objective> Objectives, IReadOnlyList<KeyResult> KeyResults)
{
    public static async Task<StoreSnapshot?> LoadAsync(OkrDbContext db, Guid tenantId, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null) return null;
        var cycles = await db.Cycles.AsNoTracking().Where(c => c.TenantId == tenantId).ToDictionaryAsync(c => c.Id, ct);
        var people = await db.People.AsNoTracking().Where(p => p.TenantId == tenantId).ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().Where(t => t.TenantId == tenantId).ToListAsync(ct);
        var objectives = await db.Objectives.AsNoTracking().Where(o => o.TenantId == tenantId).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);
        var keyResults = await db.KeyResults.AsNoTracking().Where(k => k.TenantId == tenantId).OrderBy(k => k.Id).ToListAsync(ct);
        return new StoreSnapshot(tenant, cycles, people, teams, objectives, keyResults);
    }

    public SheetDirectory Directory() => new(Tenant.Name, People, Teams);

    /// <summary>Every stored objective and KR, as alignment targets.</summary>
    public ParentIndex ParentIndex(SheetDirectory directory)
    {
        var index = new ParentIndex(Cycles, directory);
        foreach (var o in Objectives) index.AddObjective(o.Id, o.CycleId, o.Title, OwnerRef.Of(o));
        foreach (var k in KeyResults) index.AddKeyResult(k.Id, k.ObjectiveId, k.Title);
        return index;
    }
}
