using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>Gathers what the access rules need about an objective: its owners, team members and manager chain.</summary>
internal static class Audiences
{
    /// <summary>Org charts are shallow; a deeper walk means a loop in the manager links, which must not hang a request.</summary>
    private const int MaxChainDepth = 32;

    public static async Task<OkrAudience> ForAsync(OkrDbContext db, Objective objective, CancellationToken ct)
    {
        HashSet<Guid> owners = [];
        HashSet<Guid> members = [];
        if (objective.OwnerPersonId is { } personId)
        {
            owners.Add(personId);
        }
        else if (objective.OwnerTeamId is { } teamId)
        {
            var lead = await db.Teams.Where(t => t.Id == teamId && t.TenantId == objective.TenantId)
                .Select(t => t.LeadId).FirstOrDefaultAsync(ct);
            if (lead is { } leadId) owners.Add(leadId);
            members = (await db.People.Where(p => p.TeamId == teamId && p.TenantId == objective.TenantId)
                .Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        }

        List<Guid> chain = [];
        foreach (var owner in owners)
            chain.AddRange(await ManagerChainAsync(db, objective.TenantId, owner, ct));
        return new OkrAudience(objective.TenantId, objective.Visibility, objective.State, owners, members, chain);
    }

    /// <summary>
    /// Whether a viewer may see a loaded objective (its KRs and their participants included). A public, published one is
    /// visible to everyone in its tenant, so its owners and manager chain (a query per level) are not read at all.
    /// </summary>
    public static async Task<bool> VisibleToAsync(OkrDbContext db, Guid viewerTenantId, Guid viewerId, Objective objective, CancellationToken ct) =>
        (objective.TenantId == viewerTenantId && objective.Visibility == Visibility.Public && objective.State == ObjectiveState.Published)
        || Access.CanView(viewerTenantId, viewerId, await ForAsync(db, objective, ct), Contributors(objective));

    /// <summary>Everyone who owns or takes part in one of an objective's KRs: they see the objective even when it is private.</summary>
    public static async Task<IReadOnlyList<Guid>> ContributorsAsync(OkrDbContext db, Guid objectiveId, CancellationToken ct)
    {
        var owners = await db.KeyResults.Where(k => k.ObjectiveId == objectiveId).Select(k => k.OwnerId).ToListAsync(ct);
        var participants = await db.KeyResultParticipants.Where(p => db.KeyResults.Any(k => k.Id == p.KeyResultId && k.ObjectiveId == objectiveId))
            .Select(p => p.PersonId).ToListAsync(ct);
        return owners.Concat(participants).Distinct().ToList();
    }

    /// <summary>The contributors of loaded objectives' KRs (owners and participants), without another query.</summary>
    public static IEnumerable<Guid> Contributors(Objective objective) =>
        objective.KeyResults.SelectMany(k => k.Participants.Select(p => p.PersonId).Append(k.OwnerId)).Distinct();

    /// <summary>Every manager above a person, nearest first.</summary>
    public static async Task<List<Guid>> ManagerChainAsync(OkrDbContext db, Guid tenantId, Guid personId, CancellationToken ct)
    {
        var chain = new List<Guid>();
        var current = personId;
        for (var depth = 0; depth < MaxChainDepth; depth++)
        {
            var manager = await db.People.Where(p => p.Id == current && p.TenantId == tenantId)
                .Select(p => p.ManagerId).FirstOrDefaultAsync(ct);
            if (manager is not { } next || next == personId || chain.Contains(next)) break;
            chain.Add(next);
            current = next;
        }
        return chain;
    }
}
