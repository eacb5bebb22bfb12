namespace OkrBot.Core.Model;

/// <summary>What a key lets another system do. Write implies read.</summary>
public enum ApiKeyScope { Read, Write }

/// <summary>
/// A credential another system of the tenant (a CRM job, a dashboard) uses on the HTTP API. Only a hash of the key is
/// kept: the key itself is shown once, when it is created. Revoked keys stay, so the audit trail can still name them.
/// Why the key looks the way it does: docs/decisions/0013.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>What the key is for, as the admin named it ("CRM sync"); the default source of the values it posts.</summary>
    public required string Name { get; set; }
    /// <summary>
    /// The key's public part (<c>okr_</c> and 12 characters): shown in listings and logs so a leaked key can be matched
    /// to its row, and used to find the row before the secret is compared. Not a secret.
    /// </summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key. Never the key.</summary>
    public required byte[] SecretHash { get; set; }
    public ApiKeyScope Scope { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When it last authenticated a request, to within <c>ApiKeyService.LastUsedResolution</c>.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}
