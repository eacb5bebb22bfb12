namespace OkrBot.Core.Model;

/// <summary>The end-of-cycle score of one KR, 0.0-1.0, always with a written reason.</summary>
public sealed class KeyResultScore
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid KeyResultId { get; set; }
    public decimal Score { get; set; }
    public required string Reason { get; set; }
    /// <summary>What the rules suggested from progress when the score was given.</summary>
    public decimal SuggestedScore { get; set; }
    public Guid ScoredById { get; set; }
    public DateTimeOffset ScoredAt { get; set; }
}

/// <summary>The mid-cycle review of one KR: keep, adjust (with a new target) or drop, with a note.</summary>
public sealed class ReviewDecision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid KeyResultId { get; set; }
    public ReviewDecisionKind Decision { get; set; }
    public string? Note { get; set; }
    public decimal? NewTarget { get; set; }
    public Guid DecidedById { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>A person's end-of-cycle retrospective.</summary>
public sealed class Retrospective
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CycleId { get; set; }
    public Guid PersonId { get; set; }
    public string? WentWell { get; set; }
    public string? WentBadly { get; set; }
    public string? CarryOver { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
