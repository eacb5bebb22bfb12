using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

public sealed partial class ChineseText
{
    public override string ButtonNewObjective => "新建目标";
    public override string ButtonMyDrafts => "我的草稿";
    public override string ButtonOpenDraft => "打开草稿";
    public override string ButtonSaveDraft => "保存草稿";
    public override string ButtonEditObjective => "编辑目标";
    public override string ButtonAddKeyResult => "添加关键结果";
    public override string ButtonEditKeyResult => "编辑";
    public override string ButtonRemoveKeyResult => "移除";
    public override string ButtonSaveKeyResult => "保存关键结果";
    public override string ButtonAlign => "对齐";
    public override string ButtonSaveAlignment => "保存对齐";
    public override string ButtonPublish => "发布";
    public override string ButtonDiscard => "删除草稿";
    public override string ButtonChangeKeyResult => "修改目标值或删除";
    public override string ButtonAskApproval => "提交审批";
    public override string ButtonApplyChange => "确认修改";
    public override string ButtonSendDecision => "提交决定";

    public override string NewObjectiveTitle => "新建目标";
    public override string EditObjectiveTitle => "编辑目标";
    public override string ObjectiveFormIntro => "目标描述你想达成什么，用能激励大家的话来写；关键结果则说明如何衡量它。";
    public override string LabelObjectiveTitle => "目标";
    public override string PlaceholderObjectiveTitle => "例如：让点单结账毫不费力";
    public override string ErrorObjectiveTitleRequired => "请填写目标的标题。";
    public override string LabelDescription => "为什么重要（选填）";
    public override string PlaceholderDescription => "团队需要了解的背景";
    public override string LabelVisibility => "谁可以查看";

    public override string VisibilityChoice(Visibility visibility) => visibility switch
    {
        Visibility.Public => "组织内所有人",
        Visibility.Private => "仅你、你的上级和参与其关键结果的人",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, null),
    };

    public override string LabelCycle => "周期";

    public override string CycleChoice(string cycleName, CycleState state) =>
        state == CycleState.Planning ? $"{cycleName}（规划中）" : cycleName;

    public override string DraftLabel => "目标草稿";
    public override string DraftSubtitle(string ownerName, string cycleName, Visibility visibility) =>
        $"{ownerName} \u00b7 {cycleName} \u00b7 {(visibility == Visibility.Private ? "私密" : "公开")}";
    public override string DraftSaved => "已保存。发布之前，草稿会一直保留。";

    public override string AlignedTo(AlignmentKind kind, string title, string ownerName) => kind == AlignmentKind.Objective
        ? $"已对齐到目标“{title}”（{ownerName}）"
        : $"已对齐到关键结果“{title}”（{ownerName}）";

    public override string NotAligned => "尚未对齐：请对齐到上级或团队的 OKR，让大家看到工作如何汇聚到一起。";

    public override string FocusSummary(int objectives, int keyResults) =>
        $"聚焦：本周期第 {objectives} 个目标（建议约 3 个）\u00b7 {keyResults} 个关键结果（建议约 3 个）";

    public override string FocusWarningText(FocusWarning warning) => warning switch
    {
        FocusWarning.TooManyObjectives => "本周期目标超过 5 个：什么都重要，就什么都不重要。哪些可以先放一放？",
        FocusWarning.TooManyKeyResults => "关键结果超过 5 个：保留最能说明目标是否达成的 3 个。",
        _ => throw new ArgumentOutOfRangeException(nameof(warning), warning, null),
    };

    public override string FocusAboveAim(bool objectives) => objectives
        ? "超过了让周期保持聚焦的 3 个目标：每一个都必不可少吗？"
        : "超过了通常衡量一个目标所需的 3 个关键结果：能否更少而同样清楚？";

    public override string DraftNoKeyResults => "还没有关键结果：添加 3 个左右，说明怎样才算达成目标。";

    public override string KindName(KeyResultKind kind) => kind switch
    {
        KeyResultKind.Metric => "数值",
        KeyResultKind.Percentage => "百分比",
        KeyResultKind.Milestone => "里程碑",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string Weight(string weight) => $"权重 {weight}";
    public override string Participants(string names) => $"参与人：{names}";

    public override string KeyResultProblemText(KeyResultProblem problem) => problem switch
    {
        KeyResultProblem.TitleMissing => "需要一个标题。",
        KeyResultProblem.TargetEqualsStart => "目标值与起始值相同，无法衡量进展：请设定要达到的目标值。",
        KeyResultProblem.TargetAgainstDirection => "目标值的方向与起始值不符。",
        KeyResultProblem.PercentageOutOfRange => "百分比须在 0 到 100 之间。",
        KeyResultProblem.MilestoneValueNotZeroOrOne => "里程碑只能是已完成或未完成。",
        KeyResultProblem.WeightNotPositive => "权重必须大于 0。",
        KeyResultProblem.ValueTooLarge => "数值过大，不像是一个度量。",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    public override string MeasurabilityHintText(MeasurabilityHint hint) => hint switch
    {
        MeasurabilityHint.NoTarget => "可衡量吗？还没有目标值：最终要达到多少？",
        MeasurabilityHint.TargetEqualsStart => "可衡量吗？目标值就是起始值。",
        MeasurabilityHint.VagueWithoutFigure => "可衡量吗？只写“提升”“更好”而没有数字，无法判断何时算完成：请写明从多少到多少。",
        MeasurabilityHint.MilestoneAsMetric => "这读起来是“完成或未完成”：请改为里程碑，或写明数量。",
        MeasurabilityHint.PercentageAsFraction => "百分比按 0 到 100 填写：是不是想填 20 而不是 0.2？",
        _ => throw new ArgumentOutOfRangeException(nameof(hint), hint, null),
    };

    public override string DraftReady => "可以发布了：在你发布之前，它会一直保存为草稿。";
    public override string DraftNotReady => "还不能发布：请先修改上面标出的问题。";

    public override string NewKeyResultTitle => "新建关键结果";
    public override string EditKeyResultTitle => "编辑关键结果";
    public override string KeyResultFormIntro => "关键结果衡量目标的进展：一个从起始值走向目标值的数字，或一个完成与否的里程碑。";
    public override string LabelKeyResultTitle => "关键结果";
    public override string PlaceholderKeyResultTitle => "例如：结账步骤从 7 步减少到 3 步";
    public override string ErrorKeyResultTitleRequired => "请填写关键结果的标题。";
    public override string LabelKind => "类型";

    public override string KindChoice(KeyResultKind kind) => kind switch
    {
        KeyResultKind.Metric => "数值：一个上升或下降的数字",
        KeyResultKind.Percentage => "百分比：0 到 100",
        KeyResultKind.Milestone => "里程碑：完成或未完成",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string LabelStart => "起始值";
    public override string LabelTarget => "目标值";
    public override string LabelUnit => "单位（数值类）";
    public override string PlaceholderUnit => "例如：步、家、篇";
    public override string LabelWeight => "权重";
    public override string LabelOwner => "负责人";
    public override string LabelParticipants => "参与人（选填）";
    public override string KeyResultFormTip => "里程碑不需要起始值和目标值。目标值低于起始值，表示要降下来。";
    public override string ErrorNumber => "请输入数字。";

    public override string AlignTitle => "对齐目标";
    public override string AlignIntro => "选择这个目标所推进的上级或团队的目标或关键结果。";
    public override string LabelAlignTo => "对齐到";
    public override string AlignNoneChoice => "不对齐：作为顶层目标";

    public override string AlignChoice(AlignmentSource source, AlignmentKind kind, string title, string ownerName) =>
        (source == AlignmentSource.Manager ? "上级的" : "团队的") + (kind == AlignmentKind.Objective ? "目标：" : "关键结果：") + $"{title}（{ownerName}）";

    public override string AlignNothingToChoose => "你的上级和团队在本周期还没有已发布的 OKR。";

    public override string MyDraftsTitle => "我的草稿";
    public override string DraftsEmpty => "你还没有草稿。点“新建目标”开始一个。";

    public override string DraftLine(string cycleName, int keyResults, bool ready) =>
        $"{cycleName} \u00b7 {keyResults} 个关键结果 \u00b7 {(ready ? "可以发布" : "完善中")}";

    public override string Published(string title, int keyResults, string cycleName, Visibility visibility) =>
        $"已发布“{title}”，含 {keyResults} 个关键结果，周期为{cycleName}。" +
        (visibility == Visibility.Private
            ? "它保持私密：只有你、你的上级和参与其关键结果的人可以看到。"
            : "组织内所有人现在都能看到它，负责人每周更新进展。");

    public override string Discarded(string title) => $"草稿“{title}”已删除。";

    public override string KrChangeTitle => "修改关键结果";
    public override string KrChangeNeedsApproval(string approverName) =>
        $"修改已发布的关键结果需要{approverName}批准：系统会通知对方，结果会在这里告诉你。";
    public override string KrChangeAppliesNow => "修改立即生效，历史记录会保留原来的值。";

    public override string KrChangeWhat(KeyResultChangeKind kind, string keyResultTitle, string from, string to) => kind switch
    {
        KeyResultChangeKind.Target => $"将“{keyResultTitle}”的目标值从 {from} 改为 {to}",
        KeyResultChangeKind.Delete => $"删除“{keyResultTitle}”",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string KrChangePending(string what, string requestedBy, string approverName) =>
        $"等待{approverName}批准：{what}（由{requestedBy}提出）。新的申请会替换它。";

    public override string LabelChangeKind => "要做什么";

    public override string ChangeKindChoice(KeyResultChangeKind kind) => kind switch
    {
        KeyResultChangeKind.Target => "修改目标值",
        KeyResultChangeKind.Delete => "删除这个关键结果",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string LabelChangeTarget(string unit) => unit.Length == 0 ? "新的目标值" : $"新的目标值（{unit}）";
    public override string LabelChangeReason => "原因";
    public override string PlaceholderChangeReason => "设定之后发生了什么变化？";
    public override string ErrorChangeReasonRequired => "请说明为什么要修改这个关键结果。";
    public override string KrTargetChanged(string from, string to) => $"目标值已从 {from} 改为 {to}。";
    public override string KrDeleted(string keyResultTitle) => $"“{keyResultTitle}”已删除，历史记录仍会保留。";
    public override string KrChangeAsked(string approverName, string what) => $"已请{approverName}批准：{what}。结果会在这里告诉你。";

    public override string KrChangeRequestTitle => "有关键结果的修改需要你批准";
    public override string KrChangeRequestBody(string requestedBy, string what, string ownerName) =>
        $"{requestedBy} 请你批准：{what}（负责人：{ownerName}）。";
    public override string KrChangeRequestHint => "目标值悄悄变动会削弱大家对 OKR 的信任：理由成立时再批准。";
    public override string DecisionChoice(bool approve) => approve ? "批准" : "驳回";
    public override string LabelDecisionNote => "备注（选填）";
    public override string PlaceholderDecisionNote => "给申请人的一句话";
    public override string ErrorDecisionChoiceRequired => "请选择批准或驳回。";

    public override string KrChangeOutcomeTitle(KeyResultChangeState state) => state switch
    {
        KeyResultChangeState.Pending => "关键结果的修改正在等待",
        KeyResultChangeState.Applied => "关键结果的修改已批准",
        KeyResultChangeState.Rejected => "关键结果的修改被驳回",
        KeyResultChangeState.Withdrawn => "关键结果的修改已撤回",
        KeyResultChangeState.Stale => "关键结果的修改未生效",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public override string KrChangeOutcome(KeyResultChangeState state, bool forRequester, string decidedBy, string requestedBy, string what, string currentTarget) =>
        (state, forRequester) switch
        {
            (KeyResultChangeState.Pending, true) => $"你的申请（{what}）正在等待批准。",
            (KeyResultChangeState.Pending, false) => $"{requestedBy}的申请（{what}）正在等你决定。",
            (KeyResultChangeState.Applied, true) => $"{decidedBy} 已批准{what}，现已生效。",
            (KeyResultChangeState.Applied, false) => $"你已批准{what}，现已生效，{requestedBy}会收到通知。",
            (KeyResultChangeState.Rejected, true) => $"{decidedBy} 驳回了{what}，关键结果保持不变。",
            (KeyResultChangeState.Rejected, false) => $"你驳回了{what}，{requestedBy}会收到通知。",
            (KeyResultChangeState.Withdrawn, true) => $"你的申请（{what}）已撤回，或已被新的申请替换。",
            (KeyResultChangeState.Withdrawn, false) => $"{requestedBy}的申请（{what}）已撤回，或已被新的申请替换。",
            (KeyResultChangeState.Stale, true) => $"你的申请（{what}）未生效：提出之后关键结果已有变化" +
                                                  (currentTarget.Length > 0 ? $"（目标值现在是 {currentTarget}）" : "（它已被删除）") + "。如仍需要，请重新申请。",
            (KeyResultChangeState.Stale, false) => $"未生效：{requestedBy}提出之后关键结果已有变化" +
                                                   (currentTarget.Length > 0 ? $"（目标值现在是 {currentTarget}）" : "（它已被删除）") +
                                                   $"，批准{what}可能会覆盖别人的修改。{requestedBy}会收到通知。",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };

    public override string LabelDecisionNoteShown => "备注";

    protected override string? AuthoringRefusal(OkrErrorCode code, string? field) => (code, field) switch
    {
        (OkrErrorCode.Invalid, "title") => "请填写标题，最多 300 个字符。",
        (OkrErrorCode.Invalid, "description") => "描述最多 2,000 个字符。",
        (OkrErrorCode.Invalid, "visibility") => "请选择谁可以查看：所有人，或仅你和你的上级。",
        (OkrErrorCode.Invalid, "kind") => "请选择关键结果的类型：数值、百分比或里程碑。",
        (OkrErrorCode.Invalid, "krValues") => "起始值或目标值超出范围：百分比须在 0 到 100 之间，任何数值都不能超过一万亿。",
        (OkrErrorCode.Invalid, "weight") => "权重须大于 0，最大为 100。",
        (OkrErrorCode.Invalid, "unit") => "单位最多 32 个字符。",
        (OkrErrorCode.Invalid, "participants") => "最多 10 位参与人，且须是组织内在职的成员。",
        (OkrErrorCode.Invalid, "keyResults") => "一个目标最多 10 个关键结果；3 个左右最能保持聚焦。",
        (OkrErrorCode.Invalid, "noKeyResults") => "发布前至少添加一个关键结果：它说明怎样才算达成。",
        (OkrErrorCode.Invalid, "notReady") => "未发布：有关键结果还没准备好，卡片上标出了要修改的地方。",
        (OkrErrorCode.Invalid, "published") => "这个目标已经发布：草稿只能在发布前修改。",
        (OkrErrorCode.Invalid, "parentCycle") => "请对齐到同一周期、或它所属年度的目标。",
        (OkrErrorCode.Invalid, "draftKeyResult") => "这个关键结果还在草稿中：请在草稿里修改。",
        (OkrErrorCode.Invalid, "milestoneTarget") => "里程碑的目标始终是完成：保留它，或者删除它。",
        (OkrErrorCode.Invalid, "sameTarget") => "目标值已经是这个数了。",
        (OkrErrorCode.Invalid, "changeKind") => "请选择修改目标值，或删除关键结果。",
        (OkrErrorCode.Invalid, "decisionNote") => "备注最多 2,000 个字符。",
        (OkrErrorCode.Invalid, "changeApplied") => "这项修改已经批准过了，无需再决定。",
        (OkrErrorCode.Invalid, "changeRejected") => "这项修改已经驳回过了，无需再决定。",
        (OkrErrorCode.Invalid, "changeWithdrawn") => "这项修改已撤回或被新的申请替换，无需决定。",
        (OkrErrorCode.Invalid, "changeStale") => "这项修改未能生效：提出之后关键结果已有变化。",
        (OkrErrorCode.NotFound, "objectiveId") => "这个草稿不存在（可能已发布或已删除）。",
        (OkrErrorCode.NotFound, "owner") => "负责人须是组织内在职的成员。",
        (OkrErrorCode.NotFound, "parent") => "无法对齐到该目标或关键结果：它必须已发布且你有权查看。",
        (OkrErrorCode.NotFound, "changeId") => "这项修改申请不存在。",
        (OkrErrorCode.Forbidden, "objectiveId") => "这是别人的草稿：只有作者本人可以修改。",
        (OkrErrorCode.Forbidden, "changeKeyResult") => "只有关键结果的负责人、目标的负责人及其上级可以修改目标值或删除它。",
        (OkrErrorCode.Forbidden, "changeId") => "只有关键结果负责人的上级可以批准或驳回这项修改。",
        _ => null,
    };
}
