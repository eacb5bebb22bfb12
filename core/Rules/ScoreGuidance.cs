using OkrBot.Core.Model;

namespace OkrBot.Core.Rules;

/// <summary>What the scoring rules say about a proposed score. Errors refuse it; hints only guide.</summary>
public enum ScoreProblem { OutOfRange, ReasonRequired }

public enum ScoreHint
{
    /// <summary>From 0.6 up to (not including) 1.0: the healthy zone around the 0.7 aim.</summary>
    Healthy,
    /// <summary>Below 0.6 (but above 0): say what got in the way.</summary>
    BelowAim,
    /// <summary>1.0: was the target too low?</summary>
    TargetMaybeTooLow,
    /// <summary>0: explain what happened.</summary>
    ZeroNeedsExplanation,
}

public sealed record ScoreCheck(IReadOnlyList<ScoreProblem> Problems, IReadOnlyList<ScoreHint> Hints)
{
    public bool IsAcceptable => Problems.Count == 0;
}

/// <summary>End-of-cycle scoring: 0.0-1.0 per KR, 0.7 is the healthy aim, every score needs a reason.</summary>
public static class ScoreGuidance
{
    public const decimal HealthyAim = 0.7m;
    /// <summary>Scores are given in steps of a tenth; finer steps suggest precision nobody has.</summary>
    public const decimal Step = 0.1m;

    /// <summary>The score the progress suggests, rounded to the nearest tenth.</summary>
    public static decimal Suggest(decimal progress) =>
        Math.Round(Progress.Clamp01(progress) / Step, MidpointRounding.AwayFromZero) * Step;

    /// <summary>Range and reason only; the tenth steps are the scoring service's to enforce, since a suggestion may be finer.</summary>
    public static ScoreCheck Check(decimal score, string? reason)
    {
        var problems = new List<ScoreProblem>();
        if (score is < 0m or > 1m) problems.Add(ScoreProblem.OutOfRange);
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(ScoreProblem.ReasonRequired);

        var hints = new List<ScoreHint>();
        if (problems.Contains(ScoreProblem.OutOfRange)) return new(problems, hints);
        if (score == 1m) hints.Add(ScoreHint.TargetMaybeTooLow);
        else if (score == 0m) hints.Add(ScoreHint.ZeroNeedsExplanation);
        else if (score >= 0.6m) hints.Add(ScoreHint.Healthy);
        else hints.Add(ScoreHint.BelowAim);
        return new(problems, hints);
    }

    /// <summary>An objective's score: the weighted average of its scored, not dropped KRs; null while any is unscored.</summary>
    public static decimal? ObjectiveScore(IEnumerable<(KeyResult Kr, decimal? Score)> keyResults)
    {
        var counted = keyResults.Where(k => !k.Kr.IsDropped).ToList();
        if (counted.Count == 0 || counted.Any(k => k.Score is null)) return null;
        return Progress.WeightedAverage(counted.Select(k => (k.Kr.Weight, k.Score!.Value)));
    }

    /// <summary>The annual score: the plain average of the scores of its cycles; null when no cycle was scored.</summary>
    public static decimal? AnnualScore(IEnumerable<decimal?> cycleScores)
    {
        var scored = cycleScores.Where(s => s is not null).Select(s => s!.Value).ToList();
        return scored.Count == 0 ? null : scored.Average();
    }
}
