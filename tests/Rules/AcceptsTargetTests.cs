using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class AcceptsTargetTests
{
    [Theory]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0, 120, true)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0, 0, false)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0, -5, false)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 95, 30, true)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 95, 120, false)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 40, 100, true)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 40, 101, false)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0, 2_000_000_000_000, false)]
    public void A_new_target_must_differ_from_the_start_lie_in_the_direction_and_stay_in_range(
        KeyResultKind kind, Direction direction, double start, double target, bool accepted)
    {
        var kr = new KeyResult { Title = "KR", Kind = kind, Direction = direction, StartValue = (decimal)start, TargetValue = (decimal)start + 1, CurrentValue = (decimal)start };

        Assert.Equal(accepted, KeyResultRules.AcceptsTarget(kr, (decimal)target));
    }
}
