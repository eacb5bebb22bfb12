using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

/// <summary>A command a person can type, what it does, and the button action it stands for.</summary>
public sealed record HelpEntry(string Command, string Description);

/// <summary>
/// Every text the bot shows, in one language. Each language is a subclass that must override every member, so a
/// missing translation does not compile; what the compiler cannot see (an enum member a switch forgot, a refusal
/// field without its own text) the tests in tests/Cards catch. Numbers and dates follow the viewer's culture.
/// </summary>
/// <remarks>
/// Texts are code rather than .resx files: a sentence often takes names, numbers and plural forms, and a method per
/// sentence keeps word order a translator's choice (Chinese puts the name first where English puts it last).
/// </remarks>
public abstract partial class BotText
{
    public const string AppName = "OkrBot";

    private protected BotText(CultureInfo culture) => Culture = culture;

    public static BotText English { get; } = new EnglishText(FindCulture("en-US") ?? CultureInfo.InvariantCulture);
    public static BotText Chinese { get; } = new ChineseText(FindCulture("zh-CN") ?? CultureInfo.InvariantCulture);

    /// <summary>Chinese for any zh-* locale (and plain zh), English for everything else, unknown and empty included.</summary>
    public static BotText For(string? locale)
    {
        var tag = locale?.Trim() ?? "";
        if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("zh-", StringComparison.OrdinalIgnoreCase)
            || tag.StartsWith("zh_", StringComparison.OrdinalIgnoreCase))
            return FindCulture(tag.Replace('_', '-')) is { } zh && zh.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? new ChineseText(zh) : Chinese;
        return tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) && FindCulture(tag.Replace('_', '-')) is { } en
            && en.TwoLetterISOLanguageName == "en" ? new EnglishText(en) : English;
    }

    /// <summary>The culture numbers and dates are formatted in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The two-letter ISO 639-1 language of these texts ("en", "zh").</summary>
    public abstract string Language { get; }

    // ---- Formatting --------------------------------------------------------------------------------------------

    /// <summary>A measured value: grouped, at most two decimals.</summary>
    public string Number(decimal value) => value.ToString("#,0.##", Culture);

    /// <summary>A share 0..1 as a whole percentage, e.g. 0.625 -> "63%".</summary>
    public string Percent(decimal fraction) =>
        Math.Round(fraction * 100m, MidpointRounding.AwayFromZero).ToString("0", Culture) + "%";

    public abstract string Date(DateOnly date);

    /// <summary>A KR's value as people read it: "40 NPS", "62%", "3.2秒", "Done".</summary>
    public string Value(KeyResultKind kind, decimal value, string? unit) => kind switch
    {
        KeyResultKind.Milestone => value >= 1m ? MilestoneDone : MilestoneNotDone,
        KeyResultKind.Percentage => Number(value) + "%",
        _ => string.IsNullOrWhiteSpace(unit) ? Number(value) : WithUnit(Number(value), unit.Trim()),
    };

    public string Value(KeyResultView kr, decimal value) => Value(kr.Kind, value, kr.Unit);

    /// <summary>Where a KR stands: its value, and for a metric or percentage its target too ("now 4 steps, target 3 steps").</summary>
    public string Standing(KeyResultView kr) => kr.Kind == KeyResultKind.Milestone
        ? Value(kr, kr.CurrentValue)
        : NowAndTarget(Value(kr, kr.CurrentValue), Value(kr, kr.TargetValue));

    /// <summary>A number and its unit, spaced as the language spaces them.</summary>
    protected abstract string WithUnit(string number, string unit);

    // ---- Shared words ------------------------------------------------------------------------------------------

    public abstract string Status(KrStatus status);
    /// <summary>The status inside a sentence ("is at risk" in English, lower case).</summary>
    public abstract string StatusInSentence(KrStatus status);
    public abstract string NoticeTitle(NoticeKind kind);
    public abstract string MilestoneDone { get; }
    public abstract string MilestoneNotDone { get; }
    /// <summary>What a host that cannot show the card shows instead.</summary>
    public abstract string CardFallback { get; }
    public abstract string Private { get; }
    public abstract string Draft { get; }
    public abstract string Dropped { get; }
    public abstract string Confidence(int confidence);
    /// <summary>Said at the end of a card that could not hold every key result.</summary>
    public abstract string MoreNotShown(int count);
    /// <summary>People's names as a list: "Alex Chen, Priya Nair" or "王芳、李娜".</summary>
    public string Names(IEnumerable<string> names) => string.Join(NameSeparator, names);
    protected abstract string NameSeparator { get; }
    /// <summary>A label before what it labels: "Blockers: " or "阻碍：".</summary>
    public string Labelled(string label) => label + LabelColon;
    protected abstract string LabelColon { get; }

    // ---- Buttons -----------------------------------------------------------------------------------------------

    public abstract string ButtonCheckIn { get; }
    public abstract string ButtonMyOkrs { get; }
    public abstract string ButtonHelp { get; }
    public abstract string ButtonSubmitCheckIn { get; }
    public abstract string ButtonUpdate { get; }
    public abstract string ButtonMarkAtRisk { get; }
    public abstract string ButtonSendRisk { get; }
    public abstract string ButtonCancel { get; }
    public abstract string ButtonOpenKeyResult { get; }
    public abstract string ButtonOpenThisWeek { get; }

    // ---- Welcome and help --------------------------------------------------------------------------------------

    public abstract string WelcomeTitle(string name);
    public abstract string WelcomeIntro { get; }
    public abstract string WelcomeDemo(string demoPersonName);
    public abstract string WelcomeNext { get; }
    public abstract string HelpTitle { get; }
    public abstract string HelpNotUnderstood(string text);
    public abstract string HelpIntro { get; }
    /// <summary>The typed commands the help card lists in this language, each one the command parser understands.</summary>
    public abstract IReadOnlyList<HelpEntry> HelpEntries { get; }
    public abstract string HelpButtonsTip { get; }
    public abstract string HelpAtRiskTip { get; }

    // ---- OKR list ----------------------------------------------------------------------------------------------

    public abstract string OkrListTitle(OkrListSubject subject, string name);
    public abstract string OkrListEmpty { get; }
    public abstract string OkrListHint { get; }
    public abstract string OwnedBy(string name);
    public abstract string CycleLine(string cycleName, DateOnly today);

    // ---- Check-in ----------------------------------------------------------------------------------------------

    public abstract string CheckInTitle { get; }
    public abstract string CheckInSubtitle(string personName, DateOnly weekOf, string cycleName);
    public abstract string CheckInIntro { get; }
    public abstract string CheckInAlreadyDone { get; }
    public abstract string CheckInNothingToDo { get; }
    public abstract string CheckInMoreHint { get; }
    /// <summary>The range a KR moves over: "From 32 to 50 NPS".</summary>
    public abstract string Range(string start, string target);
    public abstract string LastCheckIn(DateOnly weekOf, string value, KrStatus status, string authorName);
    public abstract string NoCheckInYet { get; }
    /// <summary>The current value came from another system after the last check-in: "Last updated by CRM sync: 120 deals".</summary>
    public abstract string ValuePostedBy(string source, string value);
    public abstract string LabelValue { get; }
    public abstract string LabelValueWithUnit(string unit);
    public abstract string LabelPercentage { get; }
    public abstract string LabelMilestone { get; }
    public abstract string LabelStatus { get; }
    public abstract string LabelConfidence { get; }
    public abstract string LabelNote { get; }
    public abstract string PlaceholderNote { get; }
    public abstract string LabelBlockers { get; }
    public abstract string PlaceholderBlockers { get; }
    public abstract string ErrorValueRequired { get; }
    public abstract string ErrorPercentage { get; }
    public abstract string ErrorMilestone { get; }
    public abstract string ErrorStatusRequired { get; }
    public abstract string ErrorConfidence { get; }

    // ---- Check-in done -----------------------------------------------------------------------------------------

    public abstract string CheckInDoneTitle { get; }
    public abstract string CheckInDoneSummary(int count, DateOnly weekOf);
    public abstract string Amended { get; }
    public abstract string LabelBlockersRecorded { get; }

    // ---- Key result card ---------------------------------------------------------------------------------------

    public abstract string KeyResultLabel { get; }
    public abstract string ObjectiveLine(string objectiveTitle);
    public abstract string FactOwner { get; }
    public abstract string FactProgress { get; }
    public abstract string FactCurrent { get; }
    public abstract string FactTarget { get; }
    public abstract string FactStatus { get; }
    public abstract string FactReason { get; }
    public abstract string FactConfidence { get; }
    public abstract string HistoryTitle { get; }
    public abstract string HistoryEmpty { get; }
    public abstract string HistoryEntry(DateOnly weekOf, string value, KrStatus status, string authorName);
    public abstract string ReadOnlyNote { get; }

    // ---- Marking at risk ---------------------------------------------------------------------------------------

    public abstract string AtRiskFormTitle { get; }
    public abstract string AtRiskFormIntro(string ownerName);
    public abstract string LabelReason { get; }
    public abstract string PlaceholderReason { get; }
    public abstract string ErrorReasonRequired { get; }
    public abstract string LabelRiskStatus { get; }
    public abstract string AtRiskAlertTitle(KrStatus status);
    public abstract string AtRiskAlertBody(string raisedBy, string keyResultTitle, string ownerName, KrStatus status, bool recipientIsOwner);
    public abstract string AtRiskAlertHint { get; }

    // ---- The rhythm ----------------------------------------------------------------------------------------------

    /// <summary>The line on a check-in card sent as a reminder.</summary>
    public abstract string CheckInReminder { get; }
    /// <summary>To a manager: a report has not checked in on the week's prompt.</summary>
    public abstract string EscalationNotCheckedIn(string personName, DateOnly weekOf);

    /// <summary>What a sent check-in prompt or reminder card turns into once the person has checked in.</summary>
    public abstract string CheckInPromptClosed(DateOnly weekOf);

    // ---- Wrap-up: shared ------------------------------------------------------------------------------------------

    /// <summary>A score as people read it: one decimal, "0.7".</summary>
    public string Score(decimal score) => score.ToString("0.0", Culture);

    /// <summary>Where a KR stands against its target: "now 4 steps, target 3 steps".</summary>
    public abstract string NowAndTarget(string current, string target);
    /// <summary>A refusal about one KR of a card: the KR named, then why.</summary>
    public abstract string ItemRefusal(string keyResultTitle, string refusal);
    /// <summary>Added to a refusal when the KRs before the refused one were saved (a service refused part way).</summary>
    public abstract string PartlySaved(int count);
    /// <summary>Said at the end of a card that could not hold every objective.</summary>
    public abstract string MoreObjectivesNotShown(int count);

    // ---- Mid-cycle review -----------------------------------------------------------------------------------------

    public abstract string ButtonReview { get; }
    public abstract string ButtonSubmitReview { get; }
    public abstract string ButtonChangeReview { get; }
    public abstract string ReviewTitle { get; }
    public abstract string ReviewSubtitle(string personName, string cycleName, DateOnly midpoint);
    public abstract string ReviewIntro { get; }
    /// <summary>The line on a review card sent as a reminder.</summary>
    public abstract string ReviewReminder { get; }
    public abstract string ReviewAlreadyDone { get; }
    public abstract string ReviewNothingToDo(string cycleName);
    /// <summary>A decision as a choice on the card: keep, adjust the target, drop.</summary>
    public abstract string Decision(ReviewDecisionKind decision);
    public abstract string LabelDecision { get; }
    public abstract string LabelNewTarget { get; }
    public abstract string LabelNewTargetWithUnit(string unit);
    public abstract string LabelReviewNote { get; }
    public abstract string PlaceholderReviewNote { get; }
    public abstract string ErrorDecisionRequired { get; }
    public abstract string ErrorNewTarget { get; }

    public abstract string ReviewDoneTitle { get; }
    public abstract string ReviewDoneSummary(int count, string cycleName);
    public abstract string ReviewKept { get; }
    public abstract string ReviewAdjusted(string previousTarget, string newTarget);
    /// <summary>An adjustment that left the target where the card showed it (a review submitted again).</summary>
    public abstract string ReviewTargetNow(string target);
    public abstract string ReviewDropped { get; }
    public abstract string ReviewUndecided(int count);

    // ---- End-of-cycle scoring -------------------------------------------------------------------------------------

    public abstract string ButtonScore { get; }
    public abstract string ButtonSubmitScores { get; }
    public abstract string ButtonChangeScores { get; }
    public abstract string ScoringTitle { get; }
    public abstract string ScoringSubtitle(string personName, string cycleName, DateOnly endDate);
    /// <summary>How to score, with the guidance: 0.7 is the healthy aim, 1.0 asks about the target, 0 asks what happened.</summary>
    public abstract string ScoringIntro { get; }
    /// <summary>The line on a scoring card sent as a reminder.</summary>
    public abstract string ScoringReminder { get; }
    public abstract string ScoringAlreadyDone { get; }
    public abstract string ScoringNothingToDo(string cycleName);
    public abstract string SuggestedScore(string score);
    public abstract string LabelScore { get; }
    public abstract string LabelScoreReason { get; }
    public abstract string PlaceholderScoreReason { get; }
    public abstract string ErrorScoreRequired { get; }
    public abstract string ErrorScoreReasonRequired { get; }

    public abstract string ScoringDoneTitle { get; }
    public abstract string ScoringDoneSummary(int count, string cycleName);
    public abstract string ScoreLine(string score, string suggested);
    public abstract string ScoreHintText(ScoreHint hint);
    public abstract string ScoringUnscored(int count);

    // ---- Manager digest -------------------------------------------------------------------------------------------

    public abstract string DigestTitle { get; }
    public abstract string DigestSubtitle(string managerName, DateOnly weekOf, string cycleName);
    /// <summary>"7 of 9 checked in".</summary>
    public abstract string DigestCompletion(int checkedIn, int expected);
    public abstract string DigestNobodyExpected { get; }
    public abstract string DigestEveryoneCheckedIn { get; }
    public abstract string DigestMissingLabel { get; }
    public abstract string DigestAwayLabel { get; }
    public abstract string DigestRisksTitle(int count);
    public abstract string DigestNoRisks { get; }
    public abstract string DigestMoversTitle { get; }
    public abstract string DigestNoMovers { get; }
    public abstract string DigestObjectivesTitle { get; }
    public abstract string DigestNoObjectives { get; }
    public abstract string DigestWinsTitle(int count);

    /// <summary>A KR's move this week: "+15 pts (40% → 55%)".</summary>
    public string ProgressChange(decimal before, decimal now)
    {
        var points = (int)Math.Round((now - before) * 100m, MidpointRounding.AwayFromZero);
        return ProgressMoved(points, Percent(before), Percent(now));
    }

    /// <param name="points">Percentage points gained (negative: lost).</param>
    public abstract string ProgressMoved(int points, string before, string now);

    /// <summary>Signed points with a real minus sign: "+15", "−10", "0".</summary>
    protected string SignedPoints(int points) =>
        points > 0 ? "+" + points.ToString(Culture) : points < 0 ? "\u2212" + (-points).ToString(Culture) : "0";

    // ---- Results --------------------------------------------------------------------------------------------------

    public abstract string ResultsTitle(string cycleName);
    public abstract string ResultsForTeam(string teamName);
    public abstract string ResultsOwn { get; }
    /// <summary>"7 of 9 key results scored".</summary>
    public abstract string ResultsSummary(int scored, int total);
    public abstract string ScoreOf(string score);
    public abstract string NotScoredYet { get; }
    public abstract string ResultsEmpty { get; }

    // ---- Planning ---------------------------------------------------------------------------------------------------

    public abstract string PlanningTitle { get; }
    public abstract string PlanningEnds(string cycleName, DateOnly endDate);
    public abstract string PlanningNext(string nextCycleName, DateOnly? start);
    public abstract string PlanningNoNextCycle { get; }
    public abstract string PlanningTips { get; }

    // ---- People and settings --------------------------------------------------------------------------------

    public abstract string DayName(DayOfWeek day);
    public abstract string AwaySet(DateOnly until);
    public abstract string BackNow { get; }
    /// <summary>A small win was recorded; it goes to the manager's digest.</summary>
    public abstract string SmallWinRecorded { get; }
    public abstract string TimeZoneSet(string timeZone);
    public abstract string CheckInDaySet(DayOfWeek day);
    public abstract string SettingsSummary(string timeZone, DayOfWeek? checkInDay, DateOnly? awayUntil);
    public abstract string SettingsHowTo { get; }
    public abstract string NobodyNamed(string name);
    public abstract string SeveralNamed(string name, IReadOnlyList<string> names);
    public abstract string NoTeam { get; }
    /// <summary>Said before the notices are delivered (a manager may be unreachable for a while), so it promises, not reports.</summary>
    public abstract string MarkedAtRisk(KrStatus status, IReadOnlyList<string> notified);
    public abstract string CardValueNotANumber { get; }

    // ---- Refusals ----------------------------------------------------------------------------------------------

    /// <summary>A service's refusal in this language, from its code and field (never its English message).</summary>
    public string Refusal(OkrError error) => Refusal(error.Code, error.Field);

    /// <summary>The text for a refusal; a field without a text of its own gets the code's general text.</summary>
    public abstract string Refusal(OkrErrorCode code, string? field);

    private static CultureInfo? FindCulture(string name)
    {
        if (name.Length == 0) return null;
        try
        {
            return CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}
