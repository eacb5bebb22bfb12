using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

/// <summary>English, for every locale that is not Chinese.</summary>
public sealed class EnglishText : BotText
{
    internal EnglishText(CultureInfo culture) : base(culture) { }

    public override string Language => "en";

    public override string Date(DateOnly date) => date.ToString("d MMM yyyy", Culture);

    protected override string WithUnit(string number, string unit) => unit == "%" ? number + unit : $"{number} {unit}";

    public override string Status(KrStatus status) => status switch
    {
        KrStatus.OnTrack => "On track",
        KrStatus.AtRisk => "At risk",
        KrStatus.OffTrack => "Off track",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public override string StatusInSentence(KrStatus status) => status switch
    {
        KrStatus.OnTrack => "on track",
        KrStatus.AtRisk => "at risk",
        KrStatus.OffTrack => "off track",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public override string NoticeTitle(NoticeKind kind) => kind switch
    {
        NoticeKind.Info => "Note",
        NoticeKind.Success => "Done",
        NoticeKind.Warning => "Please check",
        NoticeKind.Error => "That did not work",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string MilestoneDone => "Done";
    public override string MilestoneNotDone => "Not done";
    public override string CardFallback => "This card needs a newer version of Teams. Type \"help\" to see what I can do.";
    public override string Private => "Private";
    public override string Draft => "Draft";
    public override string Dropped => "Dropped at the mid-cycle review";
    public override string Confidence(int confidence) => $"Confidence {confidence}/10";
    public override string MoreNotShown(int count) =>
        $"{count} more key {(count == 1 ? "result does" : "results do")} not fit on this card.";

    public override string ButtonCheckIn => "Check in";
    public override string ButtonMyOkrs => "My OKRs";
    public override string ButtonHelp => "Help";
    public override string ButtonSubmitCheckIn => "Submit check-in";
    public override string ButtonUpdate => "Update";
    public override string ButtonMarkAtRisk => "Mark at risk";
    public override string ButtonSendRisk => "Flag the risk";
    public override string ButtonCancel => "Cancel";
    public override string ButtonOpenKeyResult => "Open the key result";
    public override string ButtonOpenThisWeek => "Open this week's check-in";

    public override string WelcomeTitle(string name) => $"Welcome, {name}";
    public override string WelcomeIntro =>
        "I keep your OKRs moving right here in the chat: a one-minute check-in every week, a quick way to flag a key result at risk, " +
        "and reminders, reviews and scoring when the cycle calls for them.";
    public override string WelcomeDemo(string demoPersonName) =>
        $"To try it out you are playing {demoPersonName} from the demo organisation: their OKRs and check-in history are yours to use.";
    public override string WelcomeNext => "Start with this week's check-in.";
    public override string HelpTitle => "What I can do";
    public override string HelpNotUnderstood(string text) => $"Sorry, I did not understand \u201c{text}\u201d.";
    public override string HelpIntro => "Type one of these, or use the buttons below:";

    public override IReadOnlyList<HelpEntry> HelpEntries { get; } =
    [
        new("check in", "update this week's progress on your key results"),
        new("my okrs", "see your objectives and key results this cycle"),
        new("okrs of Maria", "see a colleague's OKRs (private ones stay private)"),
        new("my team", "see your team's OKRs"),
        new("away until 2026-12-24", "no prompts or reminders until then; \"back\" ends it early"),
        new("settings", "your time zone and check-in day, e.g. \"time zone Europe/Berlin\", \"check-in day friday\""),
        new("help", "show this help"),
    ];

    public override string HelpButtonsTip => "Every card has buttons for the next step, so you rarely need to type.";
    public override string HelpAtRiskTip =>
        "Worried about a key result, yours or a colleague's? Open it and choose \u201cMark at risk\u201d: its owner and their manager hear about it at once.";

    public override string OkrListTitle(OkrListSubject subject, string name) => subject switch
    {
        OkrListSubject.Own => "Your OKRs",
        OkrListSubject.Colleague => $"{name}'s OKRs",
        OkrListSubject.Team => $"OKRs of the {name} team",
        _ => throw new ArgumentOutOfRangeException(nameof(subject), subject, null),
    };

    public override string OkrListEmpty => "No OKRs in this cycle yet.";
    public override string OkrListHint => "Select a key result to see its details and history.";
    public override string OwnedBy(string name) => $"Owner: {name}";
    public override string CycleLine(string cycleName, DateOnly today) => $"{cycleName} \u00b7 as of {Date(today)}";

    public override string CheckInTitle => "Weekly check-in";
    public override string CheckInSubtitle(string personName, DateOnly weekOf, string cycleName) =>
        $"{personName} \u00b7 week of {Date(weekOf)} \u00b7 {cycleName}";
    public override string CheckInIntro => "For each key result: where it stands now, how it is going, and a note when something changed.";
    public override string CheckInAlreadyDone => "You already checked in this week: submitting again updates it.";
    public override string CheckInNothingToDo => "You have no key results to check in on in this cycle.";
    public override string CheckInMoreHint => "Open them from \u201cMy OKRs\u201d to check in on them one by one.";
    public override string Range(string start, string target) => $"From {start} to {target}";
    public override string LastCheckIn(DateOnly weekOf, string value, KrStatus status, string authorName) =>
        $"Last check-in, week of {Date(weekOf)}: {value}, {StatusInSentence(status)} ({authorName})";
    public override string NoCheckInYet => "No check-in yet.";
    public override string LabelValue => "Current value";
    public override string LabelValueWithUnit(string unit) => $"Current value ({unit})";
    public override string LabelPercentage => "Current value (%)";
    public override string LabelMilestone => "Is it done?";
    public override string LabelStatus => "Status";
    public override string LabelConfidence => "Confidence (1\u201310)";
    public override string LabelNote => "Note";
    public override string PlaceholderNote => "What moved, what did not? (optional)";
    public override string LabelBlockers => "Anything blocking you?";
    public override string PlaceholderBlockers => "Who or what could help? (optional)";
    public override string ErrorValueRequired => "Enter the current value.";
    public override string ErrorPercentage => "Enter a percentage from 0 to 100.";
    public override string ErrorMilestone => "Choose done or not done.";
    public override string ErrorStatusRequired => "Choose a status.";
    public override string ErrorConfidence => "Confidence is a whole number from 1 to 10.";

    public override string CheckInDoneTitle => "Check-in recorded";
    public override string CheckInDoneSummary(int count, DateOnly weekOf) =>
        $"{count} key {(count == 1 ? "result" : "results")} updated for the week of {Date(weekOf)}. Thank you!";
    public override string Amended => "updated again";
    public override string LabelBlockersRecorded => "Blockers";

    public override string KeyResultLabel => "Key result";
    public override string ObjectiveLine(string objectiveTitle) => $"Objective: {objectiveTitle}";
    public override string FactOwner => "Owner";
    public override string FactProgress => "Progress";
    public override string FactCurrent => "Current";
    public override string FactTarget => "Target";
    public override string FactStatus => "Status";
    public override string FactReason => "Why";
    public override string FactConfidence => "Confidence";
    public override string HistoryTitle => "Recent check-ins";
    public override string HistoryEmpty => "No check-ins yet.";
    public override string HistoryEntry(DateOnly weekOf, string value, KrStatus status, string authorName) =>
        $"Week of {Date(weekOf)}: {value}, {StatusInSentence(status)} ({authorName})";
    public override string ReadOnlyNote => "Only its owner, its participants and their managers can update it; anyone can flag a risk.";

    public override string AtRiskFormTitle => "Mark at risk";
    public override string AtRiskFormIntro(string ownerName) =>
        $"Why is this key result at risk? {ownerName} and their manager will be told, so they can act early.";
    public override string LabelReason => "Reason";
    public override string PlaceholderReason => "What is in the way, and what would help?";
    public override string ErrorReasonRequired => "Say why it is at risk.";
    public override string LabelRiskStatus => "How serious is it?";

    public override string AtRiskAlertTitle(KrStatus status) => status switch
    {
        KrStatus.OffTrack => "A key result is off track",
        _ => "A key result is at risk",
    };

    public override string AtRiskAlertBody(string raisedBy, string keyResultTitle, string ownerName, KrStatus status, bool recipientIsOwner) =>
        recipientIsOwner
            ? $"{raisedBy} marked your key result \u201c{keyResultTitle}\u201d {StatusInSentence(status)}."
            : $"{raisedBy} marked \u201c{keyResultTitle}\u201d, owned by {ownerName}, {StatusInSentence(status)}.";

    public override string AtRiskAlertHint => "A word now is cheaper than a surprise at the end of the cycle.";

    public override string CheckInReminder => "A reminder: your weekly check-in is still open. It takes under a minute.";
    public override string EscalationNotCheckedIn(string personName, DateOnly weekOf) =>
        $"{personName} has not checked in on their key results for the week of {Date(weekOf)}, even after a reminder. A quick word may help.";

    public override string CheckInPromptClosed(DateOnly weekOf) =>
        $"Checked in for the week of {Date(weekOf)}. Thank you! Your latest values are in \"My OKRs\".";

    public override string DayName(DayOfWeek day) => Culture.DateTimeFormat.GetDayName(day);

    public override string AwaySet(DateOnly until) => $"You are away until {Date(until)}: no check-in prompts or reminders until then. Type \"back\" when you return earlier.";

    public override string BackNow => "Welcome back! Your check-in prompts and reminders are on again.";

    public override string TimeZoneSet(string timeZone) => $"Your time zone is now {timeZone}: prompts arrive at your local time.";

    public override string CheckInDaySet(DayOfWeek day) => $"Your weekly check-in prompt now comes on {DayName(day)}.";

    public override string SettingsSummary(string timeZone, DayOfWeek? checkInDay, DateOnly? awayUntil) =>
        $"Time zone: {timeZone}. Check-in day: {(checkInDay is { } d ? DayName(d) : "your team's default")}." +
        (awayUntil is { } until ? $" Away until {Date(until)}." : "");

    public override string SettingsHowTo => "Change them by typing \"time zone Europe/Berlin\", \"check-in day friday\", \"away until 2026-12-24\" or \"back\".";

    public override string NobodyNamed(string name) => $"I found nobody called \"{name}\" in your organisation.";

    public override string SeveralNamed(string name, IReadOnlyList<string> names) =>
        $"Several people match \"{name}\": {string.Join(", ", names)}. Type the full name.";

    public override string NoTeam => "You are not in a team yet. Ask your OKR admin to add you to one.";

    public override string MarkedAtRisk(KrStatus status, IReadOnlyList<string> notified) =>
        $"Marked {StatusInSentence(status)}." + (notified.Count == 0 ? "" : $" {string.Join(" and ", notified)} will hear about it.");

    public override string CardValueNotANumber => "A value on the card is not a number. Please check and send again.";

    public override string Refusal(OkrErrorCode code, string? field) => (code, field) switch
    {
        (OkrErrorCode.Invalid, "items") => "A check-in covers each key result once, at least one and at most 50.",
        (OkrErrorCode.Invalid, "value") => "A value is out of range: a percentage is 0 to 100, a milestone is done or not done.",
        (OkrErrorCode.Invalid, "status") => "Choose a valid status (to flag a risk: at risk or off track).",
        (OkrErrorCode.Invalid, "confidence") => "Confidence is a whole number from 1 to 10.",
        (OkrErrorCode.Invalid, "note") => "Check the note: at most 2,000 characters, and needed when you adjust or drop a key result.",
        (OkrErrorCode.Invalid, "reason") => "Give a reason, in at most 2,000 characters.",
        (OkrErrorCode.Invalid, "keyResultId") => "That key result was dropped at the review: it takes no more check-ins or scores.",
        (OkrErrorCode.Invalid, "score") => "A score is between 0.0 and 1.0, in steps of 0.1 (for example 0.7).",
        (OkrErrorCode.Invalid, "decision") => "Choose keep, adjust or drop (a milestone can only be kept or dropped).",
        (OkrErrorCode.Invalid, "newTarget") => "That new target does not work: it must differ from the start, lie in the key result's direction, and be 0 to 100 for a percentage.",
        (OkrErrorCode.Invalid, "conversationId") => "This message does not say which conversation it belongs to.",
        (OkrErrorCode.Invalid, "serviceUrl") => "This message comes from an address that is too long to answer.",
        (OkrErrorCode.Invalid, "tenant") => "This message does not say which organisation it comes from, so I cannot answer it.",
        (OkrErrorCode.Invalid, "user") => "This message does not say who sent it, so I cannot answer it.",
        (OkrErrorCode.Invalid, "until") => "Pick an away date from today up to a year ahead, for example \"away until 2026-12-24\".",
        (OkrErrorCode.Invalid, "timeZone") => "That is not a time zone I know. Use a name like Europe/Berlin or Asia/Shanghai.",
        (OkrErrorCode.Invalid, "day") => "Pick a day of the week, for example \"check-in day friday\".",
        (OkrErrorCode.Invalid, "name") => "Say whose OKRs you want to see, for example \"okrs of Maria\".",
        (OkrErrorCode.Invalid, _) => "Something is missing or too long (at most 2,000 characters). Please check and try again.",
        (OkrErrorCode.NotFound, "keyResultId") => "That key result does not exist (it may have been deleted).",
        (OkrErrorCode.NotFound, "personId") => "There is no such person in this organisation.",
        (OkrErrorCode.NotFound, "teamId") => "There is no such team in this organisation.",
        (OkrErrorCode.NotFound, "cycleId") => "There is no such OKR cycle.",
        (OkrErrorCode.NotFound, "cycle") => "There is no active OKR cycle right now. An admin starts one in the planning step.",
        (OkrErrorCode.NotFound, "actor") => "You are not set up in this organisation yet. Ask your OKR admin to add you.",
        (OkrErrorCode.NotFound, _) => "That could not be found.",
        (OkrErrorCode.Forbidden, "keyResultId") => "Only the key result's owner, its participants and their managers can change it.",
        (OkrErrorCode.Forbidden, "actor") => "Your account is deactivated in this organisation.",
        (OkrErrorCode.Forbidden, _) => "You are not allowed to do that.",
        (OkrErrorCode.CycleNotOpen, _) => "The OKR cycle is not open for this (it is still being planned, or it is closed).",
        (OkrErrorCode.StaleWeek, _) => "This check-in card is from a week that is over. Open this week's check-in instead.",
        (OkrErrorCode.Conflict, _) => "Someone else changed the same key result at the same moment. Please try again.",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
