namespace OkrBot.Core.Model;

/// <summary>A measurable result under an objective, with one owner who is its single point of contact.</summary>
public sealed class KeyResult
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid ObjectiveId { get; set; }
    public Objective? Objective { get; set; }
    public required string Title { get; set; }
    public KeyResultKind Kind { get; set; } = KeyResultKind.Metric;
    public Direction Direction { get; set; } = Direction.Increase;
    public decimal StartValue { get; set; }
    public decimal TargetValue { get; set; }
    public string? Unit { get; set; }
    public decimal Weight { get; set; } = 1m;
    public Guid OwnerId { get; set; }
    public decimal CurrentValue { get; set; }
    /// <summary>The status a person set explicitly (in a check-in or by marking at risk); null until someone does.</summary>
    public KrStatus? Status { get; set; }
    /// <summary>Why it is at risk or off track, as its owner or a colleague put it.</summary>
    public string? StatusReason { get; set; }
    /// <summary>Confidence of reaching the target, 1 (none) to 10 (certain); null until first given.</summary>
    public int? Confidence { get; set; }
    /// <summary>Dropped at the mid-cycle review: kept for history, left out of progress and scores.</summary>
    public bool IsDropped { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped on every write; a concurrency token, so concurrent updates never silently overwrite each other.</summary>
    public int Version { get; set; }

    public List<KeyResultParticipant> Participants { get; set; } = [];
}

/// <summary>Someone who works on a KR besides its owner; may update it.</summary>
public sealed class KeyResultParticipant
{
    public Guid KeyResultId { get; set; }
    public Guid PersonId { get; set; }
}
