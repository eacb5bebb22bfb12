using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

public sealed record ScoreReceipt(Guid KeyResultId, decimal Score, decimal SuggestedScore, IReadOnlyList<ScoreHint> Hints, bool Amended);

/// <summary>End-of-cycle scores: 0.0-1.0 in tenths, each with a reason; the last word of the owner side counts.</summary>
public sealed class ScoringService(OkrDatabase database, TimeProvider clock)
{
    public Task<Result<ScoreReceipt>> RecordScoreAsync(Actor actor, Guid keyResultId, decimal score, string? reason, CancellationToken ct = default)
    {
        var check = ScoreGuidance.Check(score, reason);
        if (check.Problems.Contains(ScoreProblem.OutOfRange))
            return Task.FromResult(Result<ScoreReceipt>.Fail(OkrErrorCode.Invalid, "A score is between 0.0 and 1.0.", "score"));
        if (score % ScoreGuidance.Step != 0m)
            return Task.FromResult(Result<ScoreReceipt>.Fail(OkrErrorCode.Invalid, "Score in steps of 0.1 (e.g. 0.7).", "score"));
        if (check.Problems.Contains(ScoreProblem.ReasonRequired) || Text.Clean(reason) is null)
            return Task.FromResult(Result<ScoreReceipt>.Fail(OkrErrorCode.Invalid,
                score == 0m ? "A score of 0 needs a reason: what happened?" : "Every score needs a reason.", "reason"));
        if (Text.TooLong(reason))
            return Task.FromResult(Result<ScoreReceipt>.Fail(OkrErrorCode.Invalid, $"The reason can be at most {OkrModel.TextLength} characters.", "reason"));
        return Conflicts.RetryAsync(() => RecordOnceAsync(actor, keyResultId, score, Text.Clean(reason)!, check.Hints, ct), ct);
    }

    private async Task<Result<ScoreReceipt>> RecordOnceAsync(Actor actor, Guid keyResultId, decimal score, string reason, IReadOnlyList<ScoreHint> hints, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var found = await Lookups.VisibleKeyResultAsync(db, actor, keyResultId, ct);
        if (found.Error is { } notFound) return notFound;
        var (kr, cycle, _) = found.Value!;

        if (!found.Value!.CanChange(actor))
            return Result<ScoreReceipt>.Fail(OkrErrorCode.Forbidden, $"Only the owner, participants and their managers can score \"{kr.Title}\".", "keyResultId");
        if (cycle.State is not (CycleState.Active or CycleState.Reviewing))
            return Result<ScoreReceipt>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is {cycle.State.ToString().ToLowerInvariant()}; scores can no longer change.");
        if (kr.IsDropped)
            return Result<ScoreReceipt>.Fail(OkrErrorCode.Invalid, $"\"{kr.Title}\" was dropped at the review and is not scored.", "keyResultId");

        var suggested = ScoreGuidance.Suggest(Progress.Of(kr));
        var existing = await db.Scores.FirstOrDefaultAsync(s => s.KeyResultId == kr.Id, ct);
        var row = existing ?? db.Scores.Add(new KeyResultScore { TenantId = actor.TenantId, KeyResultId = kr.Id, Reason = reason }).Entity;
        row.Score = score;
        row.Reason = reason;
        row.SuggestedScore = suggested;
        row.ScoredById = actor.PersonId;
        row.ScoredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new ScoreReceipt(kr.Id, score, suggested, hints, existing is not null);
    }
}
