using OkrBot.Core.Model;

namespace OkrBot.Core.Sheets;

/// <summary>The columns of an OKR sheet, in the order an export writes them.</summary>
public enum SheetColumn
{
    Cycle,
    /// <summary>The person or team that owns the objective.</summary>
    PersonOrTeam,
    Objective,
    KeyResult,
    Kind,
    Start,
    Target,
    Unit,
    Weight,
    /// <summary>The KR's owner, its single point of contact.</summary>
    Owner,
    /// <summary>The objective or KR the row's objective aligns to.</summary>
    Parent,
    /// <summary>Where the KR stands. Read only when a KR is created; after that check-ins own it.</summary>
    Current,
    /// <summary>Export only: the end-of-cycle score.</summary>
    Score,
    /// <summary>Export only: the reason given with the score.</summary>
    ScoreReason,
}

/// <summary>The language an export writes its headers and kinds in. Imports read both.</summary>
public enum SheetLanguage { English, Chinese }

/// <summary>Header names (English and Chinese, with the spellings managers actually use) and KR kind names.</summary>
public static class SheetColumns
{
    /// <summary>What an export writes, per language; the first alias of each column below.</summary>
    public static string Header(SheetColumn column, SheetLanguage language) =>
        language == SheetLanguage.Chinese ? Chinese[column][0] : English[column][0];

    /// <summary>How a header reads in problems: "Target" or "目标值", as the sheet spelled it when it has it.</summary>
    public static string DisplayName(SheetColumn column) => $"{English[column][0]} ({Chinese[column][0]})";

    private static readonly Dictionary<SheetColumn, string[]> English = new()
    {
        [SheetColumn.Cycle] = ["Cycle", "Period", "Quarter"],
        [SheetColumn.PersonOrTeam] = ["Person or team", "Person/team", "Team or person", "Objective owner", "Owner (objective)"],
        [SheetColumn.Objective] = ["Objective", "Objective title", "O"],
        [SheetColumn.KeyResult] = ["Key result", "KR", "Key result title", "KR title"],
        [SheetColumn.Kind] = ["Kind", "Type", "KR kind", "KR type"],
        [SheetColumn.Start] = ["Start", "Start value", "Baseline", "From"],
        [SheetColumn.Target] = ["Target", "Target value", "Goal", "To"],
        [SheetColumn.Unit] = ["Unit"],
        [SheetColumn.Weight] = ["Weight"],
        [SheetColumn.Owner] = ["Owner", "KR owner", "Key result owner"],
        [SheetColumn.Parent] = ["Parent", "Aligns to", "Aligned to", "Alignment", "Parent objective"],
        [SheetColumn.Current] = ["Current", "Current value", "Actual"],
        [SheetColumn.Score] = ["Score"],
        [SheetColumn.ScoreReason] = ["Score reason", "Reason"],
    };

    private static readonly Dictionary<SheetColumn, string[]> Chinese = new()
    {
        [SheetColumn.Cycle] = ["周期", "考核周期", "季度"],
        [SheetColumn.PersonOrTeam] = ["个人或团队", "人员或团队", "团队或个人", "个人/团队", "目标负责人", "目标归属"],
        [SheetColumn.Objective] = ["目标", "目标名称", "目标(O)"],
        [SheetColumn.KeyResult] = ["关键结果", "关键成果", "关键结果(KR)"],
        [SheetColumn.Kind] = ["类型", "关键结果类型", "度量类型"],
        [SheetColumn.Start] = ["起始值", "初始值", "基线", "起点"],
        [SheetColumn.Target] = ["目标值"],
        [SheetColumn.Unit] = ["单位"],
        [SheetColumn.Weight] = ["权重"],
        [SheetColumn.Owner] = ["负责人", "KR负责人", "关键结果负责人"],
        [SheetColumn.Parent] = ["对齐到", "上级", "对齐", "上级目标", "父目标", "对齐目标"],
        [SheetColumn.Current] = ["当前值", "实际值", "当前"],
        [SheetColumn.Score] = ["评分", "得分", "分数"],
        [SheetColumn.ScoreReason] = ["评分理由", "评分说明", "评分原因"],
    };

    private static readonly Dictionary<string, SheetColumn> ByKey = English.Concat(Chinese)
        .SelectMany(pair => pair.Value.Select(name => (Key: HeaderKey(name), Column: pair.Key)))
        .ToDictionary(p => p.Key, p => p.Column);

    /// <summary>The column a header names, whatever its case, width, spacing or punctuation; null for a column OkrBot does not read.</summary>
    public static SheetColumn? Match(string? header) =>
        header is not null && ByKey.TryGetValue(HeaderKey(header), out var column) ? column : null;

    /// <summary>Only letters and digits count: "Score reason", "score_reason" and "SCORE-REASON" are one header.</summary>
    private static string HeaderKey(string header) =>
        new(SheetText.Key(header).Where(char.IsLetterOrDigit).ToArray());

    /// <summary>The kind as an export writes it.</summary>
    public static string KindName(KeyResultKind kind, SheetLanguage language) => (kind, language) switch
    {
        (KeyResultKind.Percentage, SheetLanguage.Chinese) => "百分比",
        (KeyResultKind.Milestone, SheetLanguage.Chinese) => "里程碑",
        (_, SheetLanguage.Chinese) => "数值",
        (KeyResultKind.Percentage, _) => "percentage",
        (KeyResultKind.Milestone, _) => "milestone",
        _ => "metric",
    };

    private static readonly Dictionary<string, KeyResultKind> Kinds = new()
    {
        ["metric"] = KeyResultKind.Metric, ["number"] = KeyResultKind.Metric, ["numeric"] = KeyResultKind.Metric,
        ["数值"] = KeyResultKind.Metric, ["数字"] = KeyResultKind.Metric, ["指标"] = KeyResultKind.Metric,
        ["percentage"] = KeyResultKind.Percentage, ["percent"] = KeyResultKind.Percentage, ["%"] = KeyResultKind.Percentage,
        ["百分比"] = KeyResultKind.Percentage, ["百分数"] = KeyResultKind.Percentage,
        ["milestone"] = KeyResultKind.Milestone, ["里程碑"] = KeyResultKind.Milestone,
    };

    public static KeyResultKind? ParseKind(string text) => Kinds.TryGetValue(SheetText.Key(text), out var kind) ? kind : null;

    public const string KindChoices = "metric, percentage or milestone (数值, 百分比 or 里程碑)";
}
