using OkrBot.Core.Model;

namespace OkrBot.Tests.Rules;

/// <summary>Builds key results for the rule tests; nothing is stored.</summary>
internal static class Kr
{
    public static KeyResult Metric(decimal start, decimal current, decimal target, Direction direction = Direction.Increase, decimal weight = 1m, bool dropped = false) =>
        new()
        {
            Title = "Grow weekly active users",
            Kind = KeyResultKind.Metric,
            Direction = direction,
            StartValue = start,
            CurrentValue = current,
            TargetValue = target,
            Weight = weight,
            IsDropped = dropped,
        };

    /// <summary>A 0 -> 100 metric at <paramref name="progress"/> of the way, so its progress is exactly that fraction.</summary>
    public static KeyResult At(decimal progress, decimal weight = 1m, bool dropped = false) =>
        Metric(0m, progress * 100m, 100m, weight: weight, dropped: dropped);
}
