namespace OkrBot.Core.Model;

/// <summary>
/// One person's weekly update of one KR. A second check-in by the same person for the same KR in the same week
/// amends this row (and bumps <see cref="Revision"/>); the audit trail keeps what it said before.
/// </summary>
public sealed class CheckIn
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid KeyResultId { get; set; }
    public Guid AuthorId { get; set; }
    /// <summary>The Monday of the author's local week.</summary>
    public DateOnly WeekOf { get; set; }
    public decimal Value { get; set; }
    /// <summary>The KR's value before this week's first check-in; the digest's "biggest movers" compare against it.</summary>
    public decimal ValueBefore { get; set; }
    public KrStatus Status { get; set; }
    public int? Confidence { get; set; }
    public string? Note { get; set; }
    public string? Blockers { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Revision { get; set; } = 1;
}
