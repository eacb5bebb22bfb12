using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class ThreeByThreeTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    public void Up_to_five_objectives_with_up_to_five_key_results_each_is_not_warned_about(int objectives, int keyResults) =>
        Assert.Empty(ThreeByThree.Check(objectives, keyResults));

    [Theory]
    [InlineData(6, 5, new[] { FocusWarning.TooManyObjectives })]
    [InlineData(12, 0, new[] { FocusWarning.TooManyObjectives })]
    [InlineData(5, 6, new[] { FocusWarning.TooManyKeyResults })]
    [InlineData(1, 9, new[] { FocusWarning.TooManyKeyResults })]
    [InlineData(6, 6, new[] { FocusWarning.TooManyObjectives, FocusWarning.TooManyKeyResults })]
    public void More_than_five_objectives_or_key_results_is_warned_about_for_each(int objectives, int keyResults, FocusWarning[] expected) =>
        Assert.Equal(expected, ThreeByThree.Check(objectives, keyResults));

    [Fact]
    public void The_warning_starts_above_five() => Assert.Equal(5, ThreeByThree.WarnAbove);
}
