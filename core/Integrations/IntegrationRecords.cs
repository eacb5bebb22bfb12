using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Integrations;

/// <summary>One page of a longer list: <paramref name="Total"/> items match in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Offset, int Limit, int Total);

/// <summary>Which page: skip <paramref name="Offset"/> items, return at most <paramref name="Limit"/>.</summary>
public sealed record Paging(int Offset = 0, int Limit = Paging.DefaultLimit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxOffset = 1_000_000;

    /// <summary>Offsets below 0 and limits outside 1..<see cref="MaxLimit"/> are brought into range (callers validate first).</summary>
    public Paging Bounded() => new(Math.Clamp(Offset, 0, MaxOffset), Math.Clamp(Limit, 1, MaxLimit));
}

/// <summary>Which objectives: of a cycle (default: the one running today), and of a person or a team (both: the objectives that are both).</summary>
/// <param name="PersonId">Objectives the person owns, and those holding KRs they own or take part in.</param>
/// <param name="TeamId">The team's own objectives and those of its members.</param>
public sealed record ObjectiveFilter(Guid? CycleId = null, Guid? PersonId = null, Guid? TeamId = null);

/// <summary>Which check-ins: of one KR, and changed at or after an instant.</summary>
public sealed record CheckInFilter(Guid? KeyResultId = null, DateTimeOffset? Since = null);

/// <summary>Which people: of a team, reporting to a manager; deactivated people only when asked for.</summary>
public sealed record PeopleFilter(Guid? TeamId = null, Guid? ManagerId = null, bool IncludeInactive = false);

/// <summary>A KR as the API shows it: the card's view of it, plus what a system needs to link it.</summary>
public sealed record KeyResultRecord(KeyResultView View, Guid ObjectiveId, IReadOnlyList<Guid> ParticipantIds, DateTimeOffset UpdatedAt);

/// <summary>An objective as the API shows it, with its KRs.</summary>
public sealed record ObjectiveRecord(
    ObjectiveView View, Guid CycleId, string CycleName, string? Description, Guid? ParentObjectiveId, Guid? ParentKeyResultId,
    DateTimeOffset CreatedAt, IReadOnlyList<KeyResultRecord> KeyResults);

/// <summary>One check-in, whole.</summary>
public sealed record CheckInRecord(
    Guid Id, Guid KeyResultId, Guid AuthorId, string AuthorName, DateOnly WeekOf, decimal Value, decimal ValueBefore, KrStatus Status,
    int? Confidence, string? Note, string? Blockers, int Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A value another system posted for a KR.</summary>
public sealed record ValuePostRecord(
    Guid Id, Guid KeyResultId, decimal Value, decimal ValueBefore, string Source, string? Note, Guid ApiKeyId, DateTimeOffset CreatedAt);

/// <summary>One KR with its objective and cycle, its latest check-ins and its latest posted values, newest first.</summary>
public sealed record KeyResultDetailRecord(
    KeyResultRecord KeyResult, string ObjectiveTitle, Guid CycleId, string CycleName, IReadOnlyList<CheckInRecord> CheckIns,
    IReadOnlyList<ValuePostRecord> ValuePosts);
