using System.Globalization;
using OkrBot.Core.Model;
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
public abstract class BotText
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

    // ---- People and settings --------------------------------------------------------------------------------

    public abstract string DayName(DayOfWeek day);
    public abstract string AwaySet(DateOnly until);
    public abstract string BackNow { get; }
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
