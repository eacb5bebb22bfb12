using OkrBot.Core.Model;

namespace OkrBot.Core.Rules;

/// <summary>How far along a KR or an objective is, always within 0..1.</summary>
public static class Progress
{
    /// <summary>Progress of one KR from its start, current and target values, clamped to 0..1.</summary>
    public static decimal Of(KeyResultKind kind, Direction direction, decimal start, decimal current, decimal target)
    {
        if (kind == KeyResultKind.Milestone) return current >= 1m ? 1m : 0m;

        var gained = direction == Direction.Increase ? current - start : start - current;
        var needed = direction == Direction.Increase ? target - start : start - target;
        if (needed <= 0m)
            // Nothing to gain (target == start): done once the value is at or past the target.
            return direction == Direction.Increase ? (current >= target ? 1m : 0m) : (current <= target ? 1m : 0m);
        return Clamp01(gained / needed);
    }

    public static decimal Of(KeyResult kr) => Of(kr.Kind, kr.Direction, kr.StartValue, kr.CurrentValue, kr.TargetValue);

    /// <summary>Progress of an objective: the weighted average of its KRs' progress. Dropped KRs do not count.</summary>
    public static decimal OfObjective(IEnumerable<KeyResult> keyResults) =>
        WeightedAverage(keyResults.Where(kr => !kr.IsDropped).Select(kr => (kr.Weight, Of(kr))));

    /// <summary>
    /// The weighted average of values in 0..1. Weights of zero or less count as nothing; when every weight is
    /// zero the plain average is used, so an objective whose weights were never set still has a progress.
    /// </summary>
    public static decimal WeightedAverage(IEnumerable<(decimal Weight, decimal Value)> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return 0m;
        var totalWeight = list.Sum(i => Math.Max(i.Weight, 0m));
        if (totalWeight == 0m) return Clamp01(list.Average(i => i.Value));
        return Clamp01(list.Sum(i => Math.Max(i.Weight, 0m) * i.Value) / totalWeight);
    }

    internal static decimal Clamp01(decimal value) => Math.Clamp(value, 0m, 1m);
}
