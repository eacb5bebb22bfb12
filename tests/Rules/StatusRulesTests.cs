using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class StatusRulesTests
{
    [Theory]
    [InlineData(0.5, 0.5, KrStatus.OnTrack)]
    [InlineData(0.9, 0.5, KrStatus.OnTrack)]
    [InlineData(0.25, 0.5, KrStatus.OnTrack)]
    [InlineData(0.24, 0.5, KrStatus.AtRisk)]
    [InlineData(0.5, 1, KrStatus.AtRisk)]
    [InlineData(0.49, 1, KrStatus.OffTrack)]
    [InlineData(0, 0.5, KrStatus.AtRisk)]
    [InlineData(0, 0.51, KrStatus.OffTrack)]
    [InlineData(0, 0.25, KrStatus.OnTrack)]
    [InlineData(0, 0.26, KrStatus.AtRisk)]
    [InlineData(0, 0, KrStatus.OnTrack)]
    [InlineData(0, 1, KrStatus.OffTrack)]
    public void With_the_default_thresholds_falling_more_than_a_quarter_behind_is_at_risk_and_more_than_half_is_off_track(double progress, double elapsed, KrStatus expected) =>
        Assert.Equal(expected, StatusRules.Suggest((decimal)progress, (decimal)elapsed, StatusThresholds.Default));

    [Theory]
    [InlineData(1.5, 0.5, KrStatus.OnTrack)]
    [InlineData(-1, 0.25, KrStatus.OnTrack)]
    [InlineData(-1, 0.26, KrStatus.AtRisk)]
    [InlineData(0.5, 2, KrStatus.AtRisk)]
    [InlineData(0.49, 2, KrStatus.OffTrack)]
    [InlineData(0, -1, KrStatus.OnTrack)]
    public void Progress_and_elapsed_share_outside_zero_to_one_are_clamped_before_comparing(double progress, double elapsed, KrStatus expected) =>
        Assert.Equal(expected, StatusRules.Suggest((decimal)progress, (decimal)elapsed, StatusThresholds.Default));

    [Theory]
    // Default (0.25, 0.50) vs a stricter tenant (0.10, 0.30) vs a laxer one (0.40, 0.70), same KR at the same time.
    [InlineData(0.35, 0.5, KrStatus.OnTrack, KrStatus.AtRisk, KrStatus.OnTrack)]
    [InlineData(0.15, 0.5, KrStatus.AtRisk, KrStatus.OffTrack, KrStatus.OnTrack)]
    [InlineData(0, 0.6, KrStatus.OffTrack, KrStatus.OffTrack, KrStatus.AtRisk)]
    [InlineData(0.4, 0.5, KrStatus.OnTrack, KrStatus.OnTrack, KrStatus.OnTrack)]
    [InlineData(0.2, 0.5, KrStatus.AtRisk, KrStatus.AtRisk, KrStatus.OnTrack)]
    [InlineData(0.2, 1, KrStatus.OffTrack, KrStatus.OffTrack, KrStatus.OffTrack)]
    public void A_tenants_own_thresholds_change_the_suggestion_for_the_same_progress_and_date(double progress, double elapsed, KrStatus byDefault, KrStatus strict, KrStatus lax)
    {
        Assert.Equal(byDefault, StatusRules.Suggest((decimal)progress, (decimal)elapsed, StatusThresholds.Default));
        Assert.Equal(strict, StatusRules.Suggest((decimal)progress, (decimal)elapsed, new StatusThresholds(0.10m, 0.30m)));
        Assert.Equal(lax, StatusRules.Suggest((decimal)progress, (decimal)elapsed, new StatusThresholds(0.40m, 0.70m)));
    }

    [Theory]
    [InlineData(null, KrStatus.OnTrack, KrStatus.OnTrack)]
    [InlineData(null, KrStatus.AtRisk, KrStatus.AtRisk)]
    [InlineData(null, KrStatus.OffTrack, KrStatus.OffTrack)]
    [InlineData(KrStatus.OffTrack, KrStatus.OnTrack, KrStatus.OffTrack)]
    [InlineData(KrStatus.AtRisk, KrStatus.OnTrack, KrStatus.AtRisk)]
    [InlineData(KrStatus.OnTrack, KrStatus.OffTrack, KrStatus.OnTrack)]
    [InlineData(KrStatus.OnTrack, KrStatus.AtRisk, KrStatus.OnTrack)]
    [InlineData(KrStatus.AtRisk, KrStatus.OffTrack, KrStatus.AtRisk)]
    public void A_status_someone_set_explicitly_wins_over_the_suggestion_in_either_direction(KrStatus? explicitStatus, KrStatus suggested, KrStatus expected) =>
        Assert.Equal(expected, StatusRules.Effective(explicitStatus, suggested));

    // A 100-day cycle: 2025-01-01 .. 2025-04-10, so day n has an elapsed share of exactly n / 100.
    private static Cycle HundredDays => new() { Name = "Q1", StartDate = new(2025, 1, 1), EndDate = new(2025, 4, 10) };

    [Theory]
    [InlineData("2025-02-19", 0, null, KrStatus.AtRisk)]      // day 50: 0.50 behind is not more than 0.50
    [InlineData("2025-02-20", 0, null, KrStatus.OffTrack)]    // day 51: 0.51 behind
    [InlineData("2025-01-25", 0, null, KrStatus.OnTrack)]     // day 25: exactly 0.25 behind
    [InlineData("2025-01-26", 0, null, KrStatus.AtRisk)]      // day 26
    [InlineData("2025-02-19", 30, null, KrStatus.OnTrack)]    // 0.30 done at 0.50: 0.20 behind
    [InlineData("2024-12-31", 0, null, KrStatus.OnTrack)]     // before the cycle nothing is expected yet
    [InlineData("2025-06-30", 60, null, KrStatus.AtRisk)]     // after the end everything is expected: 0.40 behind
    [InlineData("2025-02-20", 0, KrStatus.OnTrack, KrStatus.OnTrack)]
    [InlineData("2025-01-10", 50, KrStatus.OffTrack, KrStatus.OffTrack)]
    public void The_status_shown_for_a_key_result_compares_its_progress_with_the_elapsed_share_of_its_cycle_unless_someone_set_one(
        string today, double current, KrStatus? explicitStatus, KrStatus expected)
    {
        var kr = Kr.Metric(0m, (decimal)current, 100m);
        kr.Status = explicitStatus;

        Assert.Equal(expected, StatusRules.EffectiveFor(kr, HundredDays, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), StatusThresholds.Default));
    }

    [Fact]
    public void The_status_shown_for_a_key_result_uses_the_tenants_thresholds()
    {
        var kr = Kr.Metric(0m, 30m, 100m);
        var day50 = new DateOnly(2025, 2, 19);

        Assert.Equal(KrStatus.OnTrack, StatusRules.EffectiveFor(kr, HundredDays, day50, StatusThresholds.Default));
        Assert.Equal(KrStatus.AtRisk, StatusRules.EffectiveFor(kr, HundredDays, day50, new StatusThresholds(0.10m, 0.30m)));
        Assert.Equal(KrStatus.OffTrack, StatusRules.EffectiveFor(kr, HundredDays, day50, new StatusThresholds(0.05m, 0.15m)));
    }

    [Theory]
    [InlineData(0.25, 0.5, true)]
    [InlineData(0.01, 1, true)]
    [InlineData(0.99, 1, true)]
    [InlineData(0.3, 0.31, true)]
    [InlineData(0, 0.5, false)]
    [InlineData(-0.1, 0.5, false)]
    [InlineData(1, 1, false)]
    [InlineData(0.25, 1.01, false)]
    [InlineData(0.5, 0.5, false)]
    [InlineData(0.6, 0.5, false)]
    [InlineData(0.25, 0, false)]
    public void Thresholds_are_valid_only_as_fractions_with_at_risk_before_off_track(double atRisk, double offTrack, bool expected) =>
        Assert.Equal(expected, StatusRules.AreValid(new StatusThresholds((decimal)atRisk, (decimal)offTrack)));

    [Fact]
    public void The_default_thresholds_are_a_quarter_and_a_half_and_are_valid()
    {
        Assert.Equal((0.25m, 0.50m), (StatusThresholds.Default.AtRiskWhenBehind, StatusThresholds.Default.OffTrackWhenBehind));
        Assert.True(StatusRules.AreValid(StatusThresholds.Default));
    }
}
