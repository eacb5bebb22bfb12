using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Integrations;

/// <summary>A key as it is made: the row, and the key itself, which is shown this once and never kept.</summary>
public sealed record CreatedApiKey(ApiKey Row, string Key);

/// <summary>Why a presented key was not accepted.</summary>
public enum ApiKeyRejection
{
    /// <summary>Not a key at all (wrong shape or checksum): refused without reading the store.</summary>
    Malformed,
    /// <summary>Well-formed, but no key with that prefix and secret exists.</summary>
    Unknown,
    Revoked,
}

/// <summary>The outcome of checking a presented key: the actor it stands for, or why it was refused.</summary>
public sealed record ApiKeyCheck(ApiKeyActor? Actor, ApiKeyRejection? Rejection, string? Prefix);

/// <summary>A tenant, as an operator picks it to make a key for.</summary>
public sealed record TenantSummary(Guid Id, string Name, Channel Channel, string ExternalId, int ActiveApiKeys);

/// <summary>
/// API keys: made per tenant with a name and a scope, listed without their secrets, revoked, and checked on every
/// request. Creating and revoking are audited (no actor: the operator has no person in the tenant).
/// </summary>
public sealed class ApiKeyService(OkrDatabase database, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    /// <summary>How stale <see cref="ApiKey.LastUsedAt"/> may be: at most one write per key per minute, not one per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<TenantSummary>> TenantsAsync(CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.Tenants.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TenantSummary(t.Id, t.Name, t.Channel, t.ExternalId, db.ApiKeys.Count(k => k.TenantId == t.Id && k.RevokedAt == null)))
            .ToListAsync(ct);
    }

    public async Task<Result<CreatedApiKey>> CreateAsync(Guid tenantId, string? name, ApiKeyScope scope, CancellationToken ct = default)
    {
        var clean = Text.Clean(name);
        if (clean is null || clean.Length > MaxNameLength || clean.Any(char.IsControl))
            return Result<CreatedApiKey>.Fail(OkrErrorCode.Invalid, $"A key needs a name of 1 to {MaxNameLength} characters that says what it is for (e.g. \"CRM sync\").", "name");
        if (!Enum.IsDefined(scope))
            return Result<CreatedApiKey>.Fail(OkrErrorCode.Invalid, "The scope is read or write.", "scope");

        await using var db = database.Open();
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct))
            return Result<CreatedApiKey>.Fail(OkrErrorCode.NotFound, "No such tenant.", "tenantId");
        // Two keys with one prefix would need 62^12 bad luck; the unique index turns it into an error rather than a mix-up.
        var (key, prefix) = ApiKeyFormat.Generate();
        var row = new ApiKey
        {
            TenantId = tenantId, Name = clean, Prefix = prefix, SecretHash = ApiKeyFormat.Hash(key), Scope = scope, CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(row, key);
    }

    /// <summary>A tenant's keys, newest first, revoked ones included (marked).</summary>
    public async Task<Result<IReadOnlyList<ApiKey>>> ListAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct))
            return Result<IReadOnlyList<ApiKey>>.Fail(OkrErrorCode.NotFound, "No such tenant.", "tenantId");
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.TenantId == tenantId).ToListAsync(ct);
        return keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Prefix, StringComparer.Ordinal).ToList();
    }

    /// <summary>Revokes a key at once (the next request with it gets 401). Revoking a revoked key changes nothing.</summary>
    public async Task<Result<ApiKey>> RevokeAsync(Guid tenantId, Guid keyId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.TenantId == tenantId, ct);
        if (key is null) return Result<ApiKey>.Fail(OkrErrorCode.NotFound, "No such key in this tenant.", "keyId");
        if (key.RevokedAt is null)
        {
            key.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return key;
    }

    /// <summary>
    /// The actor a presented key stands for. A malformed key is refused without reading the store; a well-formed one is
    /// found by its public prefix and its secret compared in constant time. Stamps the key's last use (at most once per
    /// <see cref="LastUsedResolution"/>).
    /// </summary>
    public async Task<ApiKeyCheck> AuthenticateAsync(string? presented, CancellationToken ct = default)
    {
        if (ApiKeyFormat.PrefixOf(presented) is not { } prefix) return new(null, ApiKeyRejection.Malformed, null);
        await using var db = database.Open();
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null || !ApiKeyFormat.Matches(presented!, key.SecretHash)) return new(null, ApiKeyRejection.Unknown, prefix);
        if (key.IsRevoked) return new(null, ApiKeyRejection.Revoked, prefix);

        var now = clock.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            // Bookkeeping, not a change anyone made: a direct UPDATE, outside the audit trail, and conditional so that
            // parallel requests write it once.
            var staleBefore = now - LastUsedResolution;
            await db.ApiKeys.Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= staleBefore))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new(new ApiKeyActor(key.TenantId, key.Id, key.Name, key.Scope), null, prefix);
    }
}
