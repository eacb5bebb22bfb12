using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

// The verbs, data keys and inputs of drafting OKRs and of changing published key results. Same contract as the rest of
// CardVerbs: every value comes back as an untrusted string; the handler parses it here and the services validate it.
public static partial class CardVerbs
{
    /// <summary>Open the form for a new objective (an <see cref="ObjectiveFormView"/>). Data: none.</summary>
    public const string DraftNew = "draft.new";

    /// <summary>Open the form of a draft's objective fields. Data: <see cref="ObjectiveKey"/>.</summary>
    public const string DraftEdit = "draft.edit";

    /// <summary>
    /// Save the objective fields: create a draft (no <see cref="ObjectiveKey"/>) or refine one. Inputs:
    /// <see cref="ObjectiveTitleInput"/> (required), <see cref="ObjectiveDescriptionInput"/>, <see cref="VisibilityInput"/>
    /// (a <see cref="Visibility"/> name), <see cref="CycleInput"/> (a cycle id). Answer: the <see cref="DraftView"/>, or the form again with the refusal.
    /// </summary>
    public const string DraftSave = "draft.save";

    /// <summary>Show a draft (a <see cref="DraftView"/>). Data: <see cref="ObjectiveKey"/>.</summary>
    public const string DraftOpen = "draft.open";

    /// <summary>Show the viewer's drafts (a <see cref="DraftListView"/>). Data: none.</summary>
    public const string DraftsMine = "drafts.mine";

    /// <summary>Open the key result form of a draft. Data: <see cref="ObjectiveKey"/>, and <see cref="KeyResultKey"/> to edit one (none to add one).</summary>
    public const string DraftKrOpen = "draft.kr.open";

    /// <summary>
    /// Save a key result of a draft. Data: as <see cref="DraftKrOpen"/>. Inputs: <see cref="KrTitleInput"/> (required),
    /// <see cref="KrKindInput"/> (a <see cref="KeyResultKind"/> name), <see cref="KrStartInput"/>, <see cref="KrTargetInput"/>,
    /// <see cref="KrWeightInput"/> (numbers, invariant culture, may be empty), <see cref="KrUnitInput"/>, <see cref="KrOwnerInput"/>
    /// (a person id), <see cref="KrParticipantsInput"/> (person ids, comma-separated). Answer: the <see cref="DraftView"/>, or the form again.
    /// </summary>
    public const string DraftKrSave = "draft.kr.save";

    /// <summary>Take a key result out of a draft. Data: <see cref="ObjectiveKey"/>, <see cref="KeyResultKey"/>.</summary>
    public const string DraftKrRemove = "draft.kr.remove";

    /// <summary>Open the alignment picker of a draft (an <see cref="AlignPickerView"/>). Data: <see cref="ObjectiveKey"/>.</summary>
    public const string DraftAlignOpen = "draft.align.open";

    /// <summary>Align a draft. Data: <see cref="ObjectiveKey"/>. Input: <see cref="AlignInput"/> (<see cref="AlignmentValue"/>, or <see cref="AlignNone"/>).</summary>
    public const string DraftAlignSave = "draft.align.save";

    /// <summary>Publish a draft. Data: <see cref="ObjectiveKey"/>. Answer: a notice, or the draft with what keeps it from being published.</summary>
    public const string DraftPublish = "draft.publish";

    /// <summary>Delete a draft. Data: <see cref="ObjectiveKey"/>.</summary>
    public const string DraftDiscard = "draft.discard";

    /// <summary>Open the change form of a published key result (a <see cref="KrChangeFormView"/>). Data: <see cref="KeyResultKey"/>.</summary>
    public const string KrChangeOpen = "kr.change.open";

    /// <summary>
    /// Ask for a change to a published key result. Data: <see cref="KeyResultKey"/>. Inputs: <see cref="ChangeKindInput"/>
    /// (a <see cref="KeyResultChangeKind"/> name), <see cref="ChangeTargetInput"/> (a number, for a target change),
    /// <see cref="ChangeReasonInput"/> (required). Answer: the key result card saying what happened or who was asked; the
    /// manager gets a <see cref="KrChangeRequestView"/> through the delivery queue.
    /// </summary>
    public const string KrChangeSubmit = "kr.change.submit";

    /// <summary>
    /// The owner's manager decides a change. Data: <see cref="ChangeKey"/>. Inputs: <see cref="DecisionChoiceInput"/>
    /// (<see cref="Approve"/> or <see cref="Reject"/>), <see cref="DecisionNoteInput"/> (optional). Answer: a
    /// <see cref="KrChangeOutcomeView"/>; the person who asked gets one through the delivery queue.
    /// </summary>
    public const string KrChangeDecide = "kr.change.decide";

    /// <summary>Data key: an objective (draft) id.</summary>
    public const string ObjectiveKey = "objective";

    /// <summary>Data key: a key result change id.</summary>
    public const string ChangeKey = "change";

    public const string ObjectiveTitleInput = "objTitle";
    public const string ObjectiveDescriptionInput = "objDescription";
    public const string VisibilityInput = "objVisibility";
    public const string CycleInput = "objCycle";
    public const string KrTitleInput = "krTitle";
    public const string KrKindInput = "krKind";
    public const string KrStartInput = "krStart";
    public const string KrTargetInput = "krTarget";
    public const string KrUnitInput = "krUnit";
    public const string KrWeightInput = "krWeight";
    public const string KrOwnerInput = "krOwner";
    public const string KrParticipantsInput = "krParticipants";
    public const string AlignInput = "alignTo";
    public const string ChangeKindInput = "changeKind";
    public const string ChangeTargetInput = "changeTarget";
    public const string ChangeReasonInput = "changeReason";
    public const string DecisionChoiceInput = "changeDecision";
    public const string DecisionNoteInput = "decisionNote";

    /// <summary>The value of the alignment input that aligns to nothing.</summary>
    public const string AlignNone = "none";

    /// <summary>The decision input's values.</summary>
    public const string Approve = "Approve";
    public const string Reject = "Reject";

    private const string AlignObjectivePrefix = "objective:";
    private const string AlignKeyResultPrefix = "kr:";

    public static CardAction DraftNewAction() => new(DraftNew);

    public static CardAction DraftsMineAction() => new(DraftsMine);

    public static CardAction DraftEditAction(Guid objectiveId) => OnObjective(DraftEdit, objectiveId);

    /// <param name="objectiveId">Null for a new draft.</param>
    public static CardAction DraftSaveAction(Guid? objectiveId) => objectiveId is { } id ? OnObjective(DraftSave, id) : new(DraftSave);

    public static CardAction DraftOpenAction(Guid objectiveId) => OnObjective(DraftOpen, objectiveId);

    /// <param name="keyResultId">Null to add a key result.</param>
    public static CardAction DraftKrOpenAction(Guid objectiveId, Guid? keyResultId = null) => OnObjectiveKeyResult(DraftKrOpen, objectiveId, keyResultId);

    public static CardAction DraftKrSaveAction(Guid objectiveId, Guid? keyResultId) => OnObjectiveKeyResult(DraftKrSave, objectiveId, keyResultId);

    public static CardAction DraftKrRemoveAction(Guid objectiveId, Guid keyResultId) => OnObjectiveKeyResult(DraftKrRemove, objectiveId, keyResultId);

    public static CardAction DraftAlignOpenAction(Guid objectiveId) => OnObjective(DraftAlignOpen, objectiveId);

    public static CardAction DraftAlignSaveAction(Guid objectiveId) => OnObjective(DraftAlignSave, objectiveId);

    public static CardAction DraftPublishAction(Guid objectiveId) => OnObjective(DraftPublish, objectiveId);

    public static CardAction DraftDiscardAction(Guid objectiveId) => OnObjective(DraftDiscard, objectiveId);

    public static CardAction KrChangeOpenAction(Guid keyResultId) => OnKeyResult(KrChangeOpen, keyResultId);

    public static CardAction KrChangeSubmitAction(Guid keyResultId) => OnKeyResult(KrChangeSubmit, keyResultId);

    public static CardAction KrChangeDecideAction(Guid changeId) => new(KrChangeDecide, new Dictionary<string, string> { [ChangeKey] = Id(changeId) });

    /// <summary>The value an alignment choice sends: <c>objective:{id}</c> or <c>kr:{id}</c>.</summary>
    public static string AlignmentValue(AlignmentKind kind, Guid id) => (kind == AlignmentKind.Objective ? AlignObjectivePrefix : AlignKeyResultPrefix) + Id(id);

    /// <summary>An alignment input's value: <see cref="AlignNone"/> (target null) or a value of <see cref="AlignmentValue"/>.</summary>
    public static bool TryParseAlignment(string? value, out AlignTarget? target)
    {
        target = null;
        if (value == AlignNone) return true;
        if (value is null) return false;
        foreach (var (prefix, kind) in new[] { (AlignObjectivePrefix, AlignmentKind.Objective), (AlignKeyResultPrefix, AlignmentKind.KeyResult) })
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParse(value.AsSpan(prefix.Length), out var id))
            {
                target = new AlignTarget(kind, id);
                return true;
            }
        }
        return false;
    }

    /// <summary>An enum input's value: exactly a member's name (no numbers), as the cards send it.</summary>
    public static bool TryParseName<T>(string? value, out T parsed) where T : struct, Enum
    {
        parsed = default;
        return value is not null && Enum.GetNames<T>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out parsed);
    }

    /// <summary>The person ids of a multi-choice input ("id,id"); false when any is not an id.</summary>
    public static bool TryParseIds(string? value, out IReadOnlyList<Guid> ids)
    {
        var list = new List<Guid>();
        ids = list;
        if (string.IsNullOrWhiteSpace(value)) return true;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Guid.TryParse(part, out var id)) return false;
            list.Add(id);
        }
        return true;
    }

    /// <summary>The value a number input is prefilled with: invariant culture, no trailing zeros.</summary>
    public static string NumberValue(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static CardAction OnObjective(string verb, Guid objectiveId) =>
        new(verb, new Dictionary<string, string> { [ObjectiveKey] = Id(objectiveId) });

    private static CardAction OnObjectiveKeyResult(string verb, Guid objectiveId, Guid? keyResultId)
    {
        var data = new Dictionary<string, string> { [ObjectiveKey] = Id(objectiveId) };
        if (keyResultId is { } kr) data[KeyResultKey] = Id(kr);
        return new(verb, data);
    }
}
