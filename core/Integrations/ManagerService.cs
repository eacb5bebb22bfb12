using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Integrations;

/// <summary>
/// Who reports to whom, set by an admin's system when the messenger's directory cannot tell (a Feishu app without the
/// contact scopes, a leader missing there; Teams managers are not read). A person's manager decides who sees their private OKRs, who
/// hears about their KRs at risk and whose digest they are in, so the links must never form a loop.
/// </summary>
public sealed class ManagerService(OkrDatabase database)
{
    /// <summary>Org charts are shallow; a longer chain means the links already loop somewhere above.</summary>
    private const int MaxChainDepth = 64;

    /// <summary>Sets (or, with null, clears) a person's manager. Audited as the API key's change.</summary>
    public Task<Result<Person>> SetManagerAsync(ApiKeyActor actor, Guid personId, Guid? managerId, CancellationToken ct = default)
    {
        if (!actor.CanWrite)
            return Task.FromResult(Result<Person>.Fail(OkrErrorCode.Forbidden, "This API key may only read; setting a manager needs a key with the write scope.", "scope"));
        return Conflicts.RetryAsync(async () =>
        {
            await using var db = database.OpenForApiKey(actor.ApiKeyId);
            var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId && p.TenantId == actor.TenantId, ct);
            if (person is null) return Result<Person>.Fail(OkrErrorCode.NotFound, "No such person in this organisation.", "personId");
            if (managerId is { } id)
            {
                if (id == personId) return Result<Person>.Fail(OkrErrorCode.Invalid, "Nobody is their own manager.", "managerId");
                var manager = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.TenantId == actor.TenantId, ct);
                // Another tenant's person is "no such person" here too: an id from elsewhere tells nothing.
                if (manager is null) return Result<Person>.Fail(OkrErrorCode.Invalid, "The manager is not a person in this organisation.", "managerId");
                if (!manager.IsActive) return Result<Person>.Fail(OkrErrorCode.Invalid, $"{manager.DisplayName} is deactivated and cannot be anyone's manager.", "managerId");
                if (await ReportsToAsync(db, actor.TenantId, id, personId, ct))
                    return Result<Person>.Fail(OkrErrorCode.Invalid, $"{manager.DisplayName} reports to {person.DisplayName}, directly or further down: that would make a loop.", "managerId");
            }
            if (person.ManagerId != managerId)
            {
                person.ManagerId = managerId;
                await db.SaveChangesAsync(ct);
            }
            return person;
        }, ct);
    }

    /// <summary>Whether <paramref name="personId"/>'s chain of managers reaches <paramref name="ancestorId"/>.</summary>
    private static async Task<bool> ReportsToAsync(OkrDbContext db, Guid tenantId, Guid personId, Guid ancestorId, CancellationToken ct)
    {
        var seen = new HashSet<Guid> { personId };
        var current = personId;
        for (var depth = 0; depth < MaxChainDepth; depth++)
        {
            var next = await db.People.Where(p => p.Id == current && p.TenantId == tenantId).Select(p => p.ManagerId).FirstOrDefaultAsync(ct);
            if (next is not { } manager) return false;
            if (manager == ancestorId) return true;
            if (!seen.Add(manager)) return false;
            current = manager;
        }
        return true;
    }
}
