using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>An objective's fields as the person entered them on the card (untrusted).</summary>
/// <param name="CycleId">The cycle it is for; null: the current one.</param>
public sealed record ObjectiveInput(string? Title, string? Description = null, Visibility Visibility = Visibility.Public, Guid? CycleId = null);

/// <summary>A key result's fields as the person entered them on the card (untrusted). The direction follows from start and target.</summary>
/// <param name="Start">Empty means 0.</param>
/// <param name="Target">Empty is kept as "no target yet" (stored as the start, which the guidance points out).</param>
/// <param name="Weight">Empty means 1.</param>
/// <param name="OwnerId">Empty means the author.</param>
public sealed record KeyResultInput(
    string? Title, KeyResultKind Kind, decimal? Start = null, decimal? Target = null, string? Unit = null, decimal? Weight = null,
    Guid? OwnerId = null, IReadOnlyList<Guid>? ParticipantIds = null);

/// <summary>What a draft aligns to: a published objective or one of its key results.</summary>
public enum AlignmentKind { Objective, KeyResult }

public sealed record AlignTarget(AlignmentKind Kind, Guid Id);

/// <summary>Whose OKR an alignment choice is: the author's manager's, or their team's (or a team above it).</summary>
public enum AlignmentSource { Manager, Team }

/// <param name="ObjectiveTitle">For a key result, the objective it belongs to.</param>
public sealed record AlignmentChoice(AlignmentKind Kind, Guid Id, string Title, string OwnerName, string? ObjectiveTitle, AlignmentSource Source);

/// <summary>Someone a key result can be given to or shared with.</summary>
public sealed record PersonChoice(Guid Id, string Name);

/// <summary>A cycle a draft can be for.</summary>
public sealed record CycleChoice(Guid Id, string Name, CycleState State);

/// <summary>How the owner's focus looks: objectives in the cycle, key results in this objective, and the 3×3 warnings.</summary>
public sealed record FocusCheck(int Objectives, int KeyResults, IReadOnlyList<FocusWarning> Warnings)
{
    public bool ObjectivesAboveAim => Objectives > ThreeByThree.Aim;
    public bool KeyResultsAboveAim => KeyResults > ThreeByThree.Aim;
}

/// <summary>A key result of a draft with what stands between it and being measurable.</summary>
/// <param name="Problems">What <see cref="KeyResultRules"/> refuses at publishing.</param>
/// <param name="Hints">What <see cref="Measurability"/> suggests; guidance only.</param>
public sealed record DraftKeyResult(
    Guid Id, string Title, KeyResultKind Kind, Direction Direction, decimal Start, decimal Target, string? Unit, decimal Weight,
    Guid OwnerId, string OwnerName, IReadOnlyList<PersonChoice> Participants, IReadOnlyList<KeyResultProblem> Problems,
    IReadOnlyList<MeasurabilityHint> Hints);

/// <summary>A draft objective as its card shows it, with the guidance for refining it.</summary>
/// <param name="Parent">What it aligns to; null while it aligns to nothing.</param>
public sealed record Draft(
    Guid ObjectiveId, string Title, string? Description, Visibility Visibility, ObjectiveState State, Guid CycleId, string CycleName,
    string OwnerName, AlignmentChoice? Parent, IReadOnlyList<DraftKeyResult> KeyResults, FocusCheck Focus)
{
    /// <summary>Publishable: at least one key result, and none that <see cref="KeyResultRules"/> refuses.</summary>
    public bool IsReady => KeyResults.Count > 0 && KeyResults.All(k => k.Problems.Count == 0);
}

/// <summary>One of the person's drafts, for "my drafts".</summary>
public sealed record DraftSummary(Guid ObjectiveId, string Title, string CycleName, int KeyResults, bool IsReady, DateTimeOffset CreatedAt);

/// <summary>What the objective form shows: the draft's fields (empty for a new one) and the cycles it can be for.</summary>
public sealed record ObjectiveForm(Guid? ObjectiveId, string? Title, string? Description, Visibility Visibility, Guid CycleId, IReadOnlyList<CycleChoice> Cycles);

/// <summary>What the key result form shows: the key result's fields (empty for a new one) and who can own it or take part.</summary>
public sealed record KeyResultForm(
    Guid ObjectiveId, string ObjectiveTitle, Guid? KeyResultId, string? Title, KeyResultKind Kind, decimal? Start, decimal? Target, string? Unit,
    decimal Weight, Guid OwnerId, IReadOnlyList<Guid> ParticipantIds, IReadOnlyList<PersonChoice> People);

/// <summary>The OKRs a draft can align to.</summary>
public sealed record AlignmentChoices(Guid ObjectiveId, string DraftTitle, AlignmentChoice? Current, IReadOnlyList<AlignmentChoice> Choices);

/// <summary>What publishing did.</summary>
public sealed record PublishReceipt(Guid ObjectiveId, string Title, int KeyResults, string CycleName, Visibility Visibility, string? ParentTitle);
