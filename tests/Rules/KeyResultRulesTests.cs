using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class KeyResultRulesTests
{
    private static KeyResult Kr(KeyResultKind kind, Direction direction, decimal start, decimal target, decimal current = 0m, string title = "Cut support tickets", decimal weight = 1m) =>
        new() { Title = title, Kind = kind, Direction = direction, StartValue = start, TargetValue = target, CurrentValue = current, Weight = weight };

    [Theory]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0, 100, 0)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, -50, -10, -70)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 120, 80, 95)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 0, -1e12, 5)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, -1e12, 1e12, 1e12)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 0, 100, 40)]
    [InlineData(KeyResultKind.Percentage, Direction.Decrease, 100, 0, 40)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 12.5, 12.6, 0)]
    [InlineData(KeyResultKind.Milestone, Direction.Increase, 0, 1, 0)]
    [InlineData(KeyResultKind.Milestone, Direction.Increase, 0, 1, 1)]
    [InlineData(KeyResultKind.Milestone, Direction.Decrease, 0, 0, 1)]
    public void A_measurable_key_result_of_each_kind_has_no_problems(KeyResultKind kind, Direction direction, double start, double target, double current) =>
        Assert.Empty(KeyResultRules.Validate(Kr(kind, direction, (decimal)start, (decimal)target, (decimal)current)));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void A_key_result_needs_a_title(string title) =>
        Assert.Equal([KeyResultProblem.TitleMissing], KeyResultRules.Validate(Kr(KeyResultKind.Metric, Direction.Increase, 0m, 10m, title: title)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-0.01)]
    public void A_key_result_needs_a_positive_weight(double weight) =>
        Assert.Equal([KeyResultProblem.WeightNotPositive], KeyResultRules.Validate(Kr(KeyResultKind.Metric, Direction.Increase, 0m, 10m, weight: (decimal)weight)));

    [Fact]
    public void The_smallest_positive_weight_is_enough() =>
        Assert.Empty(KeyResultRules.Validate(Kr(KeyResultKind.Metric, Direction.Increase, 0m, 10m, weight: 0.01m)));

    public static TheoryData<decimal, decimal, decimal> HugeValues => new()
    {
        // start, target, current; each beyond ±MaxMagnitude somewhere
        { 0m, KeyResultRules.MaxMagnitude + 1m, 0m },
        { -KeyResultRules.MaxMagnitude - 1m, 0m, 0m },
        { 0m, 10m, KeyResultRules.MaxMagnitude + 0.01m },
        { 0m, 10m, -KeyResultRules.MaxMagnitude - 0.01m },
        { 0m, 10m, decimal.MaxValue },
    };

    [Theory]
    [MemberData(nameof(HugeValues))]
    public void Values_beyond_a_trillion_are_refused(decimal start, decimal target, decimal current) =>
        Assert.Equal([KeyResultProblem.ValueTooLarge], KeyResultRules.Validate(Kr(KeyResultKind.Metric, Direction.Increase, start, target, current)));

    [Theory]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(100)]
    public void A_milestone_is_either_zero_or_one(double current) =>
        Assert.Equal([KeyResultProblem.MilestoneValueNotZeroOrOne], KeyResultRules.Validate(Kr(KeyResultKind.Milestone, Direction.Increase, 0m, 1m, (decimal)current)));

    [Theory]
    [InlineData(Direction.Increase, -1, 50)]
    [InlineData(Direction.Increase, 50, 101)]
    [InlineData(Direction.Increase, 0, 100.01)]
    [InlineData(Direction.Decrease, 100.5, 20)]
    [InlineData(Direction.Decrease, 20, -0.1)]
    public void A_percentage_starts_and_ends_within_zero_and_a_hundred(Direction direction, double start, double target) =>
        Assert.Equal([KeyResultProblem.PercentageOutOfRange], KeyResultRules.Validate(Kr(KeyResultKind.Percentage, direction, (decimal)start, (decimal)target)));

    [Theory]
    [InlineData(-0.5)]
    [InlineData(150)]
    public void A_percentage_currently_outside_zero_and_a_hundred_is_a_problem(double current) =>
        Assert.Equal([KeyResultProblem.PercentageOutOfRange],
            KeyResultRules.Validate(Kr(KeyResultKind.Percentage, Direction.Increase, 10m, 90m, (decimal)current)));

    [Theory]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 10)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 10)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 50)]
    [InlineData(KeyResultKind.Percentage, Direction.Decrease, 100)]
    public void A_metric_or_percentage_whose_target_equals_its_start_measures_nothing(KeyResultKind kind, Direction direction, double value) =>
        Assert.Equal([KeyResultProblem.TargetEqualsStart], KeyResultRules.Validate(Kr(kind, direction, (decimal)value, (decimal)value)));

    [Theory]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 10, 9.99)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, -5, -10)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 10, 10.01)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, -10, 0)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 60, 40)]
    [InlineData(KeyResultKind.Percentage, Direction.Decrease, 40, 60)]
    public void A_target_on_the_wrong_side_of_the_start_for_its_direction_is_refused(KeyResultKind kind, Direction direction, double start, double target) =>
        Assert.Equal([KeyResultProblem.TargetAgainstDirection], KeyResultRules.Validate(Kr(kind, direction, (decimal)start, (decimal)target)));

    [Fact]
    public void Every_problem_of_a_key_result_is_reported_at_once()
    {
        Assert.Equal(
            [KeyResultProblem.TitleMissing, KeyResultProblem.WeightNotPositive, KeyResultProblem.PercentageOutOfRange, KeyResultProblem.TargetAgainstDirection],
            KeyResultRules.Validate(Kr(KeyResultKind.Percentage, Direction.Increase, 120m, 110m, title: " ", weight: 0m)));
        Assert.Equal(
            [KeyResultProblem.ValueTooLarge, KeyResultProblem.TargetEqualsStart],
            KeyResultRules.Validate(Kr(KeyResultKind.Metric, Direction.Decrease, 2_000_000_000_000m, 2_000_000_000_000m)));
        Assert.Equal(
            [KeyResultProblem.TitleMissing, KeyResultProblem.MilestoneValueNotZeroOrOne],
            KeyResultRules.Validate(Kr(KeyResultKind.Milestone, Direction.Increase, 0m, 1m, 0.5m, title: "")));
    }

    [Theory]
    [InlineData(KeyResultKind.Milestone, 0, true)]
    [InlineData(KeyResultKind.Milestone, 1, true)]
    [InlineData(KeyResultKind.Milestone, 0.5, false)]
    [InlineData(KeyResultKind.Milestone, 2, false)]
    [InlineData(KeyResultKind.Milestone, -1, false)]
    [InlineData(KeyResultKind.Percentage, 0, true)]
    [InlineData(KeyResultKind.Percentage, 100, true)]
    [InlineData(KeyResultKind.Percentage, 55.5, true)]
    [InlineData(KeyResultKind.Percentage, -0.01, false)]
    [InlineData(KeyResultKind.Percentage, 100.01, false)]
    [InlineData(KeyResultKind.Metric, 0, true)]
    [InlineData(KeyResultKind.Metric, -123.45, true)]
    [InlineData(KeyResultKind.Metric, 1e12, true)]
    [InlineData(KeyResultKind.Metric, -1e12, true)]
    [InlineData(KeyResultKind.Metric, 1000000000001d, false)]
    [InlineData(KeyResultKind.Metric, -1000000000001d, false)]
    public void A_check_in_value_must_fit_the_kind_of_key_result(KeyResultKind kind, double value, bool expected) =>
        Assert.Equal(expected, KeyResultRules.AcceptsValue(Kr(kind, Direction.Increase, 0m, 1m), (decimal)value));

    [Fact]
    public void A_metric_accepts_values_up_to_exactly_a_trillion_either_way()
    {
        var metric = Kr(KeyResultKind.Metric, Direction.Increase, 0m, 10m);

        Assert.True(KeyResultRules.AcceptsValue(metric, KeyResultRules.MaxMagnitude));
        Assert.True(KeyResultRules.AcceptsValue(metric, -KeyResultRules.MaxMagnitude));
        Assert.False(KeyResultRules.AcceptsValue(metric, KeyResultRules.MaxMagnitude + 0.01m));
        Assert.False(KeyResultRules.AcceptsValue(metric, -KeyResultRules.MaxMagnitude - 0.01m));
        Assert.Equal(1_000_000_000_000m, KeyResultRules.MaxMagnitude);
    }
}
