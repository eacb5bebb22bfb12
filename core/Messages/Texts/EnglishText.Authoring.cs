using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

public sealed partial class EnglishText
{
    public override string ButtonNewObjective => "New objective";
    public override string ButtonMyDrafts => "My drafts";
    public override string ButtonOpenDraft => "Open the draft";
    public override string ButtonSaveDraft => "Save draft";
    public override string ButtonEditObjective => "Edit objective";
    public override string ButtonAddKeyResult => "Add a key result";
    public override string ButtonEditKeyResult => "Edit";
    public override string ButtonRemoveKeyResult => "Remove";
    public override string ButtonSaveKeyResult => "Save key result";
    public override string ButtonAlign => "Align";
    public override string ButtonSaveAlignment => "Save alignment";
    public override string ButtonPublish => "Publish";
    public override string ButtonDiscard => "Discard draft";
    public override string ButtonChangeKeyResult => "Change target or delete";
    public override string ButtonAskApproval => "Ask for approval";
    public override string ButtonApplyChange => "Apply the change";
    public override string ButtonSendDecision => "Send decision";

    public override string NewObjectiveTitle => "New objective";
    public override string EditObjectiveTitle => "Edit objective";
    public override string ObjectiveFormIntro =>
        "An objective says what you want to achieve, in words that make people want to get there. Its key results will say how you measure it.";
    public override string LabelObjectiveTitle => "Objective";
    public override string PlaceholderObjectiveTitle => "e.g. Make checkout effortless";
    public override string ErrorObjectiveTitleRequired => "Give the objective a title.";
    public override string LabelDescription => "Why it matters (optional)";
    public override string PlaceholderDescription => "The context your team needs";
    public override string LabelVisibility => "Who can see it";

    public override string VisibilityChoice(Visibility visibility) => visibility switch
    {
        Visibility.Public => "Everyone in the organisation",
        Visibility.Private => "Only you, your managers and the people on its key results",
        _ => throw new ArgumentOutOfRangeException(nameof(visibility), visibility, null),
    };

    public override string LabelCycle => "Cycle";

    public override string CycleChoice(string cycleName, CycleState state) =>
        state == CycleState.Planning ? $"{cycleName} (being planned)" : cycleName;

    public override string DraftLabel => "Draft objective";
    public override string DraftSubtitle(string ownerName, string cycleName, Visibility visibility) =>
        $"{ownerName} \u00b7 {cycleName} \u00b7 {(visibility == Visibility.Private ? "private" : "public")}";
    public override string DraftSaved => "Saved. Your draft is kept as it is until you publish it.";

    public override string AlignedTo(AlignmentKind kind, string title, string ownerName) => kind == AlignmentKind.Objective
        ? $"Aligned to the objective \u201c{title}\u201d ({ownerName})"
        : $"Aligned to the key result \u201c{title}\u201d ({ownerName})";

    public override string NotAligned => "Not aligned yet: align it to your manager's or your team's OKRs, so everyone sees how the work adds up.";

    public override string FocusSummary(int objectives, int keyResults) =>
        $"Focus: objective {objectives} of about 3 this cycle \u00b7 {keyResults} key {(keyResults == 1 ? "result" : "results")} of about 3";

    public override string FocusWarningText(FocusWarning warning) => warning switch
    {
        FocusWarning.TooManyObjectives => "More than 5 objectives this cycle: when everything is a priority, nothing is. Which can wait?",
        FocusWarning.TooManyKeyResults => "More than 5 key results: keep the 3 that show best whether the objective was reached.",
        _ => throw new ArgumentOutOfRangeException(nameof(warning), warning, null),
    };

    public override string FocusAboveAim(bool objectives) => objectives
        ? "Above the 3 objectives that keep a cycle focused: is each one essential?"
        : "Above the 3 key results that usually measure an objective: could fewer say as much?";

    public override string DraftNoKeyResults => "No key results yet: add about 3 that say how you will know you got there.";

    public override string KindName(KeyResultKind kind) => kind switch
    {
        KeyResultKind.Metric => "Metric",
        KeyResultKind.Percentage => "Percentage",
        KeyResultKind.Milestone => "Milestone",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string Weight(string weight) => $"weight {weight}";
    public override string Participants(string names) => $"with {names}";

    public override string KeyResultProblemText(KeyResultProblem problem) => problem switch
    {
        KeyResultProblem.TitleMissing => "It needs a title.",
        KeyResultProblem.TargetEqualsStart => "Its target equals its start, so it cannot move: set where it should end up.",
        KeyResultProblem.TargetAgainstDirection => "Its target lies the wrong way from its start.",
        KeyResultProblem.PercentageOutOfRange => "A percentage goes from 0 to 100.",
        KeyResultProblem.MilestoneValueNotZeroOrOne => "A milestone is done or not done.",
        KeyResultProblem.WeightNotPositive => "Its weight must be above 0.",
        KeyResultProblem.ValueTooLarge => "A value is too large to be a measurement.",
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };

    public override string MeasurabilityHintText(MeasurabilityHint hint) => hint switch
    {
        MeasurabilityHint.NoTarget => "Is it measurable? It has no target yet: where should it end up?",
        MeasurabilityHint.TargetEqualsStart => "Is it measurable? Its target is where it starts.",
        MeasurabilityHint.VagueWithoutFigure => "Is it measurable? \u201cImprove\u201d or \u201cbetter\u201d with no figure leaves \u201cdone\u201d open: say from what to what.",
        MeasurabilityHint.MilestoneAsMetric => "This reads as done or not done: make it a milestone, or say how many.",
        MeasurabilityHint.PercentageAsFraction => "A percentage from 0 to 100: did you mean 20 rather than 0.2?",
        _ => throw new ArgumentOutOfRangeException(nameof(hint), hint, null),
    };

    public override string DraftReady => "Ready to publish: it is saved as a draft until you do.";
    public override string DraftNotReady => "Not ready to publish yet: fix what is marked above.";

    public override string NewKeyResultTitle => "New key result";
    public override string EditKeyResultTitle => "Edit key result";
    public override string KeyResultFormIntro =>
        "A key result measures progress towards the objective: a number from where it starts to where it should end, or a milestone that is done or not.";
    public override string LabelKeyResultTitle => "Key result";
    public override string PlaceholderKeyResultTitle => "e.g. Cut checkout steps from 7 to 3";
    public override string ErrorKeyResultTitleRequired => "Give the key result a title.";
    public override string LabelKind => "Kind";

    public override string KindChoice(KeyResultKind kind) => kind switch
    {
        KeyResultKind.Metric => "Metric: a number, up or down",
        KeyResultKind.Percentage => "Percentage: 0 to 100",
        KeyResultKind.Milestone => "Milestone: done or not done",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string LabelStart => "Start";
    public override string LabelTarget => "Target";
    public override string LabelUnit => "Unit (metrics)";
    public override string PlaceholderUnit => "e.g. steps, NPS, customers";
    public override string LabelWeight => "Weight";
    public override string LabelOwner => "Owner";
    public override string LabelParticipants => "Participants (optional)";
    public override string KeyResultFormTip => "A milestone needs no start or target. A target below the start means it should go down.";
    public override string ErrorNumber => "Enter a number.";

    public override string AlignTitle => "Align the objective";
    public override string AlignIntro => "Pick the objective or key result of your manager or your team that this one moves forward.";
    public override string LabelAlignTo => "Aligns to";
    public override string AlignNoneChoice => "Nothing: a top-level objective";

    public override string AlignChoice(AlignmentSource source, AlignmentKind kind, string title, string ownerName) =>
        (source == AlignmentSource.Manager ? "Your manager's " : "Your team's ") + (kind == AlignmentKind.Objective ? "objective: " : "key result: ") +
        $"{title} ({ownerName})";

    public override string AlignNothingToChoose => "Your manager and your team have no published OKRs in this cycle yet.";

    public override string MyDraftsTitle => "Your drafts";
    public override string DraftsEmpty => "You have no drafts. Start one with \u201cNew objective\u201d.";

    public override string DraftLine(string cycleName, int keyResults, bool ready) =>
        $"{cycleName} \u00b7 {keyResults} key {(keyResults == 1 ? "result" : "results")} \u00b7 {(ready ? "ready to publish" : "being refined")}";

    public override string Published(string title, int keyResults, string cycleName, Visibility visibility) =>
        $"Published \u201c{title}\u201d with {keyResults} key {(keyResults == 1 ? "result" : "results")} for {cycleName}. " +
        (visibility == Visibility.Private
            ? "It stays private: you, your managers and the people on its key results see it."
            : "Everyone in the organisation can see it now, and its owners check in on it every week.");

    public override string Discarded(string title) => $"The draft \u201c{title}\u201d is discarded.";

    public override string KrChangeTitle => "Change a key result";
    public override string KrChangeNeedsApproval(string approverName) =>
        $"Changes to a published key result need {approverName}'s approval: they will be asked, and you will hear back here.";
    public override string KrChangeAppliesNow => "The change applies at once, and the history keeps what it was.";

    public override string KrChangeWhat(KeyResultChangeKind kind, string keyResultTitle, string from, string to) => kind switch
    {
        KeyResultChangeKind.Target => $"changing the target of \u201c{keyResultTitle}\u201d from {from} to {to}",
        KeyResultChangeKind.Delete => $"deleting \u201c{keyResultTitle}\u201d",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string KrChangePending(string what, string requestedBy, string approverName) =>
        $"Waiting for {approverName}'s approval: {what} (asked by {requestedBy}). A new request replaces it.";

    public override string LabelChangeKind => "What to do";

    public override string ChangeKindChoice(KeyResultChangeKind kind) => kind switch
    {
        KeyResultChangeKind.Target => "Change the target",
        KeyResultChangeKind.Delete => "Delete this key result",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public override string LabelChangeTarget(string unit) => unit.Length == 0 ? "New target" : $"New target ({unit})";
    public override string LabelChangeReason => "Why";
    public override string PlaceholderChangeReason => "What changed since it was set?";
    public override string ErrorChangeReasonRequired => "Say why the key result should change.";
    public override string KrTargetChanged(string from, string to) => $"Target changed from {from} to {to}.";
    public override string KrDeleted(string keyResultTitle) => $"\u201c{keyResultTitle}\u201d is deleted; the history keeps it.";
    public override string KrChangeAsked(string approverName, string what) =>
        $"Asked {approverName} to approve {what}. You will hear back here.";

    public override string KrChangeRequestTitle => "A key result change needs your approval";
    public override string KrChangeRequestBody(string requestedBy, string what, string ownerName) =>
        $"{requestedBy} asks you to approve {what} (owner: {ownerName}).";
    public override string KrChangeRequestHint => "Targets that move quietly erode trust in OKRs: approve when the reason holds.";
    public override string DecisionChoice(bool approve) => approve ? "Approve" : "Reject";
    public override string LabelDecisionNote => "Note (optional)";
    public override string PlaceholderDecisionNote => "A word for the person who asked";
    public override string ErrorDecisionChoiceRequired => "Choose approve or reject.";

    public override string KrChangeOutcomeTitle(KeyResultChangeState state) => state switch
    {
        KeyResultChangeState.Pending => "A key result change is waiting",
        KeyResultChangeState.Applied => "Key result change approved",
        KeyResultChangeState.Rejected => "Key result change rejected",
        KeyResultChangeState.Withdrawn => "Key result change withdrawn",
        KeyResultChangeState.Stale => "Key result change not applied",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public override string KrChangeOutcome(KeyResultChangeState state, bool forRequester, string decidedBy, string requestedBy, string what, string currentTarget) =>
        (state, forRequester) switch
        {
            (KeyResultChangeState.Pending, true) => $"Your request, {what}, is waiting for approval.",
            (KeyResultChangeState.Pending, false) => $"{requestedBy}'s request, {what}, is waiting for your decision.",
            (KeyResultChangeState.Applied, true) => $"{decidedBy} approved {what}. It is in effect now.",
            (KeyResultChangeState.Applied, false) => $"You approved {what}. It is in effect now, and {requestedBy} will hear about it.",
            (KeyResultChangeState.Rejected, true) => $"{decidedBy} rejected {what}. The key result stays as it was.",
            (KeyResultChangeState.Rejected, false) => $"You rejected {what}. {requestedBy} will hear about it.",
            (KeyResultChangeState.Withdrawn, true) => $"Your request, {what}, was withdrawn or replaced by a newer one.",
            (KeyResultChangeState.Withdrawn, false) => $"{requestedBy}'s request, {what}, was withdrawn or replaced by a newer one.",
            (KeyResultChangeState.Stale, true) => $"Your request, {what}, was not applied: the key result changed since you asked" +
                                                  (currentTarget.Length > 0 ? $" (its target is {currentTarget} now)" : " (it is gone)") + ". Ask again if it is still needed.",
            (KeyResultChangeState.Stale, false) => $"Not applied: the key result changed since {requestedBy} asked" +
                                                   (currentTarget.Length > 0 ? $" (its target is {currentTarget} now)" : " (it is gone)") +
                                                   $", so approving {what} could undo someone's change. {requestedBy} will hear about it.",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };

    public override string LabelDecisionNoteShown => "Note";

    protected override string? AuthoringRefusal(OkrErrorCode code, string? field) => (code, field) switch
    {
        (OkrErrorCode.Invalid, "title") => "Give it a title of at most 300 characters.",
        (OkrErrorCode.Invalid, "description") => "The description can be at most 2,000 characters.",
        (OkrErrorCode.Invalid, "visibility") => "Choose who can see it: everyone, or only you and your managers.",
        (OkrErrorCode.Invalid, "kind") => "Choose what the key result is: a metric, a percentage or a milestone.",
        (OkrErrorCode.Invalid, "krValues") => "A start or target is out of range: a percentage goes from 0 to 100, and no value goes beyond a trillion.",
        (OkrErrorCode.Invalid, "weight") => "A weight is a number above 0, at most 100.",
        (OkrErrorCode.Invalid, "unit") => "A unit has at most 32 characters.",
        (OkrErrorCode.Invalid, "participants") => "At most 10 participants, each an active person in your organisation.",
        (OkrErrorCode.Invalid, "keyResults") => "An objective holds at most 10 key results; about 3 keep it focused.",
        (OkrErrorCode.Invalid, "noKeyResults") => "Add at least one key result before publishing: it is how you will know you got there.",
        (OkrErrorCode.Invalid, "notReady") => "Not published: some key results are not ready yet. The card shows what to fix.",
        (OkrErrorCode.Invalid, "published") => "This objective is published already: drafts are changed before publishing.",
        (OkrErrorCode.Invalid, "parentCycle") => "Align to an objective of the same cycle, or of the year it belongs to.",
        (OkrErrorCode.Invalid, "draftKeyResult") => "This key result is still a draft: change it in the draft.",
        (OkrErrorCode.Invalid, "milestoneTarget") => "A milestone's target is always done: keep it, or delete it.",
        (OkrErrorCode.Invalid, "sameTarget") => "That is its target already.",
        (OkrErrorCode.Invalid, "changeKind") => "Choose to change the target or to delete the key result.",
        (OkrErrorCode.Invalid, "decisionNote") => "The note can be at most 2,000 characters.",
        (OkrErrorCode.Invalid, "changeApplied") => "This change was approved already; there is nothing more to decide.",
        (OkrErrorCode.Invalid, "changeRejected") => "This change was rejected already; there is nothing more to decide.",
        (OkrErrorCode.Invalid, "changeWithdrawn") => "This change was withdrawn or replaced by a newer request; there is nothing to decide.",
        (OkrErrorCode.Invalid, "changeStale") => "This change could not be applied, because the key result had changed since it was asked for.",
        (OkrErrorCode.NotFound, "objectiveId") => "That draft does not exist (it may have been published or discarded).",
        (OkrErrorCode.NotFound, "owner") => "The owner must be an active person in your organisation.",
        (OkrErrorCode.NotFound, "parent") => "That objective or key result cannot be aligned to: it must be published and visible to you.",
        (OkrErrorCode.NotFound, "changeId") => "That change request does not exist.",
        (OkrErrorCode.Forbidden, "objectiveId") => "That is someone else's draft: only its author can change it.",
        (OkrErrorCode.Forbidden, "changeKeyResult") => "Only the key result's owner, the objective's owners and their managers can change its target or delete it.",
        (OkrErrorCode.Forbidden, "changeId") => "Only the key result owner's manager can approve or reject this change.",
        _ => null,
    };
}
