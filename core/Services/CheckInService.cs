using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>One KR's part of a weekly check-in, as the person entered it.</summary>
public sealed record CheckInInput(Guid KeyResultId, decimal Value, KrStatus Status, int? Confidence = null, string? Note = null, string? Blockers = null);

/// <param name="Items">One entry per KR; all are recorded or none.</param>
/// <param name="ForWeek">The week the card was made for; a card from an earlier week is refused, not booked into this one.</param>
public sealed record CheckInRequest(IReadOnlyList<CheckInInput> Items, DateOnly? ForWeek = null);

/// <param name="Title">The KR as it reads now, with <paramref name="Kind"/> and <paramref name="Unit"/>: what the confirmation shows.</param>
public sealed record RecordedCheckIn(
    Guid KeyResultId, Guid CheckInId, bool Amended, decimal Progress, KrStatus Status, string Title, KeyResultKind Kind, string? Unit);

public sealed record CheckInReceipt(DateOnly WeekOf, IReadOnlyList<RecordedCheckIn> Items);

/// <summary>Weekly check-ins: several KRs at once, amended (never duplicated) within a week.</summary>
public sealed class CheckInService(OkrDatabase database, TimeProvider clock)
{
    public const int MinConfidence = 1;
    public const int MaxConfidence = 10;
    public const int MaxItems = 50;

    public Task<Result<CheckInReceipt>> RecordAsync(Actor actor, CheckInRequest request, CancellationToken ct = default)
    {
        if (Validate(request) is { } invalid) return Task.FromResult(Result<CheckInReceipt>.Fail(invalid));
        return Conflicts.RetryAsync(() => RecordOnceAsync(actor, request, ct), ct);
    }

    /// <summary>
    /// The Monday-morning path, so its reads are few and fixed whatever the number of KRs: the author with their
    /// organisation, the KRs with their objectives and cycles, this week's check-ins already made; then one save.
    /// </summary>
    private async Task<Result<CheckInReceipt>> RecordOnceAsync(Actor actor, CheckInRequest request, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var author = await Lookups.ActorWithTenantAsync(db, actor, ct);
        if (author.Error is { } authorError) return authorError;
        var (person, tenant) = author.Value;

        var now = clock.GetUtcNow();
        var zone = TimeZones.Find(person.TimeZoneId);
        var today = Weeks.LocalDate(now, zone);
        var week = Weeks.StartOf(today);
        if (request.ForWeek is { } forWeek && Weeks.StartOf(forWeek) != week)
            return Result<CheckInReceipt>.Fail(OkrErrorCode.StaleWeek,
                $"This check-in card is for the week of {forWeek:yyyy-MM-dd}; that week is over. Open this week's check-in instead.");

        var thresholds = tenant.Thresholds;
        var ids = request.Items.Select(i => i.KeyResultId).ToList();
        var accessible = await Lookups.AccessibleKeyResultsAsync(db, actor, ids, ct);
        var thisWeek = await db.CheckIns.Where(c => ids.Contains(c.KeyResultId) && c.AuthorId == actor.PersonId && c.WeekOf == week)
            .ToDictionaryAsync(c => c.KeyResultId, ct);

        var recorded = new List<RecordedCheckIn>();
        foreach (var item in request.Items)
        {
            if (!accessible.TryGetValue(item.KeyResultId, out var found)) return Lookups.KeyResultNotFound;
            var (kr, cycle, canChange) = found;

            if (!canChange)
                return Result<CheckInReceipt>.Fail(OkrErrorCode.Forbidden, $"Only the owner, participants and their managers can check in on \"{kr.Title}\".", "keyResultId");
            if (cycle.State is not (CycleState.Active or CycleState.Reviewing))
                return Result<CheckInReceipt>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is {cycle.State.ToString().ToLowerInvariant()}; check-ins are closed.");
            if (kr.IsDropped)
                return Result<CheckInReceipt>.Fail(OkrErrorCode.Invalid, $"\"{kr.Title}\" was dropped at the review; it takes no more check-ins.", "keyResultId");
            if (!KeyResultRules.AcceptsValue(kr, item.Value))
                return Result<CheckInReceipt>.Fail(OkrErrorCode.Invalid, ValueProblem(kr), "value");

            var existing = thisWeek.GetValueOrDefault(kr.Id);
            if (existing is not null && SaysTheSame(existing, item))
            {
                // A replay (the same card sent twice, a retried request): already recorded. Not a new revision, and not a
                // reason to set the KR back to this value if someone has checked in on it since.
                recorded.Add(Recorded(kr, existing, amended: true, StatusRules.EffectiveFor(kr, cycle, today, thresholds)));
                continue;
            }
            var checkIn = existing ?? new CheckIn
            {
                TenantId = actor.TenantId, KeyResultId = kr.Id, AuthorId = actor.PersonId, WeekOf = week,
                ValueBefore = kr.CurrentValue, CreatedAt = now, Revision = 0,
            };
            checkIn.Value = item.Value;
            checkIn.Status = item.Status;
            checkIn.Confidence = item.Confidence;
            checkIn.Note = Text.Clean(item.Note);
            checkIn.Blockers = Text.Clean(item.Blockers);
            checkIn.UpdatedAt = now;
            checkIn.Revision++;
            if (existing is null) db.CheckIns.Add(checkIn);

            kr.CurrentValue = item.Value;
            kr.Status = item.Status;
            kr.StatusReason = item.Status == KrStatus.OnTrack ? null : checkIn.Blockers ?? checkIn.Note ?? kr.StatusReason;
            if (item.Confidence is not null) kr.Confidence = item.Confidence;
            kr.UpdatedAt = now;
            kr.Version++;

            recorded.Add(Recorded(kr, checkIn, amended: existing is not null, StatusRules.EffectiveFor(kr, cycle, today, thresholds)));
        }

        await db.SaveChangesAsync(ct);
        return new CheckInReceipt(week, recorded);
    }

    private static RecordedCheckIn Recorded(KeyResult kr, CheckIn checkIn, bool amended, KrStatus status) =>
        new(kr.Id, checkIn.Id, amended, Progress.Of(kr), status, kr.Title, kr.Kind, kr.Unit);

    private static bool SaysTheSame(CheckIn recorded, CheckInInput item) =>
        recorded.Value == item.Value && recorded.Status == item.Status && recorded.Confidence == item.Confidence
        && recorded.Note == Text.Clean(item.Note) && recorded.Blockers == Text.Clean(item.Blockers);

    private static OkrError? Validate(CheckInRequest request)
    {
        if (request.Items is null || request.Items.Count == 0)
            return new(OkrErrorCode.Invalid, "A check-in needs at least one key result.", "items");
        if (request.Items.Count > MaxItems)
            return new(OkrErrorCode.Invalid, $"A check-in can cover at most {MaxItems} key results.", "items");
        if (request.Items.Select(i => i.KeyResultId).Distinct().Count() != request.Items.Count)
            return new(OkrErrorCode.Invalid, "Each key result can appear only once in a check-in.", "items");
        foreach (var item in request.Items)
        {
            if (!Enum.IsDefined(item.Status))
                return new(OkrErrorCode.Invalid, "The status must be on track, at risk or off track.", "status");
            if (item.Confidence is { } c && c is < MinConfidence or > MaxConfidence)
                return new(OkrErrorCode.Invalid, $"Confidence must be between {MinConfidence} and {MaxConfidence}.", "confidence");
            if (Text.TooLong(item.Note) || Text.TooLong(item.Blockers))
                return new(OkrErrorCode.Invalid, $"A note can be at most {OkrModel.TextLength} characters.", "note");
        }
        return null;
    }

    private static string ValueProblem(KeyResult kr) => kr.Kind switch
    {
        KeyResultKind.Milestone => $"\"{kr.Title}\" is a milestone: its value is 1 (done) or 0 (not done).",
        KeyResultKind.Percentage => $"\"{kr.Title}\" is a percentage: its value must be between 0 and 100.",
        _ => $"That value for \"{kr.Title}\" is out of range.",
    };
}
