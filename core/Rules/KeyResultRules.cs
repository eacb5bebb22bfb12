using OkrBot.Core.Model;

namespace OkrBot.Core.Rules;

public enum KeyResultProblem
{
    TitleMissing,
    TargetEqualsStart,
    TargetAgainstDirection,
    PercentageOutOfRange,
    MilestoneValueNotZeroOrOne,
    WeightNotPositive,
    /// <summary>A value beyond <see cref="KeyResultRules.MaxMagnitude"/>: a typo, not a measurement.</summary>
    ValueTooLarge,
}

/// <summary>What makes a KR measurable, and what a value for it may be.</summary>
public static class KeyResultRules
{
    /// <summary>Values beyond this are typos, not measurements; it also keeps them within every store's numeric range.</summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;

    public static IReadOnlyList<KeyResultProblem> Validate(KeyResult kr)
    {
        var problems = new List<KeyResultProblem>();
        if (string.IsNullOrWhiteSpace(kr.Title)) problems.Add(KeyResultProblem.TitleMissing);
        if (kr.Weight <= 0m) problems.Add(KeyResultProblem.WeightNotPositive);
        if (new[] { kr.StartValue, kr.TargetValue, kr.CurrentValue }.Any(v => Math.Abs(v) > MaxMagnitude))
            problems.Add(KeyResultProblem.ValueTooLarge);
        switch (kr.Kind)
        {
            case KeyResultKind.Milestone:
                if (kr.CurrentValue is not (0m or 1m)) problems.Add(KeyResultProblem.MilestoneValueNotZeroOrOne);
                break;
            case KeyResultKind.Percentage when new[] { kr.StartValue, kr.TargetValue, kr.CurrentValue }.Any(v => v is < 0m or > 100m):
                problems.Add(KeyResultProblem.PercentageOutOfRange);
                break;
        }
        if (kr.Kind != KeyResultKind.Milestone)
        {
            if (kr.TargetValue == kr.StartValue) problems.Add(KeyResultProblem.TargetEqualsStart);
            else if ((kr.Direction == Direction.Increase) != (kr.TargetValue > kr.StartValue))
                problems.Add(KeyResultProblem.TargetAgainstDirection);
        }
        return problems;
    }

    /// <summary>
    /// Whether this KR can move its target to <paramref name="target"/>: only what a new target can break counts (it must
    /// differ from the start, lie in the KR's direction, and stay within range).
    /// </summary>
    public static bool AcceptsTarget(KeyResult kr, decimal target)
    {
        var probe = new KeyResult
        {
            Title = kr.Title, Kind = kr.Kind, Direction = kr.Direction, StartValue = kr.StartValue, TargetValue = target,
            CurrentValue = kr.CurrentValue, Weight = kr.Weight,
        };
        return !Validate(probe).Any(p => p is KeyResultProblem.TargetEqualsStart or KeyResultProblem.TargetAgainstDirection
            or KeyResultProblem.PercentageOutOfRange or KeyResultProblem.ValueTooLarge);
    }

    /// <summary>Whether <paramref name="value"/> is a value this KR can take in a check-in.</summary>
    public static bool AcceptsValue(KeyResult kr, decimal value) => kr.Kind switch
    {
        KeyResultKind.Milestone => value is 0m or 1m,
        KeyResultKind.Percentage => value is >= 0m and <= 100m,
        _ => Math.Abs(value) <= MaxMagnitude,
    };
}
