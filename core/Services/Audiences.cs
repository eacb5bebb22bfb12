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

    /// <summary>
    /// <see cref="VisibleToAsync"/> for many (viewer, loaded objective) pairs of one tenant at once, answers in the order
    /// given: public objectives cost nothing, and the rest a query for their teams and their members, and one per level of
    /// the org chart walked (for all of them together), instead of a query per level per objective.
    /// </summary>
    /// <param name="knownManagers">People of the tenant whose manager the caller has read already (value null: none), so
    /// the walk up the chart starts without asking again; usually the walk then stops at the viewer without a query.</param>
    public static async Task<bool[]> VisibleToManyAsync(OkrDbContext db, Guid tenantId, IReadOnlyList<(Guid Viewer, Objective Objective)> pairs,
        IReadOnlyDictionary<Guid, Guid?> knownManagers, CancellationToken ct)
    {
        var visible = new bool[pairs.Count];
        var open = new List<int>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (viewer, objective) = pairs[i];
            if (objective.TenantId == tenantId && objective.Visibility == Visibility.Public && objective.State == ObjectiveState.Published)
                visible[i] = true;
            else if (objective.TenantId == tenantId)
                open.Add(i);
            // Another tenant's objective stays invisible, as Access.CanView says.
        }

        if (open.Count == 0) return visible;

        // Team objectives: their leads own them and their members see them, as ForAsync reads them one at a time.
        var teamIds = open.Select(i => pairs[i].Objective.OwnerTeamId).OfType<Guid>().Distinct().ToList();
        var leads = new Dictionary<Guid, Guid?>();
        var members = new Dictionary<Guid, HashSet<Guid>>();
        if (teamIds.Count > 0)
        {
            leads = await db.Teams.AsNoTracking().Where(t => t.TenantId == tenantId && teamIds.Contains(t.Id))
                .ToDictionaryAsync(t => t.Id, t => t.LeadId, ct);
            members = (await db.People.AsNoTracking().Where(p => p.TenantId == tenantId && p.TeamId != null && teamIds.Contains(p.TeamId.Value))
                    .Select(p => new { p.Id, TeamId = p.TeamId!.Value }).ToListAsync(ct))
                .GroupBy(p => p.TeamId).ToDictionary(g => g.Key, g => g.Select(p => p.Id).ToHashSet());
        }

        var walks = new List<ChainWalk>();
        foreach (var i in open)
        {
            var (viewer, objective) = pairs[i];
            // One owner at most: the person, or for a team objective its lead (if it has one).
            var owner = objective.OwnerPersonId ?? (objective.OwnerTeamId is { } teamId ? leads.GetValueOrDefault(teamId) : null);
            var teamMembers = objective.OwnerPersonId is null && objective.OwnerTeamId is { } team ? members.GetValueOrDefault(team) ?? [] : [];
            walks.Add(new ChainWalk(i, viewer, objective, owner, teamMembers));
        }

        // Up the chart one level at a time for every walk still going: one query per level for the people not known yet.
        var managerOf = new Dictionary<Guid, Guid?>(knownManagers);
        for (var depth = 0; depth < MaxChainDepth; depth++)
        {
            var going = walks.Where(w => w.Going).ToList();
            if (going.Count == 0) break;
            var unknown = going.Select(w => w.At).Where(id => !managerOf.ContainsKey(id)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                var read = await db.People.AsNoTracking().Where(p => p.TenantId == tenantId && unknown.Contains(p.Id))
                    .Select(p => new { p.Id, p.ManagerId }).ToDictionaryAsync(p => p.Id, p => p.ManagerId, ct);
                // Someone not in this tenant has no manager here: the walk ends there, as ManagerChainAsync ends it.
                foreach (var id in unknown) managerOf[id] = read.GetValueOrDefault(id);
            }

            foreach (var walk in going) walk.Step(managerOf);
        }

        foreach (var walk in walks) visible[walk.Index] = walk.Visible();
        return visible;
    }

    /// <summary>
    /// The manager chain of one objective's owner, walked a level per step as <see cref="ManagerChainAsync"/> walks it, and
    /// not walked (or no further) once the answer is known: the viewer sees the objective without it, or is in it.
    /// </summary>
    private sealed class ChainWalk
    {
        private readonly Guid _viewer;
        private readonly Objective _objective;
        private readonly HashSet<Guid> _owners;
        private readonly HashSet<Guid> _teamMembers;
        private readonly List<Guid> _chain = [];

        public ChainWalk(int index, Guid viewer, Objective objective, Guid? owner, HashSet<Guid> teamMembers)
        {
            (Index, _viewer, _objective, _teamMembers) = (index, viewer, objective, teamMembers);
            _owners = owner is { } o ? [o] : [];
            At = owner ?? Guid.Empty;
            Going = owner is not null && !Visible();
        }

        public int Index { get; }

        /// <summary>Whose manager comes next.</summary>
        public Guid At { get; private set; }

        public bool Going { get; private set; }

        public void Step(IReadOnlyDictionary<Guid, Guid?> managerOf)
        {
            var owner = _owners.First();
            if (managerOf[At] is not { } next || next == owner || _chain.Contains(next))
            {
                Going = false;
                return;
            }

            _chain.Add(next);
            At = next;
            // With the viewer in the chain nothing further up changes the answer.
            Going = next != _viewer;
        }

        /// <summary>The access rule's answer with the chain walked so far.</summary>
        public bool Visible() => Access.CanView(_objective.TenantId, _viewer,
            new OkrAudience(_objective.TenantId, _objective.Visibility, _objective.State, _owners, _teamMembers, _chain), Contributors(_objective));
    }

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
