using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

/// <summary>简体中文, for every zh-* locale. Status names follow the product: 可控 / 有风险 / 失控.</summary>
public sealed partial class ChineseText : BotText
{
    internal ChineseText(CultureInfo culture) : base(culture) { }

    public override string Language => "zh";

    public override string Date(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    // "40 NPS", but "3.2秒" and "40家": no space before a Chinese unit.
    protected override string WithUnit(string number, string unit) =>
        unit == "%" || IsCjk(unit[0]) ? number + unit : $"{number} {unit}";

    public override string Status(KrStatus status) => status switch
    {
        KrStatus.OnTrack => "可控",
        KrStatus.AtRisk => "有风险",
        KrStatus.OffTrack => "失控",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public override string StatusInSentence(KrStatus status) => Status(status);

    public override string NoticeTitle(NoticeKind kind) => kind switch
    {
        NoticeKind.Info => "提示",
        NoticeKind.Success => "完成",
        NoticeKind.Warning => "请检查",
        NoticeKind.Error => "操作未完成",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string MilestoneDone => "已完成";
    public override string MilestoneNotDone => "未完成";
    public override string CardFallback => "此卡片需要更新版本的 Teams 才能显示。输入“帮助”查看我能做什么。";
    public override string Private => "私密";
    public override string Draft => "草稿";
    public override string Dropped => "已在中期复盘时放弃";
    public override string Confidence(int confidence) => $"信心指数 {confidence}/10";
    public override string MoreNotShown(int count) => $"还有 {count} 个关键结果未能显示在此卡片上。";

    public override string ButtonCheckIn => "更新进展";
    public override string ButtonMyOkrs => "我的 OKR";
    public override string ButtonHelp => "帮助";
    public override string ButtonSubmitCheckIn => "提交进展";
    public override string ButtonUpdate => "更新";
    public override string ButtonMarkAtRisk => "标记风险";
    public override string ButtonSendRisk => "提交风险";
    public override string ButtonCancel => "取消";
    public override string ButtonOpenKeyResult => "查看关键结果";
    public override string ButtonOpenThisWeek => "打开本周的进展更新";

    public override string WelcomeTitle(string name) => $"{name}，欢迎使用 OkrBot";
    public override string WelcomeIntro =>
        "我帮你在聊天中推进 OKR：每周花一分钟更新进展，随时标记有风险的关键结果，并在周期的关键节点提醒你复盘和评分。";
    public override string WelcomeDemo(string demoPersonName) =>
        $"为了方便试用，你正在扮演演示组织中的 {demoPersonName}，可以直接使用其 OKR 和历史进展。";
    public override string WelcomeNext => "先从本周的进展更新开始吧。";
    public override string HelpTitle => "我能做什么";
    public override string HelpNotUnderstood(string text) => $"抱歉，我没有理解“{text}”。";
    public override string HelpIntro => "输入下面的指令，或直接点击按钮：";

    public override IReadOnlyList<HelpEntry> HelpEntries { get; } =
    [
        new("更新进展", "更新你的关键结果本周的进展"),
        new("我的OKR", "查看你本周期的目标和关键结果"),
        new("查看王芳的OKR", "查看同事的 OKR（私密的不会显示）"),
        new("我的团队", "查看你所在团队的 OKR"),
        new("请假到 2026-12-24", "在此之前不发送提醒；输入“我回来了”提前结束"),
        new("设置", "查看时区和签到日，例如“时区 Asia/Shanghai”、“签到日 周五”"),
        new("复盘", "周期过半时：逐个决定关键结果是保留、调整还是放弃"),
        new("评分", "周期结束时：为你的关键结果打分（0.0 到 1.0）"),
        new("小而美：新版入职指南上线了", "记录一个小成就，团队会在每周摘要里看到"),
        new("新建目标", "起草目标和关键结果，对齐后发布"),
        new("我的草稿", "查看并完善你的目标草稿，然后发布"),
        new("帮助", "显示本帮助"),
    ];

    public override string HelpButtonsTip => "每张卡片上都有下一步的按钮，通常不需要打字。";
    public override string HelpAtRiskTip => "担心某个关键结果（你自己的或同事的）？打开它并点击“标记风险”，负责人及其上级会立即收到通知。";

    public override string OkrListTitle(OkrListSubject subject, string name) => subject switch
    {
        OkrListSubject.Own => "你的 OKR",
        OkrListSubject.Colleague => $"{name}的 OKR",
        OkrListSubject.Team => $"{name}团队的 OKR",
        _ => throw new ArgumentOutOfRangeException(nameof(subject), subject, null),
    };

    public override string OkrListEmpty => "本周期还没有 OKR。";
    public override string OkrListHint => "点击关键结果可查看详情和历史进展。";
    public override string OwnedBy(string name) => $"负责人：{name}";
    public override string CycleLine(string cycleName, DateOnly today) => $"{cycleName} · 截至{Date(today)}";

    public override string CheckInTitle => "每周进展更新";
    public override string CheckInSubtitle(string personName, DateOnly weekOf, string cycleName) =>
        $"{personName} · {Date(weekOf)}这一周 · {cycleName}";
    public override string CheckInIntro => "逐个更新关键结果：当前数值、进展状态；有变化时写一句备注。";
    public override string CheckInAlreadyDone => "你本周已经更新过，再次提交会覆盖本周的记录。";
    public override string CheckInNothingToDo => "你在本周期没有需要更新的关键结果。";
    public override string CheckInMoreHint => "可在“我的 OKR”中逐个打开并更新。";
    public override string Range(string start, string target) => $"从 {start} 到 {target}";
    public override string LastCheckIn(DateOnly weekOf, string value, KrStatus status, string authorName) =>
        $"上次更新（{Date(weekOf)}这一周）：{value}，{Status(status)}（{authorName}）";
    public override string NoCheckInYet => "还没有进展记录。";
    public override string ValuePostedBy(string source, string value) => $"最近由 {source} 更新为 {value}";
    public override string LabelValue => "当前数值";
    public override string LabelValueWithUnit(string unit) => $"当前数值（{unit}）";
    public override string LabelPercentage => "当前数值（%）";
    public override string LabelMilestone => "是否完成？";
    public override string LabelStatus => "状态";
    public override string LabelConfidence => "信心指数（1–10）";
    public override string LabelNote => "备注";
    public override string PlaceholderNote => "有什么进展？遇到了什么问题？（选填）";
    public override string LabelBlockers => "有什么阻碍吗？";
    public override string PlaceholderBlockers => "需要谁或什么帮助？（选填）";
    public override string ErrorValueRequired => "请填写当前数值。";
    public override string ErrorPercentage => "请输入 0 到 100 之间的百分比。";
    public override string ErrorMilestone => "请选择已完成或未完成。";
    public override string ErrorStatusRequired => "请选择状态。";
    public override string ErrorConfidence => "信心指数是 1 到 10 之间的整数。";

    public override string CheckInDoneTitle => "进展已记录";
    public override string CheckInDoneSummary(int count, DateOnly weekOf) => $"已更新 {count} 个关键结果（{Date(weekOf)}这一周），谢谢！";
    public override string Amended => "已修改";
    public override string LabelBlockersRecorded => "阻碍";

    public override string KeyResultLabel => "关键结果";
    public override string ObjectiveLine(string objectiveTitle) => $"目标：{objectiveTitle}";
    public override string FactOwner => "负责人";
    public override string FactProgress => "进度";
    public override string FactCurrent => "当前数值";
    public override string FactTarget => "目标值";
    public override string FactStatus => "状态";
    public override string FactReason => "原因";
    public override string FactConfidence => "信心指数";
    public override string HistoryTitle => "最近的进展";
    public override string HistoryEmpty => "还没有进展记录。";
    public override string HistoryEntry(DateOnly weekOf, string value, KrStatus status, string authorName) =>
        $"{Date(weekOf)}这一周：{value}，{Status(status)}（{authorName}）";
    public override string ReadOnlyNote => "只有负责人、参与者及其上级可以更新；任何人都可以标记风险。";

    public override string AtRiskFormTitle => "标记风险";
    public override string AtRiskFormIntro(string ownerName) => $"这个关键结果为什么有风险？{ownerName} 及其上级会收到通知，以便尽早应对。";
    public override string LabelReason => "原因";
    public override string PlaceholderReason => "遇到了什么阻碍？需要什么帮助？";
    public override string ErrorReasonRequired => "请说明原因。";
    public override string LabelRiskStatus => "严重程度";

    public override string AtRiskAlertTitle(KrStatus status) => status switch
    {
        KrStatus.OffTrack => "有关键结果已失控",
        _ => "有关键结果存在风险",
    };

    public override string AtRiskAlertBody(string raisedBy, string keyResultTitle, string ownerName, KrStatus status, bool recipientIsOwner) =>
        recipientIsOwner
            ? $"{raisedBy} 将你的关键结果“{keyResultTitle}”标记为{Status(status)}。"
            : $"{raisedBy} 将 {ownerName} 的关键结果“{keyResultTitle}”标记为{Status(status)}。";

    public override string AtRiskAlertHint => "现在及时沟通，远比周期结束时的意外代价小。";

    public override string CheckInReminder => "提醒：你本周的进度更新还没有完成，只需要不到一分钟。";
    public override string EscalationNotCheckedIn(string personName, DateOnly weekOf) =>
        $"{personName}在提醒之后仍未更新{Date(weekOf)}这一周的关键结果进度，不妨和对方聊一聊。";

    public override string CheckInPromptClosed(DateOnly weekOf) =>
        $"{Date(weekOf)}这一周的进度已更新，谢谢！最新数值可在“我的 OKR”中查看。";

    protected override string NameSeparator => "、";
    protected override string LabelColon => "：";
    public override string NowAndTarget(string current, string target) => $"当前 {current}，目标 {target}";
    public override string ItemRefusal(string keyResultTitle, string refusal) => $"“{keyResultTitle}”：{refusal}";
    public override string PartlySaved(int count) => $"在它之前的 {count} 个关键结果已保存。";
    public override string MoreObjectivesNotShown(int count) => $"还有 {count} 个目标未能显示在此卡片上。";

    public override string ButtonReview => "开始复盘";
    public override string ButtonSubmitReview => "提交复盘";
    public override string ButtonChangeReview => "修改复盘";
    public override string ReviewTitle => "中期复盘";
    public override string ReviewSubtitle(string personName, string cycleName, DateOnly midpoint) =>
        $"{personName} · {cycleName} · 周期过半（{Date(midpoint)}）";
    public override string ReviewIntro =>
        "周期已经过半：请逐个决定关键结果是保留、调整目标，还是在它不再重要时放弃。调整或放弃时请写下说明，这是团队复盘学习的依据。";
    public override string ReviewReminder => "提醒：你的中期复盘还没有完成，只需要几分钟。";
    public override string ReviewAlreadyDone => "你已经做过复盘，再次提交会更新你的决定。";
    public override string ReviewNothingToDo(string cycleName) => $"你在{cycleName}没有负责的关键结果，无需复盘。";

    public override string Decision(ReviewDecisionKind decision) => decision switch
    {
        ReviewDecisionKind.Keep => "保留",
        ReviewDecisionKind.Adjust => "调整目标",
        ReviewDecisionKind.Drop => "放弃",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    public override string LabelDecision => "决定";
    public override string LabelNewTarget => "新的目标值（调整时填写）";
    public override string LabelNewTargetWithUnit(string unit) => $"新的目标值（{unit}，调整时填写）";
    public override string LabelReviewNote => "说明（调整或放弃时必填）";
    public override string PlaceholderReviewNote => "学到了什么？为什么这样决定？";
    public override string ErrorDecisionRequired => "请选择保留、调整或放弃。";
    public override string ErrorNewTarget => "请用数字填写新的目标值。";

    public override string ReviewDoneTitle => "复盘已记录";
    public override string ReviewDoneSummary(int count, string cycleName) => $"已完成 {count} 个关键结果的中期复盘（{cycleName}），谢谢！";
    public override string ReviewKept => "保持不变";
    public override string ReviewAdjusted(string previousTarget, string newTarget) => $"目标值已从 {previousTarget} 调整为 {newTarget}";
    public override string ReviewTargetNow(string target) => $"目标值已调整为 {target}";
    public override string ReviewDropped => "已放弃：不再计入进度和评分";
    public override string ReviewUndecided(int count) => $"还有 {count} 个关键结果尚未决定。";

    public override string ButtonScore => "开始评分";
    public override string ButtonSubmitScores => "提交评分";
    public override string ButtonChangeScores => "修改评分";
    public override string ScoringTitle => "期末评分";
    public override string ScoringSubtitle(string personName, string cycleName, DateOnly endDate) =>
        $"{personName} · {cycleName} · {Date(endDate)}结束";
    public override string ScoringIntro =>
        "请为每个关键结果打分（0.0 到 1.0）并写下理由。0.7 是健康的水平：1.0 说明目标可能定得太低，0 则需要说明发生了什么。卡片上已预填根据进度建议的分数。";
    public override string ScoringReminder => "提醒：你还有关键结果没有评分。";
    public override string ScoringAlreadyDone => "你已经评过分，再次提交会更新分数。";
    public override string ScoringNothingToDo(string cycleName) => $"你在{cycleName}没有需要评分的关键结果。";
    public override string SuggestedScore(string score) => $"根据进度建议：{score}";
    public override string LabelScore => "评分（0.7 为健康水平）";
    public override string LabelScoreReason => "评分理由";
    public override string PlaceholderScoreReason => "哪些做到了，哪些没做到？";
    public override string ErrorScoreRequired => "请选择 0.0 到 1.0 之间的分数。";
    public override string ErrorScoreReasonRequired => "每个评分都需要填写理由。";

    public override string ScoringDoneTitle => "评分已记录";
    public override string ScoringDoneSummary(int count, string cycleName) => $"已为 {count} 个关键结果评分（{cycleName}），谢谢！";
    public override string ScoreLine(string score, string suggested) => $"评分 {score} · 建议 {suggested}";

    public override string ScoreHintText(ScoreHint hint) => hint switch
    {
        ScoreHint.Healthy => "处于 0.7 附近的健康区间。",
        ScoreHint.BelowAim => "低于 0.7 的健康水平：是什么阻碍了进展？",
        ScoreHint.TargetMaybeTooLow => "满分 1.0：目标是否定得太低了？下个周期可以更有挑战。",
        ScoreHint.ZeroNeedsExplanation => "0 分：请说明发生了什么，便于团队从中学习。",
        _ => throw new ArgumentOutOfRangeException(nameof(hint), hint, null),
    };

    public override string ScoringUnscored(int count) => $"还有 {count} 个关键结果没有评分。";

    public override string DigestTitle => "本周团队概况";
    public override string DigestSubtitle(string managerName, DateOnly weekOf, string cycleName) =>
        $"{managerName} · {Date(weekOf)}这一周 · {cycleName}";
    public override string DigestCompletion(int checkedIn, int expected) => $"{expected} 人中已有 {checkedIn} 人更新进展";
    public override string DigestNobodyExpected => "本周团队中没有需要更新进展的成员。";
    public override string DigestEveryoneCheckedIn => "所有人都已更新进展。";
    public override string DigestMissingLabel => "尚未更新";
    public override string DigestAwayLabel => "外出中";
    public override string DigestRisksTitle(int count) => $"有风险或失控的关键结果（{count}）";
    public override string DigestNoRisks => "没有有风险或失控的关键结果。";
    public override string DigestMoversTitle => "本周变化最大";
    public override string DigestNoMovers => "本周没有关键结果发生变化。";
    public override string DigestObjectivesTitle => "目标进度";
    public override string DigestNoObjectives => "你的下属在本周期还没有自己的目标。";
    public override string DigestWinsTitle(int count) => $"小而美（{count} 个）";
    public override string ProgressMoved(int points, string before, string now) => $"{SignedPoints(points)} 个百分点（{before} → {now}）";

    public override string ResultsTitle(string cycleName) => $"{cycleName}成果";
    public override string ResultsForTeam(string teamName) => $"{teamName}团队及其成员";
    public override string ResultsOwn => "你的目标";
    public override string ResultsSummary(int scored, int total) => $"{total} 个关键结果中已评分 {scored} 个";
    public override string ScoreOf(string score) => $"评分 {score}";
    public override string NotScoredYet => "尚未评分";
    public override string ResultsEmpty => "本周期暂无可显示的成果。";

    public override string PlanningTitle => "该规划下一个周期了";
    public override string PlanningEnds(string cycleName, DateOnly endDate) => $"{cycleName}将于{Date(endDate)}结束。";
    public override string PlanningNext(string nextCycleName, DateOnly? start) => start is { } s
        ? $"现在就开始起草{nextCycleName}的 OKR 吧，新周期从{Date(s)}开始。"
        : $"现在就开始起草{nextCycleName}的 OKR 吧。";
    public override string PlanningNoNextCycle => "现在就开始起草下一个周期的 OKR，新周期一开始就能直接启动。";
    public override string PlanningTips => "延续尚未完成的工作，对齐上级和团队的目标，并保持聚焦：大约 3 个目标，每个目标约 3 个关键结果。";

    public override string DayName(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "周一",
        DayOfWeek.Tuesday => "周二",
        DayOfWeek.Wednesday => "周三",
        DayOfWeek.Thursday => "周四",
        DayOfWeek.Friday => "周五",
        DayOfWeek.Saturday => "周六",
        DayOfWeek.Sunday => "周日",
        _ => throw new ArgumentOutOfRangeException(nameof(day), day, null),
    };

    public override string AwaySet(DateOnly until) => $"已设置外出至 {Date(until)}：在此之前不会收到签到提醒。提前回来请输入“我回来了”。";

    public override string BackNow => "欢迎回来！每周签到和提醒已恢复。";

    public override string SmallWinRecorded => "太棒了！你的小成就会出现在本周的团队摘要里。";

    public override string TimeZoneSet(string timeZone) => $"时区已设为 {timeZone}，提醒将按你的当地时间发送。";

    public override string CheckInDaySet(DayOfWeek day) => $"每周签到提醒改为{DayName(day)}发送。";

    public override string SettingsSummary(string timeZone, DayOfWeek? checkInDay, DateOnly? awayUntil) =>
        $"时区：{timeZone}。签到日：{(checkInDay is { } d ? DayName(d) : "团队默认")}。" +
        (awayUntil is { } until ? $"外出至 {Date(until)}。" : "");

    public override string SettingsHowTo => "修改方式：输入“时区 Asia/Shanghai”、“签到日 周五”、“请假到 2026-12-24”或“我回来了”。";

    public override string NobodyNamed(string name) => $"在你的组织里没有找到“{name}”。";

    public override string SeveralNamed(string name, IReadOnlyList<string> names) =>
        $"有多人匹配“{name}”：{string.Join("、", names)}。请输入完整姓名。";

    public override string NoTeam => "你还不在任何团队中，请联系 OKR 管理员添加。";

    public override string MarkedAtRisk(KrStatus status, IReadOnlyList<string> notified) =>
        $"已标记为{Status(status)}。" + (notified.Count == 0 ? "" : $"将通知 {string.Join("、", notified)}。");

    public override string CardValueNotANumber => "卡片上有一个数值不是数字，请检查后重新提交。";

    public override string Refusal(OkrErrorCode code, string? field) => (code, field) switch
    {
        _ when AuthoringRefusal(code, field) is { } authoring => authoring,
        (OkrErrorCode.Invalid, "items") => "一次进展更新至少包含一个关键结果，每个只能出现一次，最多 50 个。",
        (OkrErrorCode.Invalid, "value") => "有数值超出范围：百分比须在 0 到 100 之间，里程碑只能是已完成或未完成。",
        (OkrErrorCode.Invalid, "status") => "请选择有效的状态（标记风险时为有风险或失控）。",
        (OkrErrorCode.Invalid, "confidence") => "信心指数是 1 到 10 之间的整数。",
        (OkrErrorCode.Invalid, "note") => "请检查备注：最多 2,000 字；调整或放弃关键结果时必须填写。",
        (OkrErrorCode.Invalid, "reason") => "请填写原因，最多 2,000 字。",
        (OkrErrorCode.Invalid, "keyResultId") => "该关键结果已在复盘时放弃，不能再更新进展或评分。",
        (OkrErrorCode.Invalid, "score") => "评分在 0.0 到 1.0 之间，以 0.1 为单位（例如 0.7）。",
        (OkrErrorCode.Invalid, "decision") => "请选择保留、调整或放弃（里程碑只能保留或放弃）。",
        (OkrErrorCode.Invalid, "newTarget") => "新的目标值无效：必须不同于起始值、符合关键结果的方向，百分比须在 0 到 100 之间。",
        (OkrErrorCode.Invalid, "targetMissing") => "调整关键结果时需要填写新的目标值。",
        (OkrErrorCode.Invalid, "card") => "这张卡片与你本周期的关键结果已不一致，下面是最新的卡片。",
        (OkrErrorCode.Invalid, "conversationId") => "这条消息没有说明属于哪个会话。",
        (OkrErrorCode.Invalid, "serviceUrl") => "这条消息的回复地址过长，无法回复。",
        (OkrErrorCode.Invalid, "tenant") => "这条消息没有说明来自哪个组织，无法处理。",
        (OkrErrorCode.Invalid, "user") => "这条消息没有说明发送人，无法处理。",
        (OkrErrorCode.NotFound, "person") => "你的组织里没有这个人。",
        (OkrErrorCode.Invalid, "win") => "请写下做成了什么，最多 280 字，例如“小而美：新版入职指南上线了”。",
        (OkrErrorCode.Invalid, "winsPerWeek") => "本周已经记录了 10 个小成就，下一个留到下周吧。",
        (OkrErrorCode.Invalid, "until") => "请选择从今天起一年内的日期，例如“请假到 2026-12-24”。",
        (OkrErrorCode.Invalid, "timeZone") => "无法识别这个时区，请使用 Asia/Shanghai 这样的名称。",
        (OkrErrorCode.Invalid, "day") => "请选择星期几，例如“签到日 周五”。",
        (OkrErrorCode.Invalid, "name") => "请说明要查看谁的 OKR，例如“查看王芳的OKR”。",
        (OkrErrorCode.Invalid, _) => "有内容缺失或过长（最多 2,000 字），请检查后重试。",
        (OkrErrorCode.NotFound, "keyResultId") => "该关键结果不存在（可能已被删除）。",
        (OkrErrorCode.NotFound, "personId") => "本组织中没有这个人。",
        (OkrErrorCode.NotFound, "teamId") => "本组织中没有这个团队。",
        (OkrErrorCode.NotFound, "cycleId") => "没有这个 OKR 周期。",
        (OkrErrorCode.NotFound, "cycle") => "当前没有进行中的 OKR 周期，需由管理员在规划阶段开启。",
        (OkrErrorCode.NotFound, "actor") => "你还不是本组织的成员，请联系 OKR 管理员添加。",
        (OkrErrorCode.NotFound, _) => "没有找到相关内容。",
        (OkrErrorCode.Forbidden, "keyResultId") => "只有关键结果的负责人、参与者及其上级可以修改它。",
        (OkrErrorCode.Forbidden, "actor") => "你在本组织的账号已停用。",
        (OkrErrorCode.Forbidden, _) => "你没有权限执行此操作。",
        (OkrErrorCode.CycleNotOpen, _) => "当前 OKR 周期不接受此操作（仍在规划中，或已经结束）。",
        (OkrErrorCode.StaleWeek, _) => "这张进展卡片属于已经结束的一周，请打开本周的进展更新。",
        (OkrErrorCode.Conflict, _) => "有人同时在修改同一个关键结果，请重试。",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';
}
