using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class ProgressTests
{
    [Theory]
    [InlineData(0, 0, 100, 0)]
    [InlineData(0, 25, 100, 0.25)]
    [InlineData(0, 100, 100, 1)]
    [InlineData(0, 150, 100, 1)]
    [InlineData(0, -20, 100, 0)]
    [InlineData(40, 70, 100, 0.5)]
    [InlineData(40, 39, 100, 0)]
    [InlineData(-10, 0, 10, 0.5)]
    [InlineData(-10, -15, 10, 0)]
    [InlineData(-100, -75, -50, 0.5)]
    [InlineData(-100, -40, -50, 1)]
    public void Progress_of_an_increasing_metric_counts_up_from_start_to_target_within_zero_and_one(double start, double current, double target, double expected) =>
        Assert.Equal((decimal)expected, Progress.Of(KeyResultKind.Metric, Direction.Increase, (decimal)start, (decimal)current, (decimal)target));

    [Theory]
    [InlineData(100, 100, 50, 0)]
    [InlineData(100, 75, 50, 0.5)]
    [InlineData(100, 50, 50, 1)]
    [InlineData(100, 10, 50, 1)]
    [InlineData(100, 120, 50, 0)]
    [InlineData(10, 0, -10, 0.5)]
    [InlineData(0, -5, -20, 0.25)]
    [InlineData(0, -30, -20, 1)]
    [InlineData(0, 5, -20, 0)]
    public void Progress_of_a_decreasing_metric_counts_down_from_start_to_target_within_zero_and_one(double start, double current, double target, double expected) =>
        Assert.Equal((decimal)expected, Progress.Of(KeyResultKind.Metric, Direction.Decrease, (decimal)start, (decimal)current, (decimal)target));

    [Theory]
    [InlineData(Direction.Increase, 20, 35, 80, 0.25)]
    [InlineData(Direction.Increase, 20, 95, 80, 1)]
    [InlineData(Direction.Increase, 20, 10, 80, 0)]
    [InlineData(Direction.Decrease, 90, 60, 30, 0.5)]
    [InlineData(Direction.Decrease, 90, 0, 30, 1)]
    [InlineData(Direction.Decrease, 90, 100, 30, 0)]
    public void Progress_of_a_percentage_is_measured_like_a_metric_between_its_start_and_target(Direction direction, double start, double current, double target, double expected) =>
        Assert.Equal((decimal)expected, Progress.Of(KeyResultKind.Percentage, direction, (decimal)start, (decimal)current, (decimal)target));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.99, 0)]
    [InlineData(1, 1)]
    [InlineData(-1, 0)]
    [InlineData(2, 1)]
    public void A_milestone_is_either_not_done_or_done_whatever_its_start_and_target(double current, double expected)
    {
        Assert.Equal((decimal)expected, Progress.Of(KeyResultKind.Milestone, Direction.Increase, 0m, (decimal)current, 1m));
        Assert.Equal((decimal)expected, Progress.Of(KeyResultKind.Milestone, Direction.Decrease, 5m, (decimal)current, 5m));
    }

    [Theory]
    [InlineData(Direction.Increase, 9, 0)]
    [InlineData(Direction.Increase, 10, 1)]
    [InlineData(Direction.Increase, 11, 1)]
    [InlineData(Direction.Decrease, 11, 0)]
    [InlineData(Direction.Decrease, 10, 1)]
    [InlineData(Direction.Decrease, 9, 1)]
    public void A_metric_whose_target_equals_its_start_is_done_once_the_value_is_at_or_past_the_target(Direction direction, double current, double expected) =>
        Assert.Equal((decimal)expected, Progress.Of(KeyResultKind.Metric, direction, 10m, (decimal)current, 10m));

    [Fact]
    public void Progress_of_a_key_result_reads_its_own_kind_direction_and_values()
    {
        Assert.Equal(0.5m, Progress.Of(Kr.Metric(100m, 75m, 50m, Direction.Decrease)));
        Assert.Equal(0.3m, Progress.Of(Kr.Metric(0m, 3m, 10m)));
        Assert.Equal(1m, Progress.Of(new KeyResult { Title = "Ship v2", Kind = KeyResultKind.Milestone, CurrentValue = 1m }));
    }

    public static TheoryData<decimal[], decimal[], bool[], decimal> Objectives => new()
    {
        // weights, progress of each KR, dropped flags, expected
        { [3m, 1m], [1m, 0m], [false, false], 0.75m },
        { [1m, 3m], [1m, 0m], [false, false], 0.25m },
        { [2m, 1m, 1m], [0.5m, 1m, 0m], [false, false, false], 0.5m },
        { [1m, 1m], [0.2m, 0.6m], [false, false], 0.4m },
        { [1m, 1m, 5m], [0.2m, 0.6m, 1m], [false, false, true], 0.4m },
        { [1m, 1m], [1m, 0m], [false, true], 1m },
        { [0m, 0m], [1m, 0.5m], [false, false], 0.75m },
        { [0m, 2m], [1m, 0.5m], [false, false], 0.5m },
        { [1m], [1m], [true], 0m },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Progress_of_an_objective_is_the_weighted_average_of_its_key_results_that_were_not_dropped(decimal[] weights, decimal[] progress, bool[] dropped, decimal expected)
    {
        var keyResults = weights.Select((w, i) => Kr.At(progress[i], w, dropped[i])).ToList();
        Assert.Equal(expected, Progress.OfObjective(keyResults));
    }

    [Fact]
    public void An_objective_without_key_results_has_no_progress() =>
        Assert.Equal(0m, Progress.OfObjective([]));

    public static TheoryData<decimal[], decimal[], decimal> Averages => new()
    {
        { [1m, 1m], [0.2m, 0.4m], 0.3m },
        { [4m, 1m], [0.5m, 1m], 0.6m },
        { [0.25m, 0.75m], [1m, 0m], 0.25m },
        { [0m, 0m, 0m], [0.3m, 0.6m, 0.9m], 0.6m },
        { [-1m, -1m], [0.2m, 0.4m], 0.3m },
        { [-5m, 1m], [1m, 0.2m], 0.2m },
        { [0m, 1m], [1m, 0.2m], 0.2m },
        { [1m], [1.5m], 1m },
        { [1m], [-0.5m], 0m },
        { [], [], 0m },
    };

    [Theory]
    [MemberData(nameof(Averages))]
    public void A_weighted_average_ignores_weights_of_zero_or_less_and_falls_back_to_the_plain_average_when_none_count(decimal[] weights, decimal[] values, decimal expected) =>
        Assert.Equal(expected, Progress.WeightedAverage(weights.Zip(values)));
}
