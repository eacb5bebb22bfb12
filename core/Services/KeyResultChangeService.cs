using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>
/// Changing a published key result's target, or deleting it. Every change is a stored <see cref="KeyResultChange"/> and
/// lands in the audit trail. When the tenant has <see cref="Tenant.KrChangesNeedApproval"/> on, a change asked for by
/// anyone below the owner's manager waits for that manager; approving applies it with the optimistic concurrency check
/// of decision 0005, unless the key result changed since it was asked for (docs/decisions/0015).
/// </summary>
public sealed class KeyResultChangeService(OkrDatabase database, TimeProvider clock)
{
    /// <summary>The change form for a key result, or why the actor may not change it.</summary>
    public async Task<Result<KeyResultChangeForm>> FormAsync(Actor actor, Guid keyResultId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var found = await RequestableAsync(db, actor, keyResultId, ct);
        if (found.Error is { } refused) return refused;
        var (kr, objectiveTitle, approverId) = found.Value!;
        var approver = approverId is { } a ? await db.People.AsNoTracking().Where(p => p.Id == a).Select(p => p.DisplayName).FirstOrDefaultAsync(ct) : null;
        var pending = await db.KeyResultChanges.AsNoTracking().FirstOrDefaultAsync(c => c.KeyResultId == kr.Id && c.State == KeyResultChangeState.Pending, ct);
        return new KeyResultChangeForm(kr.Id, kr.Title, objectiveTitle, kr.Kind, kr.Direction, kr.StartValue, kr.TargetValue, kr.CurrentValue, kr.Unit,
            approverId is not null, approver, pending is null ? null : await SummaryAsync(db, pending, kr, ct));
    }

    /// <summary>Whether the actor may change the key result's target or delete it now (the key result card offers it then).</summary>
    public async Task<bool> CanRequestAsync(Actor actor, Guid keyResultId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return (await Lookups.ActorAsync(db, actor, ct)).IsOk && (await RequestableAsync(db, actor, keyResultId, ct)).IsOk;
    }

    /// <summary>
    /// Asks for a change: applied at once when no approval is needed (the summary says <see cref="KeyResultChangeState.Applied"/>),
    /// otherwise stored as pending for the owner's manager (<see cref="KeyResultChangeSummary.ApproverId"/>, who must be told).
    /// A newer request for the same key result withdraws a pending one.
    /// </summary>
    public Task<Result<KeyResultChangeSummary>> RequestAsync(Actor actor, Guid keyResultId, KeyResultChangeInput input, CancellationToken ct = default)
    {
        if (Validate(input) is { } invalid) return Task.FromResult(Result<KeyResultChangeSummary>.Fail(invalid));
        return Conflicts.RetryAsync(() => RequestOnceAsync(actor, keyResultId, input, ct), ct);
    }

    /// <summary>
    /// The owner's manager approves or rejects a pending change. Approving a change whose key result changed since (its
    /// target moved, or it was deleted) does not apply it: the change ends <see cref="KeyResultChangeState.Stale"/>, and the
    /// person who asked must be told either way. Anyone else, and a second decision, is refused.
    /// </summary>
    public Task<Result<KeyResultChangeSummary>> DecideAsync(Actor actor, Guid changeId, bool approve, string? note, CancellationToken ct = default)
    {
        if (Text.TooLong(note))
            return Task.FromResult(Result<KeyResultChangeSummary>.Fail(OkrErrorCode.Invalid, $"A note has at most {OkrModel.TextLength} characters.", "decisionNote"));
        return Conflicts.RetryAsync(() => DecideOnceAsync(actor, changeId, approve, note, ct), ct);
    }

    /// <summary>A change as the person who asked for it or the manager asked to decide it sees it; "not found" for anyone else.</summary>
    public async Task<Result<KeyResultChangeSummary>> ForPersonAsync(Actor actor, Guid changeId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var change = await db.KeyResultChanges.AsNoTracking().FirstOrDefaultAsync(c => c.Id == changeId && c.TenantId == actor.TenantId, ct);
        if (change is null || (change.RequestedById != actor.PersonId && change.ApproverId != actor.PersonId)) return NoChange;
        var kr = await db.KeyResults.AsNoTracking().FirstOrDefaultAsync(k => k.Id == change.KeyResultId, ct);
        return await SummaryAsync(db, change, kr, ct);
    }

    private async Task<Result<KeyResultChangeSummary>> RequestOnceAsync(Actor actor, Guid keyResultId, KeyResultChangeInput input, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var found = await RequestableAsync(db, actor, keyResultId, ct);
        if (found.Error is { } refused) return refused;
        var (kr, _, approverId) = found.Value!;
        if (input.Kind == KeyResultChangeKind.Target && TargetProblem(kr, input.NewTarget!.Value) is { } problem) return problem;

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // First withdraw what waits, then add the new request: one pending change per key result (a unique index).
        foreach (var old in await db.KeyResultChanges.Where(c => c.KeyResultId == kr.Id && c.State == KeyResultChangeState.Pending).ToListAsync(ct))
        {
            old.State = KeyResultChangeState.Withdrawn;
            old.DecidedById = actor.PersonId;
            old.DecidedAt = now;
            old.Version++;
        }
        await db.SaveChangesAsync(ct);

        var change = new KeyResultChange
        {
            TenantId = actor.TenantId, KeyResultId = kr.Id, ObjectiveId = kr.ObjectiveId, KeyResultTitle = kr.Title, Kind = input.Kind,
            OldTarget = kr.TargetValue, NewTarget = input.Kind == KeyResultChangeKind.Target ? input.NewTarget : null, Reason = input.Reason!.Trim(),
            RequestedById = actor.PersonId, RequestedAt = now, ApproverId = approverId,
        };
        db.KeyResultChanges.Add(change);
        if (approverId is null)
        {
            await ApplyAsync(db, change, kr, now, ct);
            change.State = KeyResultChangeState.Applied;
            change.DecidedById = actor.PersonId;
            change.DecidedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await SummaryAsync(db, change, kr, ct, deleted: change.State == KeyResultChangeState.Applied && change.Kind == KeyResultChangeKind.Delete);
    }

    private async Task<Result<KeyResultChangeSummary>> DecideOnceAsync(Actor actor, Guid changeId, bool approve, string? note, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var change = await db.KeyResultChanges.FirstOrDefaultAsync(c => c.Id == changeId && c.TenantId == actor.TenantId, ct);
        if (change is null) return NoChange;
        var kr = await db.KeyResults.Include(k => k.Objective).FirstOrDefaultAsync(k => k.Id == change.KeyResultId && k.TenantId == actor.TenantId, ct);
        // The owner's manager now decides (a new manager inherits what waits); for a key result gone meanwhile, the one asked.
        var approver = kr is null ? change.ApproverId : (await Audiences.ManagerChainAsync(db, actor.TenantId, kr.OwnerId, ct)).Cast<Guid?>().FirstOrDefault();
        if (approver != actor.PersonId)
            return Result<KeyResultChangeSummary>.Fail(OkrErrorCode.Forbidden, "Only the key result owner's manager can decide this change.", "changeId");
        switch (change.State)
        {
            case KeyResultChangeState.Applied:
                return Result<KeyResultChangeSummary>.Fail(OkrErrorCode.Invalid, "This change was approved already.", "changeApplied");
            case KeyResultChangeState.Rejected:
                return Result<KeyResultChangeSummary>.Fail(OkrErrorCode.Invalid, "This change was rejected already.", "changeRejected");
            case KeyResultChangeState.Withdrawn:
                return Result<KeyResultChangeSummary>.Fail(OkrErrorCode.Invalid, "This change was withdrawn or replaced by a newer one.", "changeWithdrawn");
            case KeyResultChangeState.Stale:
                return Result<KeyResultChangeSummary>.Fail(OkrErrorCode.Invalid, "This change could not be applied: the key result had changed.", "changeStale");
        }

        var now = clock.GetUtcNow();
        if (approve && kr is not null)
        {
            var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == kr.Objective!.CycleId, ct);
            if (cycle.State == CycleState.Closed)
                return Result<KeyResultChangeSummary>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is closed.");
        }
        change.State = !approve ? KeyResultChangeState.Rejected
            : IsStale(change, kr) ? KeyResultChangeState.Stale
            : KeyResultChangeState.Applied;
        if (change.State == KeyResultChangeState.Applied) await ApplyAsync(db, change, kr!, now, ct);
        change.DecidedById = actor.PersonId;
        change.DecidedAt = now;
        change.DecisionNote = Text.Clean(note);
        change.Version++;
        await db.SaveChangesAsync(ct);
        return await SummaryAsync(db, change, kr, ct, deleted: change.State == KeyResultChangeState.Applied && change.Kind == KeyResultChangeKind.Delete);
    }

    /// <summary>
    /// The key result is no longer what the change was asked against: gone, or its target moved (a check-in changes only the
    /// current value, so it does not make a change stale), or dropped at the review for a new target.
    /// </summary>
    private static bool IsStale(KeyResultChange change, KeyResult? kr) =>
        kr is null || kr.TargetValue != change.OldTarget || (change.Kind == KeyResultChangeKind.Target && kr.IsDropped);

    /// <summary>
    /// Applies a change to the tracked key result. A target moves (the version bump makes a concurrent write lose and retry);
    /// a deleted key result takes its check-ins with it, and objectives aligned to it align to its objective instead.
    /// </summary>
    private static async Task ApplyAsync(OkrDbContext db, KeyResultChange change, KeyResult kr, DateTimeOffset now, CancellationToken ct)
    {
        if (change.Kind == KeyResultChangeKind.Target)
        {
            kr.TargetValue = change.NewTarget!.Value;
            kr.UpdatedAt = now;
            kr.Version++;
            return;
        }
        foreach (var child in await db.Objectives.Where(o => o.ParentKeyResultId == kr.Id).ToListAsync(ct))
        {
            child.ParentKeyResultId = null;
            child.ParentObjectiveId = kr.ObjectiveId;
        }
        db.KeyResults.Remove(kr);
    }

    /// <summary>
    /// A key result the actor may change the target of or delete: published (a draft's key results are edited in the
    /// draft), visible to them, theirs or of an objective they or their reports own, and its cycle not closed. Also who
    /// must approve: the owner's manager, when the tenant wants approval and the actor is not in the owner's manager chain.
    /// </summary>
    private static async Task<Result<(KeyResult Kr, string ObjectiveTitle, Guid? ApproverId)>> RequestableAsync(
        OkrDbContext db, Actor actor, Guid keyResultId, CancellationToken ct)
    {
        var found = await Lookups.VisibleKeyResultAsync(db, actor, keyResultId, ct);
        if (found.Error is { } notFound) return notFound;
        var (kr, cycle, audience) = found.Value!;
        if (kr.Objective!.State != ObjectiveState.Published)
            return Result<(KeyResult, string, Guid?)>.Fail(OkrErrorCode.Invalid, "This key result is still a draft: edit it in the draft.", "draftKeyResult");
        if (kr.OwnerId != actor.PersonId && !Access.CanChangeObjective(actor.TenantId, actor.PersonId, audience))
            return Result<(KeyResult, string, Guid?)>.Fail(OkrErrorCode.Forbidden, "Only the key result's owner, the objective's owners and their managers can change it.", "changeKeyResult");
        if (cycle.State == CycleState.Closed)
            return Result<(KeyResult, string, Guid?)>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is closed.");

        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == actor.TenantId, ct);
        var chain = await Audiences.ManagerChainAsync(db, actor.TenantId, kr.OwnerId, ct);
        Guid? approver = tenant.KrChangesNeedApproval && chain.Count > 0 && !chain.Contains(actor.PersonId) ? chain[0] : null;
        return (kr, kr.Objective.Title, approver);
    }

    /// <summary>What is wrong with a new target for this key result, if anything.</summary>
    private static OkrError? TargetProblem(KeyResult kr, decimal target)
    {
        if (kr.Kind == KeyResultKind.Milestone)
            return new(OkrErrorCode.Invalid, "A milestone's target is always done.", "milestoneTarget");
        if (kr.IsDropped)
            return new(OkrErrorCode.Invalid, "This key result was dropped at the review.", "keyResultId");
        if (target == kr.TargetValue)
            return new(OkrErrorCode.Invalid, "That is its target already.", "sameTarget");
        return KeyResultRules.AcceptsTarget(kr, target) ? null : new(OkrErrorCode.Invalid, "That target does not work for this key result.", "newTarget");
    }

    private static OkrError? Validate(KeyResultChangeInput input)
    {
        if (!Enum.IsDefined(input.Kind))
            return new(OkrErrorCode.Invalid, "Change the target or delete the key result.", "changeKind");
        if (input.Kind == KeyResultChangeKind.Target && input.NewTarget is null)
            return new(OkrErrorCode.Invalid, "A new target is needed.", "targetMissing");
        if (input.NewTarget is { } t && Math.Abs(t) > KeyResultRules.MaxMagnitude)
            return new(OkrErrorCode.Invalid, "That target is out of range.", "newTarget");
        if (string.IsNullOrWhiteSpace(input.Reason) || Text.TooLong(input.Reason))
            return new(OkrErrorCode.Invalid, $"Say why, in at most {OkrModel.TextLength} characters.", "reason");
        return null;
    }

    /// <param name="kr">The key result (still in memory when this change just deleted it), or null when it is gone.</param>
    private static async Task<KeyResultChangeSummary> SummaryAsync(OkrDbContext db, KeyResultChange change, KeyResult? kr, CancellationToken ct, bool deleted = false)
    {
        var ids = new[] { change.RequestedById, change.ApproverId, change.DecidedById, kr?.OwnerId }.OfType<Guid>().Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        string? Name(Guid? id) => id is { } i ? names.GetValueOrDefault(i, "?") : null;
        return new KeyResultChangeSummary(
            change.Id, change.KeyResultId, change.KeyResultTitle, Name(kr?.OwnerId) ?? "?", kr?.Kind ?? KeyResultKind.Metric, kr?.Unit, change.Kind,
            change.OldTarget, change.NewTarget, deleted ? null : kr?.TargetValue, change.Reason, change.RequestedById, Name(change.RequestedById)!,
            change.RequestedAt, change.ApproverId, Name(change.ApproverId), change.State, Name(change.DecidedById), change.DecidedAt, change.DecisionNote);
    }

    private static OkrError NoChange => new(OkrErrorCode.NotFound, "No such change request.", "changeId");
}
