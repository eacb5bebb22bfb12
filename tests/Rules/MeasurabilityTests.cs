using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class MeasurabilityTests
{
    private const KeyResultKind Metric = KeyResultKind.Metric;
    private const KeyResultKind Percentage = KeyResultKind.Percentage;
    private const KeyResultKind Milestone = KeyResultKind.Milestone;

    /// <summary>Title, kind, start, target, unit (null for none), and the hints expected, in order; English and Chinese.</summary>
    public static TheoryData<string, KeyResultKind, double?, double?, string?, MeasurabilityHint[]> Cases() => new()
    {
        // Measurable: a figure in the title, a target that moves.
        { "Cut checkout steps from 7 to 3", Metric, 7, 3, "steps", [] },
        { "Raise NPS from 32 to 50", Metric, 32, 50, "NPS", [] },
        { "Crash-free sessions from 97.5% to 99.5%", Percentage, 97.5, 99.5, null, [] },
        { "Ship Apple Pay and WeChat Pay", Milestone, null, null, null, [] },
        { "首页加载时间从 3.2 秒降到 1.5 秒", Metric, 3.2, 1.5, "秒", [] },
        { "新签约门店增加到四十家", Metric, 0, 40, "家", [] },
        { "性能回归测试覆盖率提升到百分之八十五", Percentage, 40, 85, null, [] },
        { "Double weekly active users", Metric, 12000, 24000, "users", [] },
        // No target, or a target where it starts.
        { "Interview 20 churned customers", Metric, 0, null, "interviews", [MeasurabilityHint.NoTarget] },
        { "发布 60 篇知识库文章", Metric, 0, null, "篇", [MeasurabilityHint.NoTarget] },
        { "Repeat purchase rate from 28% to 40%", Percentage, 28, 28, null, [MeasurabilityHint.TargetEqualsStart] },
        { "Interview 20 customers", Metric, null, 0, null, [MeasurabilityHint.TargetEqualsStart] },
        // A vague verb and no figure.
        { "Improve customer satisfaction", Metric, 70, 80, "CSAT", [MeasurabilityHint.VagueWithoutFigure] },
        { "Better onboarding", Percentage, 40, 60, null, [MeasurabilityHint.VagueWithoutFigure] },
        { "Optimise the checkout", Metric, 0, null, null, [MeasurabilityHint.NoTarget, MeasurabilityHint.VagueWithoutFigure] },
        { "提升客户满意度", Metric, 70, 80, "分", [MeasurabilityHint.VagueWithoutFigure] },
        { "优化首页性能", Metric, 3, 2, "秒", [MeasurabilityHint.VagueWithoutFigure] },
        { "让结账体验更好", Percentage, 40, 60, null, [MeasurabilityHint.VagueWithoutFigure] },
        { "提升续约率，保持统一口径", Percentage, 70, 85, null, [MeasurabilityHint.VagueWithoutFigure] },
        // A vague verb with a figure is fine.
        { "Improve NPS from 32 to 50", Metric, 32, 50, null, [] },
        { "续约率从 70% 提升到 85%", Percentage, 70, 85, null, [] },
        { "提升三倍转化", Metric, 1, 3, "倍", [] },
        // A milestone counted as a metric.
        { "Launch the loyalty programme", Metric, 0, 1, null, [MeasurabilityHint.MilestoneAsMetric] },
        { "Publish the churn report", Metric, 0, 100, "%", [MeasurabilityHint.MilestoneAsMetric] },
        { "上线会员积分功能", Metric, 0, 1, null, [MeasurabilityHint.MilestoneAsMetric] },
        { "完成华东渠道签约", Metric, 0, 5, "家", [MeasurabilityHint.MilestoneAsMetric] },
        { "Launch 3 new stores", Metric, 0, 3, "stores", [] },
        { "Sign the partner contract", Metric, 0, 1, null, [MeasurabilityHint.MilestoneAsMetric] },
        { "Sign the partner contract", Metric, 0, 1, "contracts", [] },
        // A percentage written as a fraction.
        { "Conversion from 20% to 30%", Percentage, 0.2, 0.3, null, [MeasurabilityHint.PercentageAsFraction] },
        { "转化率从 20% 到 30%", Percentage, 0.2, 0.3, null, [MeasurabilityHint.PercentageAsFraction] },
        { "Uptime to 1%", Percentage, 0, 1, null, [MeasurabilityHint.PercentageAsFraction] },
        { "Uptime from 90% to 99%", Percentage, 90, 99, null, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_key_result_gets_the_hints_a_coach_would_give(string title, KeyResultKind kind, double? start, double? target, string? unit,
        MeasurabilityHint[] expected)
    {
        var hints = Measurability.Check(title, kind, (decimal?)start, (decimal?)target, unit);

        Assert.Equal(expected, hints);
    }

    [Theory]
    [InlineData("Cut steps from 7 to 3", true)]
    [InlineData("ＮＰＳ ５０", true)]
    [InlineData("Reach 40% share", true)]
    [InlineData("Hire twelve engineers", true)]
    [InlineData("Halve the backlog", true)]
    [InlineData("Someone owns onboarding", false)]
    [InlineData("新签约门店四十家", true)]
    [InlineData("提升三倍", true)]
    [InlineData("百分之八十五", true)]
    [InlineData("保持口径统一", false)]
    [InlineData("一致的体验", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_figure_is_a_digit_a_percent_a_number_word_or_chinese_numerals_that_count(string? title, bool figure) =>
        Assert.Equal(figure, Measurability.HasFigure(title));

    [Theory]
    [InlineData("Improve retention", true)]
    [InlineData("IMPROVED retention", true)]
    [InlineData("Make onboarding better", true)]
    [InlineData("Reduce churn", true)]
    [InlineData("Provide onboarding", false)]
    [InlineData("Moreover nothing", false)]
    [InlineData("提高转化率", true)]
    [InlineData("加强团队协作", true)]
    [InlineData("建立知识库", false)]
    public void Vague_words_are_found_as_words_in_english_and_anywhere_in_chinese(string title, bool vague) =>
        Assert.Equal(vague, Measurability.IsVague(title));

    [Fact]
    public void A_stored_key_result_is_checked_with_its_own_values()
    {
        var kr = new KeyResult { Title = "Improve NPS", Kind = Metric, StartValue = 32, TargetValue = 32, Unit = "NPS" };

        Assert.Equal([MeasurabilityHint.TargetEqualsStart, MeasurabilityHint.VagueWithoutFigure], Measurability.Check(kr));
    }
}
