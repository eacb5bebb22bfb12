namespace OkrBot.Core.Model;

/// <summary>
/// A KR's current value as another system posted it through the API (a CRM's pipeline total, say). It sets the KR's
/// current value, which the owner's next check-in card starts from; it is not a check-in (those are people's weekly
/// words). The rows are the history of such posts and, by their idempotency key, what makes a retried post count once.
/// </summary>
public sealed class KeyResultValuePost
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid KeyResultId { get; set; }
    /// <summary>The key that posted it.</summary>
    public Guid ApiKeyId { get; set; }
    public decimal Value { get; set; }
    /// <summary>The KR's value just before.</summary>
    public decimal ValueBefore { get; set; }
    /// <summary>Which system it came from, as the caller named it (default: the key's name); shown on the check-in card.</summary>
    public required string Source { get; set; }
    public string? Note { get; set; }
    /// <summary>The caller's Idempotency-Key, unique per tenant: the same key again replays this post instead of recording another.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 (hex) of what was posted, so a key reused for a different request is refused, not replayed.</summary>
    public string? RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
