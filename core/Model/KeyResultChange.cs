namespace OkrBot.Core.Model;

/// <summary>What a change to a published key result does.</summary>
public enum KeyResultChangeKind
{
    /// <summary>Moves the target to <see cref="KeyResultChange.NewTarget"/>.</summary>
    Target,
    /// <summary>Deletes the key result (its check-ins with it).</summary>
    Delete,
}

/// <summary>
/// Where a change stands: Pending (waiting for the owner's manager) -> Applied | Rejected | Withdrawn (a newer request
/// replaced it) | Stale (the key result changed or went away before it was approved, so it was not applied).
/// </summary>
public enum KeyResultChangeState { Pending, Applied, Rejected, Withdrawn, Stale }

/// <summary>
/// A change to a published key result's target, or its deletion: applied at once, or, when the tenant has
/// <see cref="Tenant.KrChangesNeedApproval"/> on, kept pending until the owner's manager approves or rejects it. The row
/// is kept after it is decided, with what the key result was, so the history survives even a deleted key result.
/// </summary>
public sealed class KeyResultChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>No foreign key: the change outlives a key result it deleted.</summary>
    public Guid KeyResultId { get; set; }
    public Guid ObjectiveId { get; set; }
    /// <summary>The key result's title when the change was asked for.</summary>
    public required string KeyResultTitle { get; set; }
    public KeyResultChangeKind Kind { get; set; }
    /// <summary>The target when the change was asked for; approving checks the key result still has it.</summary>
    public decimal OldTarget { get; set; }
    /// <summary>The new target (<see cref="KeyResultChangeKind.Target"/> only).</summary>
    public decimal? NewTarget { get; set; }
    /// <summary>Why the change is needed, as the person asking put it.</summary>
    public required string Reason { get; set; }
    public Guid RequestedById { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>Who was asked to approve: the key result owner's manager at the time; null when it applied at once.</summary>
    public Guid? ApproverId { get; set; }
    public KeyResultChangeState State { get; set; } = KeyResultChangeState.Pending;
    public Guid? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    /// <summary>Bumped on every write; a concurrency token, so two managers' clicks (or one double click) decide it once.</summary>
    public int Version { get; set; }
}
