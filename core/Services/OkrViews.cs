using OkrBot.Core.Model;

namespace OkrBot.Core.Services;

/// <summary>The latest check-in of a KR, as a card shows it.</summary>
public sealed record LastCheckInView(decimal Value, KrStatus Status, string? Note, DateOnly WeekOf, DateTimeOffset At, string AuthorName);

/// <summary>A value another system posted for a KR (through the HTTP API), as a card mentions it.</summary>
public sealed record PostedValueView(decimal Value, string Source, DateTimeOffset At);

/// <summary>A KR with everything a card needs: progress, the status to show, the latest check-in.</summary>
/// <param name="PostedValue">
/// The current value came from another system after the latest check-in: which one, so the check-in card (prefilled with
/// that value) can say where it came from. Null once someone checks in again.
/// </param>
public sealed record KeyResultView(
    Guid Id, string Title, KeyResultKind Kind, Direction Direction, decimal StartValue, decimal TargetValue, string? Unit,
    decimal Weight, decimal CurrentValue, decimal Progress, KrStatus Status, bool StatusIsExplicit, string? StatusReason,
    int? Confidence, Guid OwnerId, string OwnerName, bool IsDropped, LastCheckInView? LastCheckIn, PostedValueView? PostedValue = null);

public sealed record ObjectiveView(
    Guid Id, string Title, string OwnerName, Guid? OwnerPersonId, Guid? OwnerTeamId, Visibility Visibility, ObjectiveState State,
    decimal Progress, IReadOnlyList<KeyResultView> KeyResults);

/// <summary>The OKRs of a person or a team in a cycle, as the viewer may see them.</summary>
public sealed record OkrList(Guid CycleId, string CycleName, DateOnly Today, DateOnly WeekOf, IReadOnlyList<ObjectiveView> Objectives)
{
    public IEnumerable<KeyResultView> KeyResults => Objectives.SelectMany(o => o.KeyResults);
}

/// <summary>One KR with its context, newest check-ins first, and whether the viewer may update it.</summary>
public sealed record KeyResultDetail(KeyResultView KeyResult, string ObjectiveTitle, string CycleName, IReadOnlyList<LastCheckInView> History, bool CanUpdate);
