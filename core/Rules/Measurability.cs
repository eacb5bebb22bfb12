using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OkrBot.Core.Model;

namespace OkrBot.Core.Rules;

/// <summary>Why a key result may not be measurable yet. Guidance shown while drafting; the publish gate is <see cref="KeyResultRules"/>.</summary>
public enum MeasurabilityHint
{
    /// <summary>A metric or percentage without a target: nothing says where it should end up.</summary>
    NoTarget,
    /// <summary>The target is where it starts: it cannot move.</summary>
    TargetEqualsStart,
    /// <summary>A vague verb ("improve", "better", "提升") and no figure in the title: what counts as done?</summary>
    VagueWithoutFigure,
    /// <summary>Counted as a metric but reads as done / not done (0 to 1 without a unit, or "launch …" without a figure).</summary>
    MilestoneAsMetric,
    /// <summary>A percentage whose start and target are both between 0 and 1: probably 0.2 meant 20%.</summary>
    PercentageAsFraction,
}

/// <summary>
/// "Is this KR measurable?": the checks a coach would make on a draft key result, in English and Chinese. Pure, so the
/// draft card, the publish step and the tests read the same rules.
/// </summary>
public static partial class Measurability
{
    /// <param name="start">Empty means 0, as the form starts it.</param>
    /// <param name="target">Empty means the person gave none.</param>
    public static IReadOnlyList<MeasurabilityHint> Check(string? title, KeyResultKind kind, decimal? start, decimal? target, string? unit)
    {
        var hints = new List<MeasurabilityHint>();
        var text = Normalize(title);
        var figure = HasFigure(text);
        if (kind != KeyResultKind.Milestone)
        {
            if (target is null) hints.Add(MeasurabilityHint.NoTarget);
            else if (target == (start ?? 0m)) hints.Add(MeasurabilityHint.TargetEqualsStart);
        }
        if (!figure && IsVague(text)) hints.Add(MeasurabilityHint.VagueWithoutFigure);
        if (kind == KeyResultKind.Metric
            && ((target == 1m && (start ?? 0m) == 0m && string.IsNullOrWhiteSpace(unit)) || (!figure && ReadsAsMilestone(text))))
            hints.Add(MeasurabilityHint.MilestoneAsMetric);
        if (kind == KeyResultKind.Percentage && target is { } t && t != (start ?? 0m) && (start ?? 0m) is >= 0m and <= 1m && t is >= 0m and <= 1m)
            hints.Add(MeasurabilityHint.PercentageAsFraction);
        return hints;
    }

    /// <summary>The hints for a stored key result.</summary>
    public static IReadOnlyList<MeasurabilityHint> Check(KeyResult kr) => Check(kr.Title, kr.Kind, kr.StartValue, kr.TargetValue, kr.Unit);

    /// <summary>
    /// Whether a title states a figure: a digit, a percent sign, an English number word ("twenty", "double"), two Chinese
    /// numerals in a row ("八十五"), or one before a measure word ("三倍", "十家"). "统一" and "一致" are words, not figures.
    /// </summary>
    public static bool HasFigure(string? title)
    {
        var text = Normalize(title);
        return text.Any(char.IsDigit) || text.Contains('%') || NumberWord().IsMatch(text) || ChineseFigure().IsMatch(text);
    }

    /// <summary>Whether a title leans on a vague verb or comparative: improve, better, optimise, 提升, 优化, 更好 ….</summary>
    public static bool IsVague(string? title) => VagueWord().IsMatch(Normalize(title));

    /// <summary>Whether a title reads as a one-off to finish: launch, ship, release, 上线, 发布, 完成 ….</summary>
    public static bool ReadsAsMilestone(string? title) => MilestoneWord().IsMatch(Normalize(title));

    /// <summary>Width-folded (full-width digits become digits) and lower case.</summary>
    private static string Normalize(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|double|doubled|triple|tripled|twice|half|halve|halved)\b")]
    private static partial Regex NumberWord();

    [GeneratedRegex("[零一二三四五六七八九十百千万亿两]{2,}|[零一二三四五六七八九十百千万亿两半][个位家篇次倍成人天周月年秒分小元项款条场座所%]")]
    private static partial Regex ChineseFigure();

    [GeneratedRegex(@"\b(?:improve[sd]?|improving|improvement|better|enhance[sd]?|increase[sd]?|optimi[sz]e[sd]?|boost|strengthen|reduce[sd]?|grow|more|maximi[sz]e|minimi[sz]e|as much as possible)\b|提升|提高|改善|改进|优化|加强|增强|更好|更多|增加|降低|减少|尽量|尽可能")]
    private static partial Regex VagueWord();

    [GeneratedRegex(@"^(?:launch|ship|release|roll out|go live|complete|finish|deliver|publish|set up|build)\b|^(?:上线|发布|完成|推出|交付|建立|建成|搭建)")]
    private static partial Regex MilestoneWord();
}
