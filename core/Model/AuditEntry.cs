namespace OkrBot.Core.Model;

/// <summary>One changed field of one entity: who, when, old -> new. Written by the store on every save.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? ActorId { get; set; }
    /// <summary>What <see cref="ActorId"/> names: a person, or an API key (another system; docs/decisions/0013). No actor: the bot itself.</summary>
    public AuditActorKind ActorKind { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Entity { get; set; }
    public Guid EntityId { get; set; }
    public AuditAction Action { get; set; }
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}

public enum AuditAction { Created, Changed, Deleted }

/// <summary>Who an audit entry's actor is.</summary>
public enum AuditActorKind { Person, ApiKey }
