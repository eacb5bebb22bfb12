using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages.Texts;

// The texts of drafting OKRs in chat and of changing published key results (docs/decisions/0015).
public abstract partial class BotText
{
    // ---- Buttons -----------------------------------------------------------------------------------------------

    public abstract string ButtonNewObjective { get; }
    public abstract string ButtonMyDrafts { get; }
    public abstract string ButtonOpenDraft { get; }
    public abstract string ButtonSaveDraft { get; }
    public abstract string ButtonEditObjective { get; }
    public abstract string ButtonAddKeyResult { get; }
    public abstract string ButtonEditKeyResult { get; }
    public abstract string ButtonRemoveKeyResult { get; }
    public abstract string ButtonSaveKeyResult { get; }
    public abstract string ButtonAlign { get; }
    public abstract string ButtonSaveAlignment { get; }
    public abstract string ButtonPublish { get; }
    public abstract string ButtonDiscard { get; }
    public abstract string ButtonChangeKeyResult { get; }
    public abstract string ButtonAskApproval { get; }
    public abstract string ButtonApplyChange { get; }
    public abstract string ButtonSendDecision { get; }

    // ---- The objective form ------------------------------------------------------------------------------------

    public abstract string NewObjectiveTitle { get; }
    public abstract string EditObjectiveTitle { get; }
    public abstract string ObjectiveFormIntro { get; }
    public abstract string LabelObjectiveTitle { get; }
    public abstract string PlaceholderObjectiveTitle { get; }
    public abstract string ErrorObjectiveTitleRequired { get; }
    public abstract string LabelDescription { get; }
    public abstract string PlaceholderDescription { get; }
    public abstract string LabelVisibility { get; }
    /// <summary>A visibility as a choice: who sees it.</summary>
    public abstract string VisibilityChoice(Visibility visibility);
    public abstract string LabelCycle { get; }
    /// <summary>A cycle as a choice: its name, marked when it is still being planned.</summary>
    public abstract string CycleChoice(string cycleName, CycleState state);

    // ---- The draft card ----------------------------------------------------------------------------------------

    public abstract string DraftLabel { get; }
    public abstract string DraftSubtitle(string ownerName, string cycleName, Visibility visibility);
    public abstract string DraftSaved { get; }
    public abstract string AlignedTo(AlignmentKind kind, string title, string ownerName);
    public abstract string NotAligned { get; }
    /// <summary>The 3×3 focus: this owner's objectives in the cycle and this objective's key results.</summary>
    public abstract string FocusSummary(int objectives, int keyResults);
    public abstract string FocusWarningText(FocusWarning warning);
    /// <summary>Above the aim of about three, not yet above the warning: a nudge.</summary>
    public abstract string FocusAboveAim(bool objectives);
    public abstract string DraftNoKeyResults { get; }
    /// <summary>A key result's shape: its kind and where it goes ("Metric · from 7 to 3 steps · weight 1").</summary>
    public abstract string KindName(KeyResultKind kind);
    public abstract string Weight(string weight);

    /// <summary>A draft key result's shape on one line: its kind, from start to target (not for a milestone), its weight.</summary>
    public string KeyResultShape(KeyResultKind kind, decimal start, decimal target, string? unit, decimal weight) => string.Join("  \u00b7  ",
        new[] { KindName(kind), kind == KeyResultKind.Milestone ? null : Range(Value(kind, start, unit), Value(kind, target, unit)), Weight(Number(weight)) }
            .OfType<string>());
    public abstract string Participants(string names);
    public abstract string KeyResultProblemText(KeyResultProblem problem);
    public abstract string MeasurabilityHintText(MeasurabilityHint hint);
    public abstract string DraftReady { get; }
    public abstract string DraftNotReady { get; }

    // ---- The key result form -----------------------------------------------------------------------------------

    public abstract string NewKeyResultTitle { get; }
    public abstract string EditKeyResultTitle { get; }
    public abstract string KeyResultFormIntro { get; }
    public abstract string LabelKeyResultTitle { get; }
    public abstract string PlaceholderKeyResultTitle { get; }
    public abstract string ErrorKeyResultTitleRequired { get; }
    public abstract string LabelKind { get; }
    public abstract string KindChoice(KeyResultKind kind);
    public abstract string LabelStart { get; }
    public abstract string LabelTarget { get; }
    public abstract string LabelUnit { get; }
    public abstract string PlaceholderUnit { get; }
    public abstract string LabelWeight { get; }
    public abstract string LabelOwner { get; }
    public abstract string LabelParticipants { get; }
    public abstract string KeyResultFormTip { get; }
    public abstract string ErrorNumber { get; }

    // ---- Aligning ----------------------------------------------------------------------------------------------

    public abstract string AlignTitle { get; }
    public abstract string AlignIntro { get; }
    public abstract string LabelAlignTo { get; }
    public abstract string AlignNoneChoice { get; }
    public abstract string AlignChoice(AlignmentSource source, AlignmentKind kind, string title, string ownerName);
    public abstract string AlignNothingToChoose { get; }

    // ---- My drafts, publishing ---------------------------------------------------------------------------------

    public abstract string MyDraftsTitle { get; }
    public abstract string DraftsEmpty { get; }
    public abstract string DraftLine(string cycleName, int keyResults, bool ready);
    public abstract string Published(string title, int keyResults, string cycleName, Visibility visibility);
    public abstract string Discarded(string title);

    // ---- Changing a published key result -----------------------------------------------------------------------

    public abstract string KrChangeTitle { get; }
    public abstract string KrChangeNeedsApproval(string approverName);
    public abstract string KrChangeAppliesNow { get; }
    /// <summary>What a change does, in a sentence's middle: "changing the target of “X” from 50 to 60" or "deleting “X”".</summary>
    public abstract string KrChangeWhat(KeyResultChangeKind kind, string keyResultTitle, string from, string to);

    /// <summary>What a stored change does, its targets written as the key result writes its values.</summary>
    public string KrChangeWhat(KeyResultChangeSummary change) => KrChangeWhat(change.Kind, change.KeyResultTitle,
        Value(change.KrKind, change.OldTarget, change.Unit), Value(change.KrKind, change.NewTarget ?? change.OldTarget, change.Unit));
    public abstract string KrChangePending(string what, string requestedBy, string approverName);
    public abstract string LabelChangeKind { get; }
    public abstract string ChangeKindChoice(KeyResultChangeKind kind);
    public abstract string LabelChangeTarget(string unit);
    public abstract string LabelChangeReason { get; }
    public abstract string PlaceholderChangeReason { get; }
    public abstract string ErrorChangeReasonRequired { get; }
    public abstract string KrTargetChanged(string from, string to);
    public abstract string KrDeleted(string keyResultTitle);
    public abstract string KrChangeAsked(string approverName, string what);

    // ---- Approving a change --------------------------------------------------------------------------------------

    public abstract string KrChangeRequestTitle { get; }
    public abstract string KrChangeRequestBody(string requestedBy, string what, string ownerName);
    public abstract string KrChangeRequestHint { get; }
    public abstract string DecisionChoice(bool approve);
    public abstract string LabelDecisionNote { get; }
    public abstract string PlaceholderDecisionNote { get; }
    public abstract string ErrorDecisionChoiceRequired { get; }
    public abstract string KrChangeOutcomeTitle(KeyResultChangeState state);
    /// <param name="forRequester">To the person who asked; otherwise to the manager who decided.</param>
    /// <param name="currentTarget">The key result's target now, for a stale change ("" when it is gone).</param>
    public abstract string KrChangeOutcome(KeyResultChangeState state, bool forRequester, string decidedBy, string requestedBy, string what, string currentTarget);
    public abstract string LabelDecisionNoteShown { get; }

    /// <summary>The refusals of drafting and of key result changes, by field; null for a field they do not use.</summary>
    protected abstract string? AuthoringRefusal(OkrErrorCode code, string? field);
}
