using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>What marking a KR at risk did, and who must now hear about it.</summary>
/// <param name="NotifyIds">The KR owner's manager, and the owner when someone else raised it; never the person who raised it.</param>
public sealed record AtRiskNotice(Guid KeyResultId, string KeyResultTitle, Guid OwnerId, Guid RaisedById, KrStatus Status, string Reason, IReadOnlyList<Guid> NotifyIds);

/// <summary>Anyone who can see a KR can flag it: the earlier a risk is said out loud, the cheaper it is.</summary>
public sealed class RiskService(OkrDatabase database, TimeProvider clock)
{
    public Task<Result<AtRiskNotice>> MarkAtRiskAsync(Actor actor, Guid keyResultId, string? reason, KrStatus status = KrStatus.AtRisk, CancellationToken ct = default)
    {
        if (status == KrStatus.OnTrack || !Enum.IsDefined(status))
            return Task.FromResult(Result<AtRiskNotice>.Fail(OkrErrorCode.Invalid, "Mark a key result at risk or off track.", "status"));
        if (Text.Clean(reason) is null)
            return Task.FromResult(Result<AtRiskNotice>.Fail(OkrErrorCode.Invalid, "Say why it is at risk, so the owner's manager can help.", "reason"));
        if (Text.TooLong(reason))
            return Task.FromResult(Result<AtRiskNotice>.Fail(OkrErrorCode.Invalid, $"The reason can be at most {OkrModel.TextLength} characters.", "reason"));
        return Conflicts.RetryAsync(() => MarkOnceAsync(actor, keyResultId, Text.Clean(reason)!, status, ct), ct);
    }

    private async Task<Result<AtRiskNotice>> MarkOnceAsync(Actor actor, Guid keyResultId, string reason, KrStatus status, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var raiser = await Lookups.ActorAsync(db, actor, ct);
        if (raiser.Error is { } raiserError) return raiserError;
        // Anyone who can see a KR may flag it; the lookup answers "not found" to everyone else.
        var found = await Lookups.VisibleKeyResultAsync(db, actor, keyResultId, ct);
        if (found.Error is { } notFound) return notFound;
        var (kr, cycle, _) = found.Value!;

        if (cycle.State is not (CycleState.Active or CycleState.Reviewing))
            return Result<AtRiskNotice>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is {cycle.State.ToString().ToLowerInvariant()}.");

        if (kr.Status == status && kr.StatusReason == reason)
        {
            // Already flagged so, for this reason (a replayed or double-sent form): nothing changes, and nobody is told twice.
            return new AtRiskNotice(kr.Id, kr.Title, kr.OwnerId, actor.PersonId, status, reason, []);
        }

        kr.Status = status;
        kr.StatusReason = reason;
        kr.UpdatedAt = clock.GetUtcNow();
        kr.Version++;
        await db.SaveChangesAsync(ct);

        var ownerManager = (await Audiences.ManagerChainAsync(db, actor.TenantId, kr.OwnerId, ct)).Cast<Guid?>().FirstOrDefault();
        var notify = new[] { ownerManager, kr.OwnerId }
            .OfType<Guid>().Where(id => id != actor.PersonId).Distinct().ToList();
        return new AtRiskNotice(kr.Id, kr.Title, kr.OwnerId, actor.PersonId, status, reason, notify);
    }
}
