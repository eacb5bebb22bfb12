using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class ScoreGuidanceTests
{
    [Theory]
    [InlineData(0.65, 0.7)]
    [InlineData(0.64, 0.6)]
    [InlineData(0.649, 0.6)]
    [InlineData(0.05, 0.1)]
    [InlineData(0.04, 0)]
    [InlineData(0.95, 1)]
    [InlineData(0.94, 0.9)]
    [InlineData(0.7, 0.7)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1.3, 1)]
    [InlineData(-0.2, 0)]
    public void The_suggested_score_is_the_progress_rounded_to_the_nearest_tenth_within_zero_and_one(double progress, double expected) =>
        Assert.Equal((decimal)expected, ScoreGuidance.Suggest((decimal)progress));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void A_score_outside_zero_to_one_is_refused_and_gets_no_hint(double score)
    {
        var check = ScoreGuidance.Check((decimal)score, "We shipped half of it");

        Assert.False(check.IsAcceptable);
        Assert.Equal([ScoreProblem.OutOfRange], check.Problems);
        Assert.Empty(check.Hints);
    }

    [Fact]
    public void A_score_outside_zero_to_one_without_a_reason_is_refused_for_both()
    {
        var check = ScoreGuidance.Check(1.5m, null);

        Assert.Equal([ScoreProblem.OutOfRange, ScoreProblem.ReasonRequired], check.Problems);
        Assert.Empty(check.Hints);
    }

    public static TheoryData<decimal, string?> ScoresWithoutReason()
    {
        var data = new TheoryData<decimal, string?>();
        foreach (var score in new[] { 0m, 0.1m, 0.5m, 0.6m, 0.7m, 0.9m, 1m })
            foreach (var reason in new[] { null, "", "   ", "\t\n" })
                data.Add(score, reason);
        return data;
    }

    [Theory]
    [MemberData(nameof(ScoresWithoutReason))]
    public void Every_score_needs_a_reason_even_zero_and_one(decimal score, string? reason)
    {
        var check = ScoreGuidance.Check(score, reason);

        Assert.False(check.IsAcceptable);
        Assert.Equal([ScoreProblem.ReasonRequired], check.Problems);
    }

    [Theory]
    [InlineData(1, ScoreHint.TargetMaybeTooLow)]
    [InlineData(0, ScoreHint.ZeroNeedsExplanation)]
    [InlineData(0.9, ScoreHint.Healthy)]
    [InlineData(0.8, ScoreHint.Healthy)]
    [InlineData(0.7, ScoreHint.Healthy)]
    [InlineData(0.6, ScoreHint.Healthy)]
    [InlineData(0.5, ScoreHint.BelowAim)]
    [InlineData(0.4, ScoreHint.BelowAim)]
    [InlineData(0.3, ScoreHint.BelowAim)]
    [InlineData(0.2, ScoreHint.BelowAim)]
    [InlineData(0.1, ScoreHint.BelowAim)]
    [InlineData(0.59, ScoreHint.BelowAim)]
    [InlineData(0.99, ScoreHint.Healthy)]
    [InlineData(0.01, ScoreHint.BelowAim)]
    public void A_score_with_a_reason_is_accepted_with_one_hint_about_where_it_lies(double score, ScoreHint expected)
    {
        var check = ScoreGuidance.Check((decimal)score, "Two of three launches happened");

        Assert.True(check.IsAcceptable);
        Assert.Empty(check.Problems);
        Assert.Equal([expected], check.Hints);
    }

    [Fact]
    public void A_score_without_a_reason_still_gets_its_hint()
    {
        var check = ScoreGuidance.Check(1m, " ");

        Assert.Equal([ScoreHint.TargetMaybeTooLow], check.Hints);
    }

    public static TheoryData<decimal[], decimal?[], bool[], decimal?> Objectives => new()
    {
        // weights, scores, dropped flags, expected
        { [1m, 1m], [0.6m, 0.8m], [false, false], 0.7m },
        { [3m, 1m], [1m, 0.2m], [false, false], 0.8m },
        { [1m, 3m], [1m, 0.2m], [false, false], 0.4m },
        { [1m, 1m], [0.6m, null], [false, false], null },
        { [1m, 1m], [null, null], [false, false], null },
        { [1m, 1m], [0.6m, null], [false, true], 0.6m },
        { [1m, 5m, 1m], [0.4m, 0m, 0.8m], [false, true, false], 0.6m },
        { [0m, 0m], [0.4m, 1m], [false, false], 0.7m },
        { [1m], [0.5m], [true], null },
        { [], [], [], null },
    };

    [Theory]
    [MemberData(nameof(Objectives))]
    public void An_objectives_score_is_the_weighted_average_of_its_key_results_not_dropped_and_none_while_one_is_unscored(
        decimal[] weights, decimal?[] scores, bool[] dropped, decimal? expected)
    {
        var keyResults = weights.Select((w, i) => (Kr.At(0m, w, dropped[i]), scores[i]));

        Assert.Equal(expected, ScoreGuidance.ObjectiveScore(keyResults));
    }

    public static TheoryData<decimal?[], decimal?> Years => new()
    {
        { [0.7m, 0.5m, 0.9m, 0.3m], 0.6m },
        { [0.8m], 0.8m },
        { [0.6m, null, 1m, null], 0.8m },
        { [0m, 0m], 0m },
        { [null, null], null },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(Years))]
    public void The_annual_score_is_the_plain_average_of_the_scored_cycles_and_none_when_no_cycle_was_scored(decimal?[] cycleScores, decimal? expected) =>
        Assert.Equal(expected, ScoreGuidance.AnnualScore(cycleScores));

    [Fact]
    public void The_healthy_aim_is_seven_tenths_in_steps_of_a_tenth() =>
        Assert.Equal((0.7m, 0.1m), (ScoreGuidance.HealthyAim, ScoreGuidance.Step));
}
