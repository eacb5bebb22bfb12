using System.Collections.Concurrent;
using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Rhythm;

/// <summary>A check-in the rules look at: the week it was booked into and when it was first made.</summary>
public readonly record struct CheckInMark(DateOnly WeekOf, DateTimeOffset At);

/// <summary>A cycle a person owns KRs in, as far as its wrap-up goes (review, scoring, results, planning).</summary>
/// <param name="Reviewed">Every KR they own in it has a mid-cycle review decision.</param>
/// <param name="Scored">Every KR they own in it that was not dropped has a score.</param>
public sealed record CycleFacts(Guid CycleId, CycleKind Kind, CycleState State, DateOnly StartDate, DateOnly EndDate, bool Reviewed, bool Scored)
{
    /// <summary>As <see cref="Cycle.Midpoint"/>.</summary>
    public DateOnly Midpoint() => StartDate.AddDays((EndDate.DayNumber - StartDate.DayNumber) / 2);
}

/// <summary>What the rules need to know about a person, besides their schedule and time zone.</summary>
/// <param name="HasKeyResults">They own a KR (not dropped) in the cycle active on their local date.</param>
/// <param name="CheckIns">Their recent check-ins (the last two weeks are enough).</param>
public sealed record RhythmPerson(bool IsActive, DateOnly? AwayUntil, bool HasKeyResults, bool HasManager, IReadOnlyCollection<CheckInMark> CheckIns)
{
    /// <summary>
    /// The first day of the cycle they check in for: a week whose prompt came before it (before the cycle started) owes
    /// no reminder.
    /// </summary>
    public DateOnly CheckInsFrom { get; init; } = DateOnly.MinValue;

    /// <summary>They manage active people and a cycle is active on their local date: the weekly manager digest is theirs.</summary>
    public bool GetsDigest { get; init; }

    /// <summary>The cycles they own KRs in that are running or ended recently enough to be wrapped up.</summary>
    public IReadOnlyList<CycleFacts> Cycles { get; init; } = [];
}

/// <summary>One delivery the rules say is due for a person.</summary>
/// <param name="Week">The Monday of the person's local week the delivery belongs to (for cycle deliveries, the week it falls due in).</param>
/// <param name="Reminder">Which reminder (1, 2, ...); 0 for prompts, escalations, digests and each cycle's first message.</param>
/// <param name="DueAt">The instant it became due (its local time, resolved across DST).</param>
/// <param name="CycleId">The cycle, for the cycle's deliveries (review, scoring, results, planning).</param>
public sealed record DueDelivery(DeliveryKind Kind, DateOnly Week, int Reminder, DateTimeOffset DueAt, Guid? CycleId = null)
{
    /// <summary>
    /// The delivery's period key for its recipient: the week ("2026-11-16") for a prompt, a digest and the first reminder,
    /// "2026-11-16#2" for the second reminder on, "2026-11-16/{person}" for an escalation (its recipient is the manager,
    /// who gets one per late report), and the cycle ("{cycle}", reminders "{cycle}#r1", ...) for the cycle's deliveries.
    /// </summary>
    public string PeriodKey(Guid personId) => Kind switch
    {
        DeliveryKind.Escalation => RhythmPeriods.Escalation(Week, personId),
        DeliveryKind.CheckInReminder => RhythmPeriods.Reminder(Week, Reminder),
        _ when CycleId is { } cycle => RhythmPeriods.Cycle(cycle, Reminder),
        _ => RhythmPeriods.Week(Week),
    };
}

/// <summary>The period keys of the rhythm's deliveries, and the week or cycle back out of them.</summary>
public static class RhythmPeriods
{
    public static string Week(DateOnly week) => week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Reminder(DateOnly week, int n) => n <= 1 ? Week(week) : $"{Week(week)}#{n}";

    public static string Escalation(DateOnly week, Guid personId) => $"{Week(week)}/{personId:N}";

    /// <summary>A cycle's delivery: "{cycle:N}" for the first, "{cycle:N}#r{n}" for reminder n.</summary>
    public static string Cycle(Guid cycleId, int reminder = 0) => reminder <= 0 ? $"{cycleId:N}" : $"{cycleId:N}#r{reminder}";

    /// <summary>The cycle a cycle delivery's period key names, and whether the key is one of its reminders.</summary>
    public static bool TryCycle(string periodKey, out Guid cycleId, out bool isReminder)
    {
        isReminder = periodKey.Length > 32 && periodKey.AsSpan(32).StartsWith("#r");
        return Guid.TryParseExact(periodKey.Length >= 32 ? periodKey[..32] : periodKey, "N", out cycleId);
    }

    /// <summary>The week a rhythm period key names (its first ten characters).</summary>
    public static bool TryWeek(string periodKey, out DateOnly week) =>
        DateOnly.TryParseExact(periodKey.Length >= 10 ? periodKey[..10] : periodKey, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out week);

    /// <summary>The person an escalation's period key names.</summary>
    public static bool TryEscalatedPerson(string periodKey, out Guid personId)
    {
        personId = Guid.Empty;
        return periodKey.Length > 11 && periodKey[10] == '/' && Guid.TryParseExact(periodKey[11..], "N", out personId);
    }
}

/// <summary>
/// The weekly check-in rhythm as a pure function: for a person, their schedule and time zone, and an instant, which
/// deliveries are due. Everything is computed in the person's local calendar; the planner only has to call this often
/// enough (every minute) and write what it returns idempotently.
/// </summary>
/// <remarks>
/// <para>Local times are resolved to instants the way java.time resolves them leniently: a time that does not exist (in
/// the spring-forward gap) moves forward by the length of the gap (02:30 -> 03:30); a time that exists twice (in the
/// autumn overlap) is the earlier of the two. Each occurrence is one instant, and a delivery is "due" from that instant
/// on, so a local 10:00 gives exactly one prompt whatever the clocks do.</para>
/// <para>Week P's prompt is due from its local prompt time until the week ends. Its reminders and its escalation are
/// due from their own times until the next week's prompt, and only while the person has not answered week P: a check-in
/// booked into week P, or one booked into the next week before that week's prompt (a Monday answer to Friday's prompt
/// is booked into the new week).</para>
/// </remarks>
public static class RhythmRules
{
    /// <summary>Scoring stays open (and reminded) this many days after a cycle's last day; the results go out the day after.</summary>
    public const int ScoringDaysAfterEnd = 3;

    /// <summary>Scoring reminders come every this many days after the request, at the reminder time, until everything is scored.</summary>
    public const int ScoringReminderEveryDays = 2;

    /// <summary>A results digest not sent within this long after its time (the planner was down) is not sent any more.</summary>
    public static readonly TimeSpan ResultsValidFor = TimeSpan.FromDays(7);

    /// <summary>A manager digest not sent within this long after its time is stale: the next week's comes instead.</summary>
    public static readonly TimeSpan DigestValidFor = TimeSpan.FromDays(1);

    /// <summary>How many days after a cycle's end something can still be due for it (the results digest's window).</summary>
    public static int WrapUpDays => ScoringDaysAfterEnd + 1 + (int)Math.Ceiling(ResultsValidFor.TotalDays);

    /// <summary>A review request not sent within this long after its time is not sent any more (the review stays open on request).</summary>
    public static readonly TimeSpan ReviewValidFor = TimeSpan.FromDays(7);

    /// <summary>
    /// A planning reminder not sent within this long after its time is not sent any more: like the review, it is a nudge
    /// for its week. (Without an end it stayed due for the rest of the quarter, and every planner run asked the queue again
    /// for every person's reminder already sent: half the work of a Friday's run in a quarter's last month.)
    /// </summary>
    public static readonly TimeSpan PlanningValidFor = TimeSpan.FromDays(7);

    public static IReadOnlyList<DueDelivery> Due(RhythmPerson person, CheckInSchedule schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!person.IsActive) return [];
        var today = Weeks.LocalDate(now, zone);
        if (person.AwayUntil is { } until && today <= until) return [];

        var due = new List<DueDelivery>();
        var thisWeek = Weeks.StartOf(today);
        if (person.HasKeyResults) AddCheckIns(due, person, schedule, zone, now, thisWeek);
        if (person.GetsDigest && DigestAt(thisWeek, schedule, zone) is var digest && digest <= now && now < digest + DigestValidFor)
            due.Add(new DueDelivery(DeliveryKind.ManagerDigest, thisWeek, 0, digest));
        foreach (var cycle in person.Cycles) AddCycle(due, cycle, schedule, zone, now);

        // What fell due while the person was away is not sent when they are back: not the prompt, nor the reminders of a
        // week whose prompt came while they were away, nor a review or digest they were away for.
        if (person.AwayUntil is { } wasAwayUntil)
            due.RemoveAll(d => Weeks.LocalDate(d.DueAt, zone) <= wasAwayUntil
                               || (d.Kind is DeliveryKind.CheckInReminder or DeliveryKind.Escalation
                                   && Weeks.LocalDate(PromptAt(d.Week, schedule, zone), zone) <= wasAwayUntil));
        return due;
    }

    private static void AddCheckIns(List<DueDelivery> due, RhythmPerson person, CheckInSchedule schedule, TimeZoneInfo zone, DateTimeOffset now, DateOnly thisWeek)
    {
        if (PromptAt(thisWeek, schedule, zone) is var prompt && prompt <= now)
            due.Add(new DueDelivery(DeliveryKind.CheckInPrompt, thisWeek, 0, prompt));

        foreach (var week in new[] { thisWeek.AddDays(-7), thisWeek })
        {
            var expires = PromptAt(week.AddDays(7), schedule, zone);
            if (now >= expires || HasAnswered(person.CheckIns, week, schedule, zone)) continue;
            if (Weeks.LocalDate(PromptAt(week, schedule, zone), zone) < person.CheckInsFrom) continue;
            for (var n = 1; n <= schedule.MaxReminders; n++)
            {
                if (ReminderAt(week, n, schedule, zone) is var at && at <= now && at < expires)
                    due.Add(new DueDelivery(DeliveryKind.CheckInReminder, week, n, at));
            }

            if (person.HasManager && EscalationAt(week, schedule, zone) is { } escalation && escalation <= now && escalation < expires)
                due.Add(new DueDelivery(DeliveryKind.Escalation, week, 0, escalation));
        }
    }

    /// <summary>
    /// A cycle's wrap-up, each at the person's prompt (or reminder) time on its day: the mid-cycle review on their check-in
    /// day in the midpoint's week, the planning reminder on the first day of a quarter's last month, the scoring request
    /// on their check-in day in the last week with a reminder every <see cref="ScoringReminderEveryDays"/> days until
    /// everything is scored or <see cref="ScoringDaysAfterEnd"/> days after the end, and the results the day after that.
    /// </summary>
    private static void AddCycle(List<DueDelivery> due, CycleFacts cycle, CheckInSchedule schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        void Add(DeliveryKind kind, DateOnly day, int reminder, DateTimeOffset at) =>
            due.Add(new DueDelivery(kind, Weeks.StartOf(day), reminder, at, cycle.CycleId));
        DateTimeOffset At(DateOnly day, TimeOnly time) => Resolve(day.ToDateTime(time), zone);

        var ended = At(cycle.EndDate.AddDays(1), TimeOnly.MinValue);
        if (cycle.State == CycleState.Active && now < ended)
        {
            var reviewDay = ReviewDay(cycle, schedule);
            if (!cycle.Reviewed && At(reviewDay, schedule.PromptTime) is var review && review <= now && now < review + ReviewValidFor)
                Add(DeliveryKind.MidCycleReview, reviewDay, 0, review);
            if (PlanningDay(cycle) is { } planningDay && At(planningDay, schedule.PromptTime) is var planning && planning <= now
                && now < planning + PlanningValidFor)
                Add(DeliveryKind.PlanningReminder, planningDay, 0, planning);
        }

        var scoringCloses = At(cycle.EndDate.AddDays(ScoringDaysAfterEnd + 1), TimeOnly.MinValue);
        if (cycle.State is CycleState.Active or CycleState.Reviewing && !cycle.Scored && now < scoringCloses)
        {
            // The request, then only the latest reminder due: after an outage one card comes, not a pile of them.
            var scoringDay = ScoringDay(cycle, schedule);
            var latest = At(scoringDay, schedule.PromptTime) is var request && request <= now ? (Day: scoringDay, N: 0, At: request) : default;
            for (var n = 1; ; n++)
            {
                var day = scoringDay.AddDays(n * ScoringReminderEveryDays);
                var at = At(day, schedule.ReminderTime);
                if (at > now || at >= scoringCloses) break;
                latest = (day, n, at);
            }

            if (latest != default) Add(DeliveryKind.ScoringPrompt, latest.Day, latest.N, latest.At);
        }

        var resultsDay = cycle.EndDate.AddDays(ScoringDaysAfterEnd + 1);
        if (cycle.State != CycleState.Planning && At(resultsDay, schedule.PromptTime) is var results && results <= now && now < results + ResultsValidFor)
            Add(DeliveryKind.ResultsDigest, resultsDay, 0, results);
    }

    /// <summary>
    /// Whether <see cref="Due"/> can read <see cref="RhythmPerson.CheckIns"/> at <paramref name="now"/> for someone with this
    /// schedule in this zone: only a reminder or an escalation already due (and not yet expired) asks whether the person
    /// answered. When false, the planner need not read their check-ins: what is due is the same without them.
    /// </summary>
    public static bool AnswersCanMatter(CheckInSchedule schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        var thisWeek = Weeks.StartOf(Weeks.LocalDate(now, zone));
        foreach (var week in (ReadOnlySpan<DateOnly>)[thisWeek.AddDays(-7), thisWeek])
        {
            if (now >= PromptAt(week.AddDays(7), schedule, zone)) continue;
            // Reminders come a day apart after the first, so the first is the earliest.
            if (schedule.MaxReminders > 0 && ReminderAt(week, 1, schedule, zone) <= now) return true;
            if (EscalationAt(week, schedule, zone) is { } escalation && escalation <= now) return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <see cref="Due"/> can read <see cref="CycleFacts.Reviewed"/> at <paramref name="now"/> for anyone, whatever
    /// their zone and schedule: only while the review request is within <see cref="ReviewValidFor"/> of its day. When false,
    /// the planner need not look reviews up.
    /// </summary>
    public static bool ReviewCanBeDue(CycleFacts cycle, DateTimeOffset now)
    {
        if (cycle.State != CycleState.Active) return false;
        var week = Weeks.StartOf(cycle.Midpoint());
        // The request's day is in the midpoint's week; it stays due for ReviewValidFor (a day more for a DST shift).
        return OnSomeLocalDay(now, Clamp(week, cycle), Clamp(week.AddDays(6), cycle).AddDays((int)Math.Ceiling(ReviewValidFor.TotalDays) + 1));
    }

    /// <summary>
    /// Whether <see cref="Due"/> can read <see cref="CycleFacts.Scored"/> at <paramref name="now"/> for anyone: only from
    /// the scoring request's day (in the cycle's last seven days) until scoring closes. When false, the planner need not
    /// look scores up.
    /// </summary>
    public static bool ScoringCanBeDue(CycleFacts cycle, DateTimeOffset now) =>
        cycle.State is CycleState.Active or CycleState.Reviewing
        && OnSomeLocalDay(now, Clamp(cycle.EndDate.AddDays(-6), cycle), cycle.EndDate.AddDays(ScoringDaysAfterEnd + 1));

    /// <summary>
    /// Whether <paramref name="now"/> can be on a local date from <paramref name="from"/> to <paramref name="to"/> in some
    /// zone: local dates are at most a day from the UTC date (offsets span -12 to +14 hours).
    /// </summary>
    private static bool OnSomeLocalDay(DateTimeOffset now, DateOnly from, DateOnly to)
    {
        var utc = DateOnly.FromDateTime(now.UtcDateTime);
        return utc >= from.AddDays(-1) && utc <= to.AddDays(1);
    }

    /// <summary>The person's check-in day in the week of the cycle's midpoint (kept inside the cycle).</summary>
    public static DateOnly ReviewDay(CycleFacts cycle, CheckInSchedule schedule) =>
        Clamp(Weeks.StartOf(cycle.Midpoint()).AddDays(DaysFromMonday(schedule.PromptDay)), cycle);

    /// <summary>The person's check-in day in the cycle's last seven days (its first of them, for a cycle shorter than a week).</summary>
    public static DateOnly ScoringDay(CycleFacts cycle, CheckInSchedule schedule)
    {
        var first = Clamp(cycle.EndDate.AddDays(-6), cycle);
        for (var day = first; day <= cycle.EndDate; day = day.AddDays(1))
            if (day.DayOfWeek == schedule.PromptDay) return day;
        return first;
    }

    /// <summary>The first day of a quarterly cycle's last month (its start, if later); null for other kinds of cycle.</summary>
    public static DateOnly? PlanningDay(CycleFacts cycle) =>
        cycle.Kind == CycleKind.Quarterly ? Clamp(new DateOnly(cycle.EndDate.Year, cycle.EndDate.Month, 1), cycle) : null;

    private static DateOnly Clamp(DateOnly day, CycleFacts cycle) =>
        day < cycle.StartDate ? cycle.StartDate : day > cycle.EndDate ? cycle.EndDate : day;

    /// <summary>When the manager digest of week <paramref name="week"/> is due (its Monday given).</summary>
    public static DateTimeOffset DigestAt(DateOnly week, CheckInSchedule schedule, TimeZoneInfo zone) =>
        Resolve(week.AddDays(DaysFromMonday(schedule.DigestDay)).ToDateTime(schedule.DigestTime), zone);

    /// <summary>
    /// The check-in week a digest sent at <paramref name="at"/> reports on: the week of the latest prompt by then (with the
    /// default Friday prompt and Monday digest, last week's, whose answers came in over the weekend).
    /// </summary>
    public static DateOnly ReportedWeek(DateTimeOffset at, CheckInSchedule schedule, TimeZoneInfo zone)
    {
        var week = Weeks.StartOf(Weeks.LocalDate(at, zone));
        return PromptAt(week, schedule, zone) <= at ? week : week.AddDays(-7);
    }

    /// <summary>When week <paramref name="week"/>'s prompt is due (its Monday given).</summary>
    public static DateTimeOffset PromptAt(DateOnly week, CheckInSchedule schedule, TimeZoneInfo zone) =>
        Resolve(PromptLocal(week, schedule), zone);

    /// <summary>
    /// Reminder <paramref name="n"/> (from 1) of week <paramref name="week"/>: the first reminder day and time after the
    /// prompt (local), and each further one a day later.
    /// </summary>
    public static DateTimeOffset ReminderAt(DateOnly week, int n, CheckInSchedule schedule, TimeZoneInfo zone)
    {
        var prompt = PromptLocal(week, schedule);
        var first = week.AddDays(DaysFromMonday(schedule.ReminderDay)).ToDateTime(schedule.ReminderTime);
        while (first <= prompt) first = first.AddDays(7);
        return Resolve(first.AddDays(Math.Max(0, n - 1)), zone);
    }

    /// <summary>When the manager hears about week <paramref name="week"/>: the grace after the last reminder (or the prompt); null when off.</summary>
    public static DateTimeOffset? EscalationAt(DateOnly week, CheckInSchedule schedule, TimeZoneInfo zone) =>
        schedule.EscalateAfter is not { } grace ? null
        : (schedule.MaxReminders > 0 ? ReminderAt(week, schedule.MaxReminders, schedule, zone) : PromptAt(week, schedule, zone)) + grace;

    /// <summary>
    /// Whether the person answered week <paramref name="week"/>'s prompt: a check-in booked into that week, or one booked
    /// into the next week before the next prompt was due.
    /// </summary>
    public static bool HasAnswered(IEnumerable<CheckInMark> checkIns, DateOnly week, CheckInSchedule schedule, TimeZoneInfo zone)
    {
        var next = week.AddDays(7);
        DateTimeOffset? nextPrompt = null;
        foreach (var c in checkIns)
        {
            if (c.WeekOf == week) return true;
            if (c.WeekOf == next && c.At < (nextPrompt ??= PromptAt(next, schedule, zone))) return true;
        }

        return false;
    }

    /// <summary>
    /// The instant a local date and time stand for in <paramref name="zone"/>: a time in the spring-forward gap moves on
    /// by the gap's length, a time in the autumn overlap is its earlier occurrence.
    /// </summary>
    public static DateTimeOffset Resolve(DateTime local, TimeZoneInfo zone)
    {
        // Remembered: a planner run asks the same few local times (each schedule's prompt, reminder, digest on a few days)
        // for every person of a zone, and the zone's rules take microseconds to consult each time.
        var key = (zone.Id, local.Ticks);
        if (Resolved.TryGetValue(key, out var at)) return at;
        at = ResolveInZone(local, zone);
        if (Resolved.Count >= ResolvedLimit) Resolved.Clear();
        Resolved[key] = at;
        return at;
    }

    /// <summary>Local times resolved so far, by zone id and local ticks (a zone's rules do not change while the process runs).</summary>
    private static readonly ConcurrentDictionary<(string Zone, long Ticks), DateTimeOffset> Resolved = new();

    /// <summary>Enough for every zone's times of a few weeks; past it the memory starts over rather than grow.</summary>
    private const int ResolvedLimit = 50_000;

    private static DateTimeOffset ResolveInZone(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The offsets on either side of the gap; the gap is their difference. The offset before it applies to the wall time.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            var after = zone.GetUtcOffset(local.AddHours(3));
            var gap = after - before;
            return new DateTimeOffset(local.Add(gap), after);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTime PromptLocal(DateOnly week, CheckInSchedule schedule) =>
        week.AddDays(DaysFromMonday(schedule.PromptDay)).ToDateTime(schedule.PromptTime);

    private static int DaysFromMonday(DayOfWeek day) => ((int)day + 6) % 7;
}
