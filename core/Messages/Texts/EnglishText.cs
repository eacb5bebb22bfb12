using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

/// <summary>English, for every locale that is not Chinese.</summary>
public sealed partial class EnglishText : BotText
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
        new("review", "at mid-cycle: keep, adjust or drop each of your key results"),
        new("score", "at the end of the cycle: score your key results from 0.0 to 1.0"),
        new("win: the onboarding guide is live", "record a small win; your team hears about it in the weekly digest"),
        new("new objective", "draft an objective and its key results, align it and publish it"),
        new("my drafts", "your draft objectives, to refine and publish"),
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
    public override string ValuePostedBy(string source, string value) => $"Last updated by {source}: {value}";
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

    protected override string NameSeparator => ", ";
    protected override string LabelColon => ": ";
    public override string NowAndTarget(string current, string target) => $"now {current}, target {target}";
    public override string ItemRefusal(string keyResultTitle, string refusal) => $"\u201c{keyResultTitle}\u201d: {refusal}";
    public override string PartlySaved(int count) =>
        $"The {(count == 1 ? "key result" : $"{count} key results")} before it {(count == 1 ? "was" : "were")} saved.";
    public override string MoreObjectivesNotShown(int count) =>
        $"{count} more {(count == 1 ? "objective does" : "objectives do")} not fit on this card.";

    public override string ButtonReview => "Review my key results";
    public override string ButtonSubmitReview => "Submit review";
    public override string ButtonChangeReview => "Change my review";
    public override string ReviewTitle => "Mid-cycle review";
    public override string ReviewSubtitle(string personName, string cycleName, DateOnly midpoint) =>
        $"{personName} \u00b7 {cycleName} \u00b7 halfway on {Date(midpoint)}";
    public override string ReviewIntro =>
        "Halfway through the cycle: keep each key result, adjust its target, or drop it if it no longer matters. " +
        "Adjusting or dropping needs a note: it is what the team learns from.";
    public override string ReviewReminder => "A reminder: your mid-cycle review is still open. It takes a few minutes.";
    public override string ReviewAlreadyDone => "You already reviewed: submitting again updates your decisions.";
    public override string ReviewNothingToDo(string cycleName) => $"You own no key results in {cycleName}, so there is nothing to review.";

    public override string Decision(ReviewDecisionKind decision) => decision switch
    {
        ReviewDecisionKind.Keep => "Keep",
        ReviewDecisionKind.Adjust => "Adjust the target",
        ReviewDecisionKind.Drop => "Drop",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    public override string LabelDecision => "Decision";
    public override string LabelNewTarget => "New target (when you adjust)";
    public override string LabelNewTargetWithUnit(string unit) => $"New target in {unit} (when you adjust)";
    public override string LabelReviewNote => "Note (needed to adjust or drop)";
    public override string PlaceholderReviewNote => "What did you learn, and why this decision?";
    public override string ErrorDecisionRequired => "Choose keep, adjust or drop.";
    public override string ErrorNewTarget => "Enter the new target as a number.";

    public override string ReviewDoneTitle => "Review recorded";
    public override string ReviewDoneSummary(int count, string cycleName) =>
        $"{count} key {(count == 1 ? "result" : "results")} reviewed for {cycleName}. Thank you!";
    public override string ReviewKept => "Kept as it is";
    public override string ReviewAdjusted(string previousTarget, string newTarget) => $"Target adjusted from {previousTarget} to {newTarget}";
    public override string ReviewTargetNow(string target) => $"Target adjusted to {target}";
    public override string ReviewDropped => "Dropped: it no longer counts towards progress or scores";
    public override string ReviewUndecided(int count) =>
        $"{count} key {(count == 1 ? "result has" : "results have")} no decision yet.";

    public override string ButtonScore => "Score my key results";
    public override string ButtonSubmitScores => "Submit scores";
    public override string ButtonChangeScores => "Change my scores";
    public override string ScoringTitle => "End-of-cycle scoring";
    public override string ScoringSubtitle(string personName, string cycleName, DateOnly endDate) =>
        $"{personName} \u00b7 {cycleName} \u00b7 ends {Date(endDate)}";
    public override string ScoringIntro =>
        "Score each key result from 0.0 to 1.0 and say why. 0.7 is the healthy aim: a 1.0 asks whether the target was too low, " +
        "a 0 asks what happened. The score its progress suggests is filled in to start from.";
    public override string ScoringReminder => "A reminder: some of your key results have no score yet.";
    public override string ScoringAlreadyDone => "You already scored: submitting again updates your scores.";
    public override string ScoringNothingToDo(string cycleName) => $"You own no key results to score in {cycleName}.";
    public override string SuggestedScore(string score) => $"Suggested from progress: {score}";
    public override string LabelScore => "Score (0.7 is the healthy aim)";
    public override string LabelScoreReason => "Why this score?";
    public override string PlaceholderScoreReason => "What worked, and what did not?";
    public override string ErrorScoreRequired => "Choose a score from 0.0 to 1.0.";
    public override string ErrorScoreReasonRequired => "Every score needs a reason.";

    public override string ScoringDoneTitle => "Scores recorded";
    public override string ScoringDoneSummary(int count, string cycleName) =>
        $"{count} key {(count == 1 ? "result" : "results")} scored for {cycleName}. Thank you!";
    public override string ScoreLine(string score, string suggested) => $"Score {score} \u00b7 suggested {suggested}";

    public override string ScoreHintText(ScoreHint hint) => hint switch
    {
        ScoreHint.Healthy => "In the healthy zone around the 0.7 aim.",
        ScoreHint.BelowAim => "Below the 0.7 aim: what got in the way?",
        ScoreHint.TargetMaybeTooLow => "A full 1.0: was the target too low? Aim higher next cycle.",
        ScoreHint.ZeroNeedsExplanation => "A 0: explain what happened, so the team can learn from it.",
        _ => throw new ArgumentOutOfRangeException(nameof(hint), hint, null),
    };

    public override string ScoringUnscored(int count) =>
        $"{count} key {(count == 1 ? "result has" : "results have")} no score yet.";

    public override string DigestTitle => "Your team this week";
    public override string DigestSubtitle(string managerName, DateOnly weekOf, string cycleName) =>
        $"{managerName} \u00b7 week of {Date(weekOf)} \u00b7 {cycleName}";
    public override string DigestCompletion(int checkedIn, int expected) => $"{checkedIn} of {expected} checked in";
    public override string DigestNobodyExpected => "Nobody in your team had key results to check in on this week.";
    public override string DigestEveryoneCheckedIn => "Everyone has checked in.";
    public override string DigestMissingLabel => "Not checked in yet";
    public override string DigestAwayLabel => "Away";
    public override string DigestRisksTitle(int count) => $"At risk or off track ({count})";
    public override string DigestNoRisks => "No key result is at risk or off track.";
    public override string DigestMoversTitle => "Biggest movers this week";
    public override string DigestNoMovers => "No key result moved this week.";
    public override string DigestObjectivesTitle => "Objectives";
    public override string DigestNoObjectives => "Your reports have no objectives of their own in this cycle.";
    public override string DigestWinsTitle(int count) => count == 1 ? "1 small win" : $"{count} small wins";
    public override string ProgressMoved(int points, string before, string now) =>
        $"{SignedPoints(points)} {(Math.Abs(points) == 1 ? "pt" : "pts")} ({before} \u2192 {now})";

    public override string ResultsTitle(string cycleName) => $"Results of {cycleName}";
    public override string ResultsForTeam(string teamName) => $"The {teamName} team and its members";
    public override string ResultsOwn => "Your objectives";
    public override string ResultsSummary(int scored, int total) => $"{scored} of {total} key {(total == 1 ? "result" : "results")} scored";
    public override string ScoreOf(string score) => $"Score {score}";
    public override string NotScoredYet => "Not scored yet";
    public override string ResultsEmpty => "There are no results to show for this cycle.";

    public override string PlanningTitle => "Time to plan the next cycle";
    public override string PlanningEnds(string cycleName, DateOnly endDate) => $"{cycleName} ends on {Date(endDate)}.";
    public override string PlanningNext(string nextCycleName, DateOnly? start) => start is { } s
        ? $"Draft your OKRs for {nextCycleName}, which starts on {Date(s)}."
        : $"Draft your OKRs for {nextCycleName}.";
    public override string PlanningNoNextCycle => "Start drafting your OKRs for the next cycle now, so they are ready when it begins.";
    public override string PlanningTips =>
        "Carry over what is unfinished, align with your manager's and your team's objectives, and stay focused: " +
        "about 3 objectives with about 3 key results each.";

    public override string DayName(DayOfWeek day) => Culture.DateTimeFormat.GetDayName(day);

    public override string AwaySet(DateOnly until) => $"You are away until {Date(until)}: no check-in prompts or reminders until then. Type \"back\" when you return earlier.";

    public override string BackNow => "Welcome back! Your check-in prompts and reminders are on again.";

    public override string SmallWinRecorded => "Nice one! Your small win is in this week's team digest.";

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
        _ when AuthoringRefusal(code, field) is { } authoring => authoring,
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
        (OkrErrorCode.Invalid, "targetMissing") => "Adjusting a key result needs its new target.",
        (OkrErrorCode.Invalid, "card") => "This card no longer matches your key results in this cycle. Here it is again, up to date.",
        (OkrErrorCode.Invalid, "conversationId") => "This message does not say which conversation it belongs to.",
        (OkrErrorCode.Invalid, "serviceUrl") => "This message comes from an address that is too long to answer.",
        (OkrErrorCode.Invalid, "tenant") => "This message does not say which organisation it comes from, so I cannot answer it.",
        (OkrErrorCode.Invalid, "user") => "This message does not say who sent it, so I cannot answer it.",
        (OkrErrorCode.NotFound, "person") => "That person is not in your organisation.",
        (OkrErrorCode.Invalid, "win") => "Say what went well, in at most 280 characters, for example \"win: the onboarding guide is live\".",
        (OkrErrorCode.Invalid, "winsPerWeek") => "That is 10 small wins this week already: keep the next one for next week.",
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
