using OkrBot.Core.Model;

namespace OkrBot.Core.Services;

/// <summary>A change to a published KR as the person asked for it on the card (untrusted).</summary>
/// <param name="NewTarget">For <see cref="KeyResultChangeKind.Target"/>.</param>
/// <param name="Reason">Why: required, it is what the manager decides on and what the history keeps.</param>
public sealed record KeyResultChangeInput(KeyResultChangeKind Kind, decimal? NewTarget, string? Reason);

/// <summary>What the change form shows: the key result as it stands, whether a change waits for approval, and who approves.</summary>
/// <param name="ApproverName">The owner's manager, when changes need their approval; null when a change applies at once.</param>
/// <param name="Pending">A change already waiting for approval (a new request replaces it).</param>
public sealed record KeyResultChangeForm(
    Guid KeyResultId, string Title, string ObjectiveTitle, KeyResultKind KrKind, Direction Direction, decimal Start, decimal Target,
    decimal Current, string? Unit, bool NeedsApproval, string? ApproverName, KeyResultChangeSummary? Pending);

/// <summary>One change with the names around it, as the cards show it to the person who asked and to the manager who decides.</summary>
/// <param name="CurrentTarget">The key result's target now; null once it is deleted.</param>
public sealed record KeyResultChangeSummary(
    Guid Id, Guid KeyResultId, string KeyResultTitle, string OwnerName, KeyResultKind KrKind, string? Unit, KeyResultChangeKind Kind,
    decimal OldTarget, decimal? NewTarget, decimal? CurrentTarget, string Reason, Guid RequestedById, string RequestedByName,
    DateTimeOffset RequestedAt, Guid? ApproverId, string? ApproverName, KeyResultChangeState State, string? DecidedByName,
    DateTimeOffset? DecidedAt, string? DecisionNote);
