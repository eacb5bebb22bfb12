namespace OkrBot.Core.Model;

/// <summary>
/// A small achievement someone wanted the team to hear about (小而美): not a KR moving, just something done well. It appears
/// in their manager's digest for the week it was recorded.
/// </summary>
public sealed class SmallWin
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid PersonId { get; set; }
    public required string Text { get; set; }

    /// <summary>The Monday of the author's local week when it was recorded: the digest week it belongs to.</summary>
    public DateOnly Week { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
