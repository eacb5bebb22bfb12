using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
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
        string Unit, string LongUnit, string[] Notes, string Reason, string Gibberish);

    public static readonly Words English = new("en-US", "Alex Chen", "Priya Nair", "Daniel Weber", "Product", "2026 Q4",
        ["Make checkout effortless", "Understand why customers stop ordering", "Grow two future team leads", "Open the DACH region", "Clear the support backlog"],
        ["Cut checkout steps from 7 to 3", "Crash-free sessions from 97.5% to 99.5%", "Ship Apple Pay and WeChat Pay", "Interview 20 churned customers", "Raise NPS from 32 to 50"],
        "steps", "interviews",
        ["Good week, moving as planned.", "Blocked two days waiting on the payment provider.", "Slower than hoped: half the team was at the offsite."],
        "The payment provider slipped a month and we depend on their SDK.", "asdf qwer");

    public static readonly Words Chinese = new("zh-CN", "王芳", "李娜", "张伟", "产品", "2026年第四季度",
        ["提升应用性能，让点单更流畅", "建立客户自助知识库", "提高老客户续约率", "拓展华东市场", "清理客服积压工单"],
        ["首页加载时间从三点二秒降到一点五秒", "性能回归测试覆盖率提升到百分之八十五", "上线会员积分功能", "发布六十篇知识库文章", "新签约门店增加到四十家"],
        "秒", "篇",
        ["本周进展顺利，按计划推进。", "等待供应商反馈，耽误了两天。", "团队有人请假，进度偏慢。"],
        "供应商延期一个月，我们依赖他们的接口。", "随便说说");

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
            new(krs[0].Id, Guid.NewGuid(), false, 0.75m, KrStatus.AtRisk),
            new(krs[1].Id, Guid.NewGuid(), true, 0.45m, KrStatus.OnTrack),
            new(krs[2].Id, Guid.NewGuid(), false, 1m, KrStatus.OnTrack),
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
            new("escalation", new NoticeView(locale, NoticeKind.Warning, text.EscalationNotCheckedIn(w.Person, list.WeekOf))),
            new("checkin-done", CheckInDoneView.From(locale, w.Person, receipt, request, krs)),
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
        ];
    }

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
