using OkrBot.Core.Model;

namespace OkrBot.Core.Services;

/// <summary>One KR on a person's mid-cycle review, with the decision recorded so far (none yet: null).</summary>
public sealed record ReviewItem(KeyResultView KeyResult, string ObjectiveTitle, ReviewDecisionKind? Decision, decimal? NewTarget, string? Note);

/// <summary>The KRs a person owns in a cycle, to keep, adjust or drop at its midpoint.</summary>
public sealed record ReviewSheet(Guid CycleId, string CycleName, DateOnly Midpoint, DateOnly EndDate, IReadOnlyList<ReviewItem> Items)
{
    public bool IsDone => Items.All(i => i.Decision is not null);
}

/// <summary>One KR to score at the end of a cycle: the score the rules suggest from its progress, and the one given so far.</summary>
public sealed record ScoringItem(KeyResultView KeyResult, string ObjectiveTitle, decimal SuggestedScore, decimal? Score, string? Reason);

/// <summary>The KRs a person owns in a cycle and has to score (dropped ones are not scored).</summary>
public sealed record ScoringSheet(Guid CycleId, string CycleName, DateOnly EndDate, IReadOnlyList<ScoringItem> Items)
{
    public bool IsDone => Items.All(i => i.Score is not null);
}

/// <summary>One KR in the published results: where it ended and the score its owner gave, with the reason.</summary>
public sealed record ResultKeyResult(Guid KeyResultId, string Title, string OwnerName, decimal Progress, decimal? Score, string? Reason);

/// <summary>One objective in the results: its score is the weighted average of its scored KRs (null when none is).</summary>
public sealed record ResultObjective(Guid ObjectiveId, string Title, string OwnerName, decimal? Score, IReadOnlyList<ResultKeyResult> KeyResults);

/// <summary>
/// A team's results of a cycle, as published to its members: the objectives of the team and of its members that the
/// viewer may see. <paramref name="TeamName"/> is null for someone in no team (their own results).
/// </summary>
public sealed record TeamResults(Guid CycleId, string CycleName, string? TeamName, IReadOnlyList<ResultObjective> Objectives)
{
    public IEnumerable<ResultKeyResult> KeyResults => Objectives.SelectMany(o => o.KeyResults);

    /// <summary>Scored KRs out of all KRs shown.</summary>
    public int ScoredCount => KeyResults.Count(k => k.Score is not null);
}

/// <summary>Where a cycle stands for planning the next: when it ends, and the next cycle if one is set up already.</summary>
public sealed record PlanningOutlook(Guid CycleId, string CycleName, DateOnly EndDate, string? NextCycleName, DateOnly? NextCycleStart);
