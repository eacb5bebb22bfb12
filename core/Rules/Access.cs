using OkrBot.Core.Model;

namespace OkrBot.Core.Rules;

/// <summary>
/// Who stands where around one objective: what the access rules need to know, gathered by the caller.
/// </summary>
/// <param name="TenantId">The objective's tenant.</param>
/// <param name="Visibility">Public or private.</param>
/// <param name="State">Draft or published.</param>
/// <param name="Owners">The owning person, or for a team objective the team's lead.</param>
/// <param name="TeamMembers">For a team objective, the team's members (they see its private OKRs); otherwise empty.</param>
/// <param name="OwnerManagerChain">Every manager above the owners, nearest first.</param>
public sealed record OkrAudience(
    Guid TenantId,
    Visibility Visibility,
    ObjectiveState State,
    IReadOnlySet<Guid> Owners,
    IReadOnlySet<Guid> TeamMembers,
    IReadOnlyList<Guid> OwnerManagerChain);

/// <summary>Who may see and who may change which OKRs.</summary>
public static class Access
{
    /// <summary>
    /// Everyone in the tenant sees published public OKRs. Private OKRs and drafts are seen only by the owner side
    /// (owner, team members of a team objective, and the people in <paramref name="participants"/>: everyone who owns
    /// or takes part in one of its KRs) and the owner's manager chain.
    /// </summary>
    public static bool CanView(Guid viewerTenantId, Guid viewerId, OkrAudience okr, IEnumerable<Guid>? participants = null)
    {
        if (viewerTenantId != okr.TenantId) return false;
        if (okr.Visibility == Visibility.Public && okr.State == ObjectiveState.Published) return true;
        return okr.Owners.Contains(viewerId)
            || okr.TeamMembers.Contains(viewerId)
            || okr.OwnerManagerChain.Contains(viewerId)
            || (participants?.Contains(viewerId) ?? false);
    }

    /// <summary>The objective itself (title, visibility, publishing) may be changed by its owners and their manager chain.</summary>
    public static bool CanChangeObjective(Guid actorTenantId, Guid actorId, OkrAudience okr) =>
        actorTenantId == okr.TenantId && (okr.Owners.Contains(actorId) || okr.OwnerManagerChain.Contains(actorId));

    /// <summary>A KR may be updated by its owner, its participants, the objective's owners and their manager chain.</summary>
    public static bool CanChangeKeyResult(Guid actorTenantId, Guid actorId, OkrAudience okr, Guid krOwnerId, IEnumerable<Guid> participants) =>
        actorTenantId == okr.TenantId
        && (actorId == krOwnerId || participants.Contains(actorId) || CanChangeObjective(actorTenantId, actorId, okr));

    /// <summary>
    /// What another system's API key may see: what everyone in its tenant sees, published public OKRs. A key stands for no
    /// person, so it has no owner side and no manager chain: private OKRs and drafts stay with the people around them
    /// (docs/decisions/0013).
    /// </summary>
    public static bool CanViewWithApiKey(Guid keyTenantId, Guid okrTenantId, Visibility visibility, ObjectiveState state) =>
        keyTenantId == okrTenantId && visibility == Visibility.Public && state == ObjectiveState.Published;
}
