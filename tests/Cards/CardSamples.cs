using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Tests.Cards;

/// <summary>One view to render, named for the file it is written to and for the test output.</summary>
public sealed record CardSample(string Name, View View)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every view in every shape worth seeing, in English or Chinese. The data is in the same language as the texts
/// (Chinese names, titles, units and notes for a Chinese viewer), so a Latin letter in a Chinese card can only be
/// an untranslated text of ours, and a Chinese character in an English card only a wrong lookup.
/// </summary>
public static class CardSamples
{
    public static readonly DateOnly Week = new(2026, 11, 16);
    public static readonly Guid PersonId = Guid.Parse("0196a0a0-0000-7000-8000-000000000001");
    public static readonly Guid ColleagueId = Guid.Parse("0196a0a0-0000-7000-8000-000000000002");
    public static readonly Guid ManagerId = Guid.Parse("0196a0a0-0000-7000-8000-000000000003");

    /// <summary>The names and words of one language's sample organisation.</summary>
    public sealed record Words(
        string Locale, string Person, string Colleague, string Manager, string Team, string Cycle, string[] Objectives, string[] KeyResults,
        string Unit, string LongUnit, string[] Notes, string Reason, string Gibberish, string NextCycle, string[] Reports);

    public static readonly Words English = new("en-US", "Alex Chen", "Priya Nair", "Daniel Weber", "Product", "2026 Q4",
        ["Make checkout effortless", "Understand why customers stop ordering", "Grow two future team leads", "Open the DACH region", "Clear the support backlog"],
        ["Cut checkout steps from 7 to 3", "Crash-free sessions from 97.5% to 99.5%", "Ship Apple Pay and WeChat Pay", "Interview 20 churned customers", "Raise NPS from 32 to 50"],
        "steps", "interviews",
        ["Good week, moving as planned.", "Blocked two days waiting on the payment provider.", "Slower than hoped: half the team was at the offsite."],
        "The payment provider slipped a month and we depend on their SDK.", "asdf qwer", "2027 Q1",
        ["Alex Chen", "Priya Nair", "Maria Garcia", "Tom Becker", "Omar Haddad", "Sarah Johnson", "Grace Liu", "Ben Walker", "Chloe Martin", "Liam Brown"]);

    public static readonly Words Chinese = new("zh-CN", "王芳", "李娜", "张伟", "产品", "2026年第四季度",
        ["提升应用性能，让点单更流畅", "建立客户自助知识库", "提高老客户续约率", "拓展华东市场", "清理客服积压工单"],
        ["首页加载时间从三点二秒降到一点五秒", "性能回归测试覆盖率提升到百分之八十五", "上线会员积分功能", "发布六十篇知识库文章", "新签约门店增加到四十家"],
        "秒", "篇",
        ["本周进展顺利，按计划推进。", "等待供应商反馈，耽误了两天。", "团队有人请假，进度偏慢。"],
        "供应商延期一个月，我们依赖他们的接口。", "随便说说", "2027年第一季度",
        ["王芳", "李娜", "张伟", "陈静", "刘洋", "赵敏", "孙磊", "周杰", "吴婷", "郑浩"]);

    public static Words For(string language) => language == "zh" ? Chinese : English;

    /// <summary>Every sample view in one language ("en" or "zh").</summary>
    public static IReadOnlyList<CardSample> All(string language)
    {
        var w = For(language);
        var locale = w.Locale;
        var list = List(w);
        var krs = list.KeyResults.ToList();
        var metric = krs[0];
        var history = new List<LastCheckInView>
        {
            new(4, KrStatus.AtRisk, w.Notes[1], Week.AddDays(-7), At(Week.AddDays(-3)), w.Person),
            new(5, KrStatus.OnTrack, w.Notes[0], Week.AddDays(-14), At(Week.AddDays(-10)), w.Colleague),
            new(6, KrStatus.OnTrack, null, Week.AddDays(-21), At(Week.AddDays(-17)), w.Person),
        };
        var request = new CheckInRequest([
            new(krs[0].Id, 4, KrStatus.AtRisk, 6, w.Notes[1], w.Notes[2]),
            new(krs[1].Id, 98.4m, KrStatus.OnTrack, 8),
            new(krs[2].Id, 1, KrStatus.OnTrack, null, w.Notes[0]),
        ], Week);
        var receipt = new CheckInReceipt(Week, [
            new(krs[0].Id, Guid.NewGuid(), false, 0.75m, KrStatus.AtRisk, krs[0].Title, krs[0].Kind, krs[0].Unit),
            new(krs[1].Id, Guid.NewGuid(), true, 0.45m, KrStatus.OnTrack, krs[1].Title, krs[1].Kind, krs[1].Unit),
            new(krs[2].Id, Guid.NewGuid(), false, 1m, KrStatus.OnTrack, krs[2].Title, krs[2].Kind, krs[2].Unit),
        ]);
        var notice = new AtRiskNotice(metric.Id, metric.Title, PersonId, ColleagueId, KrStatus.OffTrack, w.Reason, [ManagerId, PersonId]);
        var text = BotText.For(locale);

        return
        [
            new("welcome", new WelcomeView(locale, w.Person)),
            new("welcome-demo", new WelcomeView(locale, w.Colleague, w.Person)),
            new("help", new HelpView(locale)),
            new("help-not-understood", new HelpView(locale, w.Gibberish)),
            new("notice-success", new NoticeView(locale, NoticeKind.Success, text.CheckInDoneTitle)),
            new("notice-info", new NoticeView(locale, NoticeKind.Info, text.OkrListEmpty)),
            new("notice-refusal-stale-week", NoticeView.Refusal(locale, new OkrError(OkrErrorCode.StaleWeek, "This check-in card is for the week of 2026-11-09; that week is over."))),
            new("notice-refusal-forbidden", NoticeView.Refusal(locale, new OkrError(OkrErrorCode.Forbidden, "Only the owner can.", "keyResultId"))),
            new("notice-refusal-invalid", NoticeView.Refusal(locale, new OkrError(OkrErrorCode.Invalid, "\"X\" is a percentage.", "value"))),
            new("okrs-own", new OkrListView(locale, OkrListSubject.Own, w.Person, list)),
            new("okrs-colleague", new OkrListView(locale, OkrListSubject.Colleague, w.Colleague, list)),
            new("okrs-team", new OkrListView(locale, OkrListSubject.Team, w.Team, list)),
            new("okrs-empty", new OkrListView(locale, OkrListSubject.Own, w.Person, list with { Objectives = [] })),
            new("checkin", CheckInCardView.For(locale, PersonId, w.Person, list)),
            new("checkin-one", CheckInCardView.ForKeyResult(locale, w.Person, list, krs[1].Id)),
            new("checkin-refused", CheckInCardView.For(locale, PersonId, w.Person, list)
                .WithRefusal(new OkrError(OkrErrorCode.Invalid, "Confidence must be between 1 and 10.", "confidence"))),
            new("checkin-nothing", CheckInCardView.For(locale, ManagerId, w.Manager, list)),
            new("checkin-reminder", CheckInCardView.For(locale, PersonId, w.Person, list) with { IsReminder = true }),
            // The first KR's value came from another system (the HTTP API) after its last check-in: the card says which
            // (a system named in the sample's language, like the rest of its data).
            new("checkin-posted-value", CheckInCardView.For(locale, PersonId, w.Person, list with
            {
                Objectives = list.Objectives.Select(o => o with
                {
                    KeyResults = o.KeyResults.Select(k => k.Id == krs[0].Id ? k with { PostedValue = new PostedValueView(k.CurrentValue, w.Locale.StartsWith("zh", StringComparison.Ordinal) ? "客户管理系统" : "Salesforce", At(Week.AddDays(1))) } : k).ToList(),
                }).ToList(),
            })),
            new("escalation", new NoticeView(locale, NoticeKind.Warning, text.EscalationNotCheckedIn(w.Person, list.WeekOf))),
            new("checkin-done", CheckInDoneView.From(locale, w.Person, receipt, request)),
            new("kr", new KeyResultCardView(locale, krs[0], list.Objectives[0].Title, w.Cycle, history, CanUpdate: true)),
            new("kr-read-only", new KeyResultCardView(locale, krs[1], list.Objectives[0].Title, w.Cycle, [], CanUpdate: false)),
            new("kr-flagged", new KeyResultCardView(locale, krs[0] with { Status = KrStatus.OffTrack, StatusReason = w.Reason },
                list.Objectives[0].Title, w.Cycle, history, CanUpdate: true, Message: text.AtRiskAlertTitle(KrStatus.OffTrack))),
            new("kr-dropped", new KeyResultCardView(locale, krs.Single(k => k.IsDropped), list.Objectives[1].Title, w.Cycle, [], CanUpdate: true)),
            new("atrisk-form", MarkAtRiskFormView.From(locale, krs[0])),
            new("atrisk-form-refused", MarkAtRiskFormView.From(locale, krs[0])
                .WithRefusal(new OkrError(OkrErrorCode.Invalid, "Say why it is at risk.", "reason"), "")),
            new("atrisk-alert-manager", AtRiskAlertView.From(locale, ManagerId, notice, w.Person, w.Colleague)),
            new("atrisk-alert-owner", AtRiskAlertView.From(locale, PersonId, notice, w.Person, w.Colleague)),
            .. WrapUp(w, list),
            .. Authoring(w, list),
        ];
    }

    /// <summary>The cycle's wrap-up and the digests: review and scoring cards and their confirmations, a manager's week, results, planning.</summary>
    private static IEnumerable<CardSample> WrapUp(Words w, OkrList list)
    {
        var locale = w.Locale;
        var review = ReviewSheet(w, list);
        var scoring = ScoringSheet(w, list);
        var krs = list.KeyResults.ToList();
        var text = BotText.For(locale);
        var reviewReceipts = new List<ReviewReceipt>
        {
            new(krs[0].Id, ReviewDecisionKind.Adjust, 2, Amended: true),
            new(krs[1].Id, ReviewDecisionKind.Keep, 99.5m, Amended: false),
            new(krs[5].Id, ReviewDecisionKind.Drop, 10, Amended: false),
        };
        var reviewNotes = new Dictionary<Guid, string?> { [krs[0].Id] = w.Notes[0], [krs[5].Id] = w.Notes[2] };
        var scoreReceipts = new List<ScoreReceipt>
        {
            new(krs[0].Id, 0.7m, 0.8m, [ScoreHint.Healthy], Amended: false),
            new(krs[1].Id, 1.0m, 0.2m, [ScoreHint.TargetMaybeTooLow], Amended: true),
            new(krs[2].Id, 0m, 0m, [ScoreHint.ZeroNeedsExplanation], Amended: false),
            new(krs[3].Id, 0.4m, 0.2m, [ScoreHint.BelowAim], Amended: false),
        };
        var reasons = scoreReceipts.ToDictionary(r => r.KeyResultId, r => (string?)w.Notes[scoreReceipts.IndexOf(r) % w.Notes.Length]);

        return
        [
            new("review", new ReviewCardView(locale, w.Person, review)),
            new("review-refused", new ReviewCardView(locale, w.Person, review).WithRefusal(new OkrError(OkrErrorCode.Invalid, "Adjusting needs a target.", "newTarget"))),
            new("review-reminder", new ReviewCardView(locale, w.Person, review, IsReminder: true)),
            new("review-nothing", new ReviewCardView(locale, w.Manager, review with { Items = [] })),
            new("review-done", ReviewDoneView.From(locale, w.Person, review, reviewReceipts, reviewNotes)),
            new("scoring", new ScoringCardView(locale, w.Person, scoring)),
            new("scoring-refused", new ScoringCardView(locale, w.Person, scoring).WithRefusal(new OkrError(OkrErrorCode.Invalid, "Every score needs a reason.", "reason"))),
            new("scoring-reminder", new ScoringCardView(locale, w.Person, scoring, IsReminder: true)),
            new("scoring-nothing", new ScoringCardView(locale, w.Manager, scoring with { Items = [] })),
            new("scoring-done", ScoringDoneView.From(locale, w.Person, scoring, scoreReceipts, reasons)),
            new("digest", new ManagerDigestView(locale, Digest(w))),
            new("digest-quiet", new ManagerDigestView(locale, Digest(w) with { Reports = [], Risks = [], Movers = [], Objectives = [] })),
            new("results-team", new ResultsDigestView(locale, Results(w, list, w.Team))),
            new("results-own", new ResultsDigestView(locale, Results(w, list, null))),
            new("results-empty", new ResultsDigestView(locale, Results(w, list, w.Team) with { Objectives = [] })),
            new("planning", new PlanningReminderView(locale, w.Cycle, new DateOnly(2026, 12, 31), w.NextCycle, new DateOnly(2027, 1, 1))),
            new("planning-no-next-cycle", new PlanningReminderView(locale, w.Cycle, new DateOnly(2026, 12, 31), null, null)),
        ];
    }

    /// <summary>
    /// Drafting OKRs and changing published key results: the objective and key result forms (new, and refused with what
    /// was entered), drafts with guidance (measurability hints, problems, the 3×3 focus), the drafts list, the alignment
    /// picker, the change form (with approval and without), the manager's request card and the outcomes.
    /// </summary>
    private static IEnumerable<CardSample> Authoring(Words w, OkrList list)
    {
        var locale = w.Locale;
        var text = BotText.For(locale);
        var krs = list.KeyResults.ToList();
        CycleChoice[] cycles = [new(Id(100), w.Cycle, CycleState.Active), new(Id(101), w.NextCycle, CycleState.Planning)];
        var me = new PersonChoice(PersonId, w.Person);
        PersonChoice[] people = [me, new(ColleagueId, w.Colleague), new(ManagerId, w.Manager)];
        var parent = new AlignmentChoice(AlignmentKind.Objective, Id(900), w.Objectives[3], w.Team, null, AlignmentSource.Team);
        var draft = new Draft(Id(800), w.Objectives[0], w.Notes[0], Visibility.Public, ObjectiveState.Draft, Id(100), w.Cycle, w.Person, parent,
        [
            new(Id(801), w.KeyResults[0], KeyResultKind.Metric, Direction.Decrease, 7, 3, w.Unit, 2, PersonId, w.Person, [new(ColleagueId, w.Colleague)], [], []),
            new(Id(802), w.KeyResults[1], KeyResultKind.Percentage, Direction.Increase, 97.5m, 99.5m, "%", 1, ColleagueId, w.Colleague, [], [],
                [MeasurabilityHint.VagueWithoutFigure]),
            new(Id(803), w.KeyResults[2], KeyResultKind.Metric, Direction.Increase, 0, 0, null, 1, PersonId, w.Person, [],
                [KeyResultProblem.TargetEqualsStart], [MeasurabilityHint.TargetEqualsStart, MeasurabilityHint.MilestoneAsMetric]),
        ], new FocusCheck(2, 3, []));
        var crowded = draft with
        {
            Parent = null,
            KeyResults = [.. Enumerable.Range(0, 6).Select(i => draft.KeyResults[0] with { Id = Id(810 + i), Title = w.KeyResults[i % w.KeyResults.Length] })],
            Focus = new FocusCheck(6, 6, [FocusWarning.TooManyObjectives, FocusWarning.TooManyKeyResults]),
        };
        var objectiveForm = new ObjectiveForm(null, null, null, Visibility.Public, Id(100), cycles);
        var krForm = new KeyResultForm(Id(800), w.Objectives[0], null, null, KeyResultKind.Metric, 0, null, null, 1, PersonId, [], people);
        var choices = new AlignmentChoices(Id(800), w.Objectives[0], null,
        [
            new(AlignmentKind.Objective, Id(901), w.Objectives[2], w.Manager, null, AlignmentSource.Manager),
            parent,
            new(AlignmentKind.KeyResult, Id(902), w.KeyResults[3], w.Team, w.Objectives[3], AlignmentSource.Team),
        ]);
        var pending = Change(w, KeyResultChangeKind.Target, KeyResultChangeState.Pending, decidedBy: null);
        var changeForm = new KeyResultChangeForm(krs[0].Id, krs[0].Title, list.Objectives[0].Title, KeyResultKind.Metric, Direction.Decrease, 7, 3, 4, w.Unit,
            NeedsApproval: true, w.Manager, pending);
        var milestoneForm = new KeyResultChangeForm(krs[2].Id, krs[2].Title, list.Objectives[0].Title, KeyResultKind.Milestone, Direction.Increase, 0, 1, 0, null,
            NeedsApproval: false, null, null);

        return
        [
            new("objective-new", new ObjectiveFormView(locale, objectiveForm)),
            new("objective-edit-refused", new ObjectiveFormView(locale, objectiveForm with { ObjectiveId = Id(800), Title = w.Objectives[0], Description = w.Notes[0],
                Visibility = Visibility.Private }, text.Refusal(OkrErrorCode.Invalid, "title"))),
            new("draft", new DraftView(locale, draft, text.DraftSaved)),
            new("draft-empty", new DraftView(locale, draft with { Parent = null, Description = null, KeyResults = [], Focus = new FocusCheck(1, 0, []) })),
            new("draft-crowded-refused", new DraftView(locale, crowded, Error: text.Refusal(OkrErrorCode.Invalid, "notReady"))),
            new("draft-above-aim", new DraftView(locale, draft with { Focus = new FocusCheck(4, 4, []) })),
            new("drafts", new DraftListView(locale,
            [
                new(Id(800), w.Objectives[0], w.Cycle, 3, false, At(Week)),
                new(Id(804), w.Objectives[1], w.NextCycle, 2, true, At(Week.AddDays(-2))),
            ])),
            new("drafts-empty", new DraftListView(locale, [])),
            new("kr-form-new", new KeyResultFormView(locale, krForm)),
            new("kr-form-edit-refused", new KeyResultFormView(locale, krForm with
            {
                KeyResultId = Id(801), Title = w.KeyResults[0], Start = 7, Target = 3, Unit = w.Unit, Weight = 2, ParticipantIds = [ColleagueId, ManagerId],
            }, text.Refusal(OkrErrorCode.Invalid, "krValues"))),
            new("align", new AlignPickerView(locale, choices with { Current = parent })),
            new("align-nothing", new AlignPickerView(locale, choices with { Choices = [] }, text.Refusal(OkrErrorCode.NotFound, "parent"))),
            new("kr-change-approval", new KrChangeFormView(locale, changeForm)),
            new("kr-change-milestone-refused", new KrChangeFormView(locale, milestoneForm, text.Refusal(OkrErrorCode.Invalid, "reason"))),
            new("kr-change-request", new KrChangeRequestView(locale, pending)),
            new("kr-change-request-refused", new KrChangeRequestView(locale, pending, text.ErrorDecisionChoiceRequired)),
            new("kr-change-approved", new KrChangeOutcomeView(locale, Change(w, KeyResultChangeKind.Target, KeyResultChangeState.Applied, w.Manager) with
                { CurrentTarget = 2 }, ForRequester: true)),
            new("kr-change-rejected", new KrChangeOutcomeView(locale, Change(w, KeyResultChangeKind.Target, KeyResultChangeState.Rejected, w.Manager) with
                { DecisionNote = w.Notes[2] }, ForRequester: false)),
            new("kr-change-stale", new KrChangeOutcomeView(locale, Change(w, KeyResultChangeKind.Target, KeyResultChangeState.Stale, w.Manager) with
                { CurrentTarget = 4 }, ForRequester: true)),
            new("kr-change-deleted", new KrChangeOutcomeView(locale, Change(w, KeyResultChangeKind.Delete, KeyResultChangeState.Applied, w.Manager) with
                { CurrentTarget = null }, ForRequester: false)),
            new("kr-changeable", new KeyResultCardView(locale, krs[0], list.Objectives[0].Title, w.Cycle, [], CanUpdate: true,
                Message: text.KrTargetChanged(text.Value(KeyResultKind.Metric, 3, w.Unit), text.Value(KeyResultKind.Metric, 2, w.Unit)), CanChange: true)),
        ];
    }

    /// <summary>A change to the person's metric (target 3 steps to 2), asked by them for their manager to decide.</summary>
    public static KeyResultChangeSummary Change(Words w, KeyResultChangeKind kind, KeyResultChangeState state, string? decidedBy) => new(
        Id(700), Id(2), w.KeyResults[0], w.Person, KeyResultKind.Metric, w.Unit, kind, 3, kind == KeyResultChangeKind.Target ? 2 : null, 3, w.Reason,
        PersonId, w.Person, At(Week), ManagerId, w.Manager, state, decidedBy, decidedBy is null ? null : At(Week.AddDays(1)), null);

    /// <summary>
    /// The person's own KRs of <see cref="List"/> to review: the metric adjusted already (target 2, with a note), the
    /// percentage and the second metric undecided, the milestone kept, the dropped one dropped.
    /// </summary>
    public static ReviewSheet ReviewSheet(Words w, OkrList list)
    {
        var items = list.Objectives.SelectMany(o => o.KeyResults.Where(k => k.OwnerId == PersonId).Select(k => k.Kind switch
        {
            _ when k.IsDropped => new ReviewItem(k, o.Title, ReviewDecisionKind.Drop, null, w.Notes[2]),
            KeyResultKind.Milestone => new ReviewItem(k, o.Title, ReviewDecisionKind.Keep, null, null),
            _ when k.Id == Id(2) => new ReviewItem(k, o.Title, ReviewDecisionKind.Adjust, 2, w.Notes[1]),
            _ => new ReviewItem(k, o.Title, null, null, null),
        })).ToList();
        return new ReviewSheet(list.CycleId, w.Cycle, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 31), items);
    }

    /// <summary>The person's own KRs of <see cref="List"/> that are not dropped, to score: the metric scored 0.6 already, the rest not yet.</summary>
    public static ScoringSheet ScoringSheet(Words w, OkrList list)
    {
        var items = list.Objectives.SelectMany(o => o.KeyResults.Where(k => k.OwnerId == PersonId && !k.IsDropped).Select(k => k.Id == Id(2)
            ? new ScoringItem(k, o.Title, ScoreGuidance.Suggest(k.Progress), 0.6m, w.Reason)
            : new ScoringItem(k, o.Title, ScoreGuidance.Suggest(k.Progress), null, null))).ToList();
        return new ScoringSheet(list.CycleId, w.Cycle, new DateOnly(2026, 12, 31), items);
    }

    /// <summary>A manager's week: 9 reports expected of whom 7 checked in, one away, three risks, two movers, three objectives.</summary>
    public static ManagerDigest Digest(Words w, int reports = 10)
    {
        var people = Enumerable.Range(0, reports).Select(i => (Id: Id(500 + i), Name: w.Reports[i % w.Reports.Length] + (i < w.Reports.Length ? "" : $" {i / w.Reports.Length + 1}"))).ToList();
        // The first is away, the last two (of the rest) have not checked in.
        var rows = people.Select((p, i) => new DigestReport(p.Id, p.Name, CheckedIn: i > 0 && i < reports - 2 * Math.Max(1, reports / 10), Expected: i > 0, Away: i == 0)).ToList();
        var risks = people.Skip(1).SelectMany((p, i) => new[]
        {
            new DigestRisk(Id(1000 + i * 3), w.KeyResults[i % w.KeyResults.Length], p.Name, KrStatus.OffTrack, w.Reason),
            new DigestRisk(Id(1001 + i * 3), w.KeyResults[(i + 1) % w.KeyResults.Length], p.Name, KrStatus.AtRisk, w.Notes[1]),
            new DigestRisk(Id(1002 + i * 3), w.KeyResults[(i + 2) % w.KeyResults.Length], p.Name, KrStatus.AtRisk, null),
        }).Take(reports <= 10 ? 3 : int.MaxValue).ToList();
        var movers = new List<DigestMover>
        {
            new(Id(2), w.KeyResults[0], people[1].Name, 0.40m, 0.55m),
            new(Id(3), w.KeyResults[1], people[2].Name, 0.50m, 0.40m),
        };
        var objectives = people.Skip(1).SelectMany((p, i) => new[]
        {
            new DigestObjective(Id(3000 + i * 3), w.Objectives[i % w.Objectives.Length], p.Name, 0.55m),
            new DigestObjective(Id(3001 + i * 3), w.Objectives[(i + 1) % w.Objectives.Length], p.Name, 0.2m),
            new DigestObjective(Id(3002 + i * 3), w.Objectives[(i + 2) % w.Objectives.Length], p.Name, 0.9m),
        }).Take(reports <= 10 ? 3 : int.MaxValue).ToList();
        string[] winTexts = w.Locale == "zh-CN"
            ? ["华东区试点门店提前一周开业", "客服积压工单清零", "新人入职手册上线，第一周就有十二人用上"]
            : ["The Berlin pilot store opened a week early", "Support backlog down to zero", "New onboarding guide is live; twelve people used it in week one"];
        // A big team's digest has more wins than are shown, so the "more not shown" line is rendered and checked too.
        var wins = people.Skip(1).Select((p, i) => new SmallWinView(p.Name, winTexts[i % winTexts.Length], At(Week.AddDays(i % 5))))
            .Take(reports <= 10 ? 2 : reports).ToList();
        return new ManagerDigest(ManagerId, w.Manager, w.Cycle, Week, rows, risks, movers, objectives, wins);
    }

    /// <summary>The results of <see cref="List"/>'s published KRs: the first objective fully scored, the second with one KR not scored yet.</summary>
    public static TeamResults Results(Words w, OkrList list, string? team)
    {
        var objectives = list.Objectives.Select((o, oi) =>
        {
            var krs = o.KeyResults.Where(k => !k.IsDropped).Select((k, ki) => new ResultKeyResult(k.Id, k.Title, k.OwnerName, k.Progress,
                oi == 1 && ki == 1 ? null : ScoreGuidance.Suggest(k.Progress), oi == 1 && ki == 1 ? null : w.Notes[ki % w.Notes.Length])).ToList();
            return new ResultObjective(o.Id, o.Title, o.OwnerName, krs.All(k => k.Score is not null) ? krs.Average(k => k.Score!.Value) : null, krs);
        }).ToList();
        return new TeamResults(list.CycleId, w.Cycle, team, objectives);
    }

    /// <summary>The biggest cards each view should still hold, and those that must leave some out; for the size tests and the official validation.</summary>
    public static IReadOnlyList<CardSample> Big(string language)
    {
        var w = For(language);
        return
        [
            new("review-15", new ReviewCardView(w.Locale, w.Person, BigReviewSheet(w, 15, noteLength: 280))),
            new("review-15-longest-notes", new ReviewCardView(w.Locale, w.Person, BigReviewSheet(w, 15, noteLength: 2000))),
            new("scoring-15", new ScoringCardView(w.Locale, w.Person, BigScoringSheet(w, 15, reasonLength: 280))),
            new("scoring-15-longest-reasons", new ScoringCardView(w.Locale, w.Person, BigScoringSheet(w, 15, reasonLength: 2000))),
            new("digest-40", new ManagerDigestView(w.Locale, Digest(w, reports: 40))),
            new("results-40x3", new ResultsDigestView(w.Locale, BigResults(w, 40, 3))),
        ];
    }

    /// <summary>A review of <paramref name="keyResults"/> KRs over 5 objectives, all kinds, titles of 120 characters, each adjusted or dropped with a note.</summary>
    public static ReviewSheet BigReviewSheet(Words w, int keyResults, int noteLength)
    {
        var list = BigList(w, keyResults);
        var note = Repeat(w.Notes[1], noteLength);
        var items = list.Objectives.SelectMany(o => o.KeyResults.Select(k => k.Kind == KeyResultKind.Milestone
            ? new ReviewItem(k, o.Title, ReviewDecisionKind.Drop, null, note)
            : new ReviewItem(k, o.Title, ReviewDecisionKind.Adjust, 80, note))).ToList();
        return new ReviewSheet(list.CycleId, w.Cycle, new DateOnly(2026, 11, 15), new DateOnly(2026, 12, 31), items);
    }

    /// <summary>Scoring of <paramref name="keyResults"/> KRs over 5 objectives, titles of 120 characters, each scored with a reason.</summary>
    public static ScoringSheet BigScoringSheet(Words w, int keyResults, int reasonLength)
    {
        var list = BigList(w, keyResults);
        var reason = Repeat(w.Reason, reasonLength);
        var items = list.Objectives.SelectMany(o => o.KeyResults.Select(k =>
            new ScoringItem(k, o.Title, ScoreGuidance.Suggest(k.Progress), 0.7m, reason))).ToList();
        return new ScoringSheet(list.CycleId, w.Cycle, new DateOnly(2026, 12, 31), items);
    }

    /// <summary>A big team's results: objectives of 120-character titles, each with KRs scored with the longest reasons.</summary>
    public static TeamResults BigResults(Words w, int objectives, int keyResults)
    {
        var reason = Repeat(w.Reason, 2000);
        var rows = Enumerable.Range(0, objectives).Select(o => new ResultObjective(Id(4000 + o), Repeat(w.Objectives[o % w.Objectives.Length], 120),
            w.Reports[o % w.Reports.Length], 0.7m, Enumerable.Range(0, keyResults).Select(k => new ResultKeyResult(Id(5000 + o * 10 + k),
                Repeat(w.KeyResults[k % w.KeyResults.Length], 120), w.Reports[o % w.Reports.Length], 0.65m, k == 0 ? null : 0.7m, k == 0 ? null : reason)).ToList())).ToList();
        return new TeamResults(Id(100), w.Cycle, w.Team, rows);
    }

    private static OkrList BigList(Words w, int keyResults)
    {
        var kinds = new[] { KeyResultKind.Metric, KeyResultKind.Percentage, KeyResultKind.Milestone };
        var perObjective = (keyResults + 4) / 5;
        var objectives = Enumerable.Range(0, 5).Select(o => new ObjectiveView(Id(1000 + o), Repeat(w.Objectives[o], 120), w.Person, PersonId, null,
            Visibility.Public, ObjectiveState.Published, 0.5m, Enumerable.Range(0, perObjective).Where(k => o * perObjective + k < keyResults).Select(k =>
            {
                var kind = kinds[(o + k) % kinds.Length];
                return Kr(2000 + o * 100 + k, Repeat(w.KeyResults[k % w.KeyResults.Length], 120), kind, Direction.Increase, 0, kind == KeyResultKind.Milestone ? 1 : 100,
                    kind == KeyResultKind.Milestone ? 0 : 40, kind == KeyResultKind.Metric ? w.LongUnit : null, KrStatus.AtRisk, w.Person, PersonId, null, reason: w.Reason);
            }).ToList())).Where(o => o.KeyResults.Count > 0).ToList();
        return new OkrList(Id(100), w.Cycle, Week, Week, objectives);
    }

    /// <summary>A text repeated to exactly <paramref name="length"/> characters.</summary>
    public static string Repeat(string text, int length) => string.Concat(Enumerable.Repeat(text + " ", length / (text.Length + 1) + 1))[..length].Trim();

    /// <summary>
    /// The person's OKRs: a metric (with a check-in this week by them), a percentage, a milestone, and in a second,
    /// private draft objective a KR of theirs, a colleague's, and a dropped one.
    /// </summary>
    public static OkrList List(Words w)
    {
        var thisWeek = new LastCheckInView(4, KrStatus.AtRisk, w.Notes[1], Week, At(Week.AddDays(2)), w.Person);
        var lastWeek = new LastCheckInView(97.9m, KrStatus.OnTrack, w.Notes[0], Week.AddDays(-7), At(Week.AddDays(-3)), w.Colleague);
        var first = new ObjectiveView(Id(1), w.Objectives[0], w.Person, PersonId, null, Visibility.Public, ObjectiveState.Published, 0.55m,
        [
            Kr(2, w.KeyResults[0], KeyResultKind.Metric, Direction.Decrease, 7, 3, 4, w.Unit, KrStatus.AtRisk, w.Person, PersonId, thisWeek, confidence: 6, reason: w.Reason),
            Kr(3, w.KeyResults[1], KeyResultKind.Percentage, Direction.Increase, 97.5m, 99.5m, 97.9m, "%", KrStatus.OnTrack, w.Person, PersonId, lastWeek),
            Kr(4, w.KeyResults[2], KeyResultKind.Milestone, Direction.Increase, 0, 1, 0, null, KrStatus.OffTrack, w.Person, PersonId, null),
        ]);
        var second = new ObjectiveView(Id(5), w.Objectives[1], w.Team, null, Id(99), Visibility.Private, ObjectiveState.Draft, 0.2m,
        [
            Kr(6, w.KeyResults[3], KeyResultKind.Metric, Direction.Increase, 0, 20, 4, w.LongUnit, KrStatus.OnTrack, w.Person, PersonId, null),
            Kr(7, w.KeyResults[4], KeyResultKind.Metric, Direction.Increase, 32, 50, 41.5m, null, KrStatus.OnTrack, w.Colleague, ColleagueId, null),
            Kr(8, w.KeyResults[4] + " 2", KeyResultKind.Metric, Direction.Increase, 0, 10, 1, null, KrStatus.OnTrack, w.Person, PersonId, null, dropped: true),
        ]);
        return new OkrList(Id(100), w.Cycle, Week.AddDays(2), Week, [first, second]);
    }

    /// <summary>A check-in as big as a person should ever have: objectives x KRs, each with the longest note there is.</summary>
    /// <param name="titleLength">How long each objective and KR title is (300 is the most the model stores).</param>
    public static CheckInCardView BigCheckIn(Words w, int objectives = 5, int keyResults = 5, int titleLength = 60)
    {
        var note = string.Concat(Enumerable.Repeat(w.Notes[1], 2000 / w.Notes[1].Length + 1))[..2000];
        var kinds = new[] { KeyResultKind.Metric, KeyResultKind.Percentage, KeyResultKind.Milestone };
        var list = new OkrList(Id(100), w.Cycle, Week, Week, Enumerable.Range(0, objectives).Select(o =>
            new ObjectiveView(Id(1000 + o), Long(w.Objectives[o % w.Objectives.Length], titleLength), w.Person, PersonId, null, Visibility.Public,
                ObjectiveState.Published, 0.5m, Enumerable.Range(0, keyResults).Select(k =>
                {
                    var kind = kinds[(o + k) % kinds.Length];
                    var target = kind == KeyResultKind.Milestone ? 1 : 100;
                    var last = new LastCheckInView(kind == KeyResultKind.Milestone ? 0 : 40, KrStatus.AtRisk, note, Week.AddDays(-7), At(Week.AddDays(-3)), w.Person);
                    return Kr(2000 + o * 100 + k, Long(w.KeyResults[k % w.KeyResults.Length], titleLength), kind, Direction.Increase, 0, target,
                        kind == KeyResultKind.Milestone ? 0 : 40, kind == KeyResultKind.Metric ? w.LongUnit : null, KrStatus.AtRisk, w.Person, PersonId,
                        last, confidence: 7, reason: note);
                }).ToList())).ToList());
        return CheckInCardView.For(w.Locale, PersonId, w.Person, list);
    }

    public static KeyResultView Kr(int id, string title, KeyResultKind kind, Direction direction, decimal start, decimal target, decimal current,
        string? unit, KrStatus status, string owner, Guid ownerId, LastCheckInView? last, int? confidence = null, string? reason = null, bool dropped = false)
    {
        var progress = OkrBot.Core.Rules.Progress.Of(kind, direction, start, current, target);
        return new KeyResultView(Id(id), title, kind, direction, start, target, unit, 1m, current, progress, status, status != KrStatus.OnTrack,
            status == KrStatus.OnTrack ? null : reason, confidence, ownerId, owner, dropped, last);
    }

    public static Guid Id(int n) => Guid.Parse($"0196a0a0-0000-7000-8000-{n:D12}");

    private static DateTimeOffset At(DateOnly date) => new(date.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero);

    private static string Long(string text, int length) => string.Concat(Enumerable.Repeat(text + " ", length / (text.Length + 1) + 1))[..length].Trim();
}
