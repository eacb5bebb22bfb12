using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

public sealed record ReviewReceipt(Guid KeyResultId, ReviewDecisionKind Decision, decimal TargetValue, bool Amended);

/// <summary>The mid-cycle review (keep / adjust / drop each KR) and the end-of-cycle retrospective.</summary>
public sealed class ReviewService(OkrDatabase database, TimeProvider clock)
{
    public Task<Result<ReviewReceipt>> RecordDecisionAsync(Actor actor, Guid keyResultId, ReviewDecisionKind decision, string? note, decimal? newTarget = null, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(decision))
            return Task.FromResult(Result<ReviewReceipt>.Fail(OkrErrorCode.Invalid, "Choose keep, adjust or drop.", "decision"));
        if (decision != ReviewDecisionKind.Keep && string.IsNullOrWhiteSpace(note))
            return Task.FromResult(Result<ReviewReceipt>.Fail(OkrErrorCode.Invalid, $"Say why you {decision.ToString().ToLowerInvariant()} it: the note is what the team learns from.", "note"));
        if (decision == ReviewDecisionKind.Adjust && newTarget is null)
            return Task.FromResult(Result<ReviewReceipt>.Fail(OkrErrorCode.Invalid, "Adjusting a key result needs its new target.", "newTarget"));
        if (Text.TooLong(note))
            return Task.FromResult(Result<ReviewReceipt>.Fail(OkrErrorCode.Invalid, $"The note can be at most {OkrModel.TextLength} characters.", "note"));
        return Conflicts.RetryAsync(() => DecideOnceAsync(actor, keyResultId, decision, Text.Clean(note), newTarget, ct), ct);
    }

    private async Task<Result<ReviewReceipt>> DecideOnceAsync(Actor actor, Guid keyResultId, ReviewDecisionKind decision, string? note, decimal? newTarget, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var found = await Lookups.VisibleKeyResultAsync(db, actor, keyResultId, ct);
        if (found.Error is { } notFound) return notFound;
        var (kr, cycle, _) = found.Value!;

        if (!found.Value!.CanChange(actor))
            return Result<ReviewReceipt>.Fail(OkrErrorCode.Forbidden, $"Only the owner, participants and their managers can review \"{kr.Title}\".", "keyResultId");
        if (cycle.State != CycleState.Active)
            return Result<ReviewReceipt>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is {cycle.State.ToString().ToLowerInvariant()}; the mid-cycle review happens while it is active.");

        if (decision == ReviewDecisionKind.Adjust)
        {
            if (kr.Kind == KeyResultKind.Milestone)
                return Result<ReviewReceipt>.Fail(OkrErrorCode.Invalid, "A milestone has no target to adjust: keep it or drop it.", "decision");
            var original = kr.TargetValue;
            kr.TargetValue = newTarget!.Value;
            // Only what the new target can break counts: an old flaw elsewhere (say a weight of 0) must not block the review.
            var problem = KeyResultRules.Validate(kr).Cast<KeyResultProblem?>().FirstOrDefault(p => p is
                KeyResultProblem.TargetEqualsStart or KeyResultProblem.TargetAgainstDirection or KeyResultProblem.PercentageOutOfRange or KeyResultProblem.ValueTooLarge);
            if (problem is { } p)
            {
                kr.TargetValue = original;
                return Result<ReviewReceipt>.Fail(OkrErrorCode.Invalid, TargetProblem(p), "newTarget");
            }
        }
        kr.IsDropped = decision == ReviewDecisionKind.Drop;
        kr.UpdatedAt = clock.GetUtcNow();
        kr.Version++;

        var existing = await db.ReviewDecisions.FirstOrDefaultAsync(r => r.KeyResultId == kr.Id, ct);
        var row = existing ?? db.ReviewDecisions.Add(new ReviewDecision { TenantId = actor.TenantId, KeyResultId = kr.Id }).Entity;
        row.Decision = decision;
        row.Note = note;
        row.NewTarget = decision == ReviewDecisionKind.Adjust ? newTarget : null;
        row.DecidedById = actor.PersonId;
        row.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new ReviewReceipt(kr.Id, decision, kr.TargetValue, existing is not null);
    }

    private static string TargetProblem(KeyResultProblem problem) => problem switch
    {
        KeyResultProblem.TargetEqualsStart => "The new target equals the start value: there would be nothing to achieve.",
        KeyResultProblem.TargetAgainstDirection => "The new target must lie beyond the start in the key result's direction (above it when increasing, below it when decreasing).",
        KeyResultProblem.PercentageOutOfRange => "A percentage target lies between 0 and 100.",
        _ => "That target is out of range.",
    };

    /// <summary>A person's retrospective of a cycle; writing it again replaces it.</summary>
    public async Task<Result<Retrospective>> RecordRetrospectiveAsync(Actor actor, Guid cycleId, string? wentWell, string? wentBadly, string? carryOver, CancellationToken ct = default)
    {
        if (new[] { wentWell, wentBadly, carryOver }.All(string.IsNullOrWhiteSpace))
            return Result<Retrospective>.Fail(OkrErrorCode.Invalid, "Write at least one of: what worked, what did not, what carries over.");
        if (new[] { wentWell, wentBadly, carryOver }.Any(t => Text.TooLong(t)))
            return Result<Retrospective>.Fail(OkrErrorCode.Invalid, $"Each answer can be at most {OkrModel.TextLength} characters.");

        return await Conflicts.RetryAsync(async () =>
        {
            await using var db = database.Open(actor.PersonId);
            var me = await Lookups.ActorAsync(db, actor, ct);
            if (me.Error is { } error) return error;
            var cycle = await db.Cycles.FirstOrDefaultAsync(c => c.Id == cycleId && c.TenantId == actor.TenantId, ct);
            if (cycle is null) return Result<Retrospective>.Fail(OkrErrorCode.NotFound, "No such cycle.", "cycleId");
            if (cycle.State is not (CycleState.Active or CycleState.Reviewing))
                return Result<Retrospective>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is {cycle.State.ToString().ToLowerInvariant()}.");

            var row = await db.Retrospectives.FirstOrDefaultAsync(r => r.CycleId == cycleId && r.PersonId == actor.PersonId, ct)
                ?? db.Retrospectives.Add(new Retrospective { TenantId = actor.TenantId, CycleId = cycleId, PersonId = actor.PersonId }).Entity;
            row.WentWell = Text.Clean(wentWell);
            row.WentBadly = Text.Clean(wentBadly);
            row.CarryOver = Text.Clean(carryOver);
            row.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return Result<Retrospective>.Ok(row);
        }, ct);
    }
}
