using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Rhythm;

/// <summary>A check-in the rules look at: the week it was booked into and when it was first made.</summary>
public readonly record struct CheckInMark(DateOnly WeekOf, DateTimeOffset At);

/// <summary>What the rules need to know about a person, besides their schedule and time zone.</summary>
/// <param name="HasKeyResults">They own a KR (not dropped) in the cycle active on their local date.</param>
/// <param name="CheckIns">Their recent check-ins (the last two weeks are enough).</param>
public sealed record RhythmPerson(bool IsActive, DateOnly? AwayUntil, bool HasKeyResults, bool HasManager, IReadOnlyCollection<CheckInMark> CheckIns);

/// <summary>One delivery the rules say is due for a person.</summary>
/// <param name="Week">The Monday of the person's local week the prompt was for.</param>
/// <param name="Reminder">Which reminder (1, 2, ...); 0 for prompts and escalations.</param>
/// <param name="DueAt">The instant it became due (its local time, resolved across DST).</param>
public sealed record DueDelivery(DeliveryKind Kind, DateOnly Week, int Reminder, DateTimeOffset DueAt)
{
    /// <summary>
    /// The delivery's period key for its recipient: the week ("2026-11-16") for a prompt and the first reminder,
    /// "2026-11-16#2" for the second reminder on, and "2026-11-16/{person}" for an escalation (its recipient is the
    /// manager, who gets one per late report).
    /// </summary>
    public string PeriodKey(Guid personId) => Kind switch
    {
        DeliveryKind.Escalation => RhythmPeriods.Escalation(Week, personId),
        DeliveryKind.CheckInReminder => RhythmPeriods.Reminder(Week, Reminder),
        _ => RhythmPeriods.Week(Week),
    };
}

/// <summary>The period keys of the rhythm's deliveries, and the week back out of them.</summary>
public static class RhythmPeriods
{
    public static string Week(DateOnly week) => week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Reminder(DateOnly week, int n) => n <= 1 ? Week(week) : $"{Week(week)}#{n}";

    public static string Escalation(DateOnly week, Guid personId) => $"{Week(week)}/{personId:N}";

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
    public static IReadOnlyList<DueDelivery> Due(RhythmPerson person, CheckInSchedule schedule, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!person.IsActive || !person.HasKeyResults) return [];
        var today = Weeks.LocalDate(now, zone);
        if (person.AwayUntil is { } until && today <= until) return [];

        var due = new List<DueDelivery>();
        var thisWeek = Weeks.StartOf(today);
        if (PromptAt(thisWeek, schedule, zone) is var prompt && prompt <= now)
            due.Add(new DueDelivery(DeliveryKind.CheckInPrompt, thisWeek, 0, prompt));

        foreach (var week in new[] { thisWeek.AddDays(-7), thisWeek })
        {
            var expires = PromptAt(week.AddDays(7), schedule, zone);
            if (now >= expires || HasAnswered(person.CheckIns, week, schedule, zone)) continue;
            for (var n = 1; n <= schedule.MaxReminders; n++)
            {
                if (ReminderAt(week, n, schedule, zone) is var at && at <= now && at < expires)
                    due.Add(new DueDelivery(DeliveryKind.CheckInReminder, week, n, at));
            }

            if (person.HasManager && EscalationAt(week, schedule, zone) is { } escalation && escalation <= now && escalation < expires)
                due.Add(new DueDelivery(DeliveryKind.Escalation, week, 0, escalation));
        }

        return due;
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
