using OkrBot.Core.Model;

namespace OkrBot.Core.Rhythm;

/// <summary>
/// One person's resolved weekly check-in schedule, in their local time: the prompt, up to <see cref="MaxReminders"/>
/// reminders for people who have not checked in, and optionally an escalation to their manager after a grace period.
/// </summary>
/// <param name="EscalateAfter">How long after the last reminder (or the prompt) the manager hears about it; null = off.</param>
public sealed record CheckInSchedule(
    DayOfWeek PromptDay, TimeOnly PromptTime, DayOfWeek ReminderDay, TimeOnly ReminderTime, int MaxReminders, TimeSpan? EscalateAfter)
{
    /// <summary>The most reminders a schedule may ask for (they come a day apart, all before the next prompt).</summary>
    public const int ReminderLimit = 6;

    /// <summary>The longest escalation grace: it must land before the next week's prompt to be of use.</summary>
    public static readonly TimeSpan GraceLimit = TimeSpan.FromDays(6);

    /// <summary>The manager's weekly digest: Monday 09:00 by default, before the weekly meeting.</summary>
    public DayOfWeek DigestDay { get; init; } = DayOfWeek.Monday;

    public TimeOnly DigestTime { get; init; } = new(9, 0);

    /// <summary>Friday 10:00 prompt, Monday 10:00 reminder, one reminder, no escalation, digest Monday 09:00.</summary>
    public static readonly CheckInSchedule Default = new(DayOfWeek.Friday, new TimeOnly(10, 0), DayOfWeek.Monday, new TimeOnly(10, 0), 1, null);

    /// <summary>
    /// The schedule of a person: built-in defaults, then the tenant's layer, the team's, the person's, and finally
    /// <see cref="Person.CheckInDay"/> (the day they picked themselves). Null layers are skipped.
    /// </summary>
    public static CheckInSchedule Resolve(RhythmSchedule? tenant, RhythmSchedule? team, RhythmSchedule? person, DayOfWeek? personCheckInDay)
    {
        var schedule = Default.With(tenant).With(team).With(person);
        return personCheckInDay is { } day && Enum.IsDefined(day) ? schedule with { PromptDay = day } : schedule;
    }

    /// <summary>This schedule with the fields <paramref name="layer"/> sets taken from it.</summary>
    public CheckInSchedule With(RhythmSchedule? layer)
    {
        if (layer is null) return this;
        var escalateAfter = layer.Escalate switch
        {
            false => null,
            true => layer.EscalationGrace ?? EscalateAfter ?? TimeSpan.FromDays(1),
            null => EscalateAfter is null ? null : layer.EscalationGrace ?? EscalateAfter,
        };
        return new CheckInSchedule(
            layer.PromptDay ?? PromptDay, layer.PromptTime ?? PromptTime, layer.ReminderDay ?? ReminderDay, layer.ReminderTime ?? ReminderTime,
            Math.Clamp(layer.MaxReminders ?? MaxReminders, 0, ReminderLimit),
            escalateAfter is { } g ? (g < TimeSpan.Zero ? TimeSpan.Zero : g > GraceLimit ? GraceLimit : g) : null)
        {
            DigestDay = layer.DigestDay ?? DigestDay,
            DigestTime = layer.DigestTime ?? DigestTime,
        };
    }

    /// <summary>Whether a layer's values are ones a schedule can hold (for whoever edits them).</summary>
    public static bool IsValid(RhythmSchedule layer) =>
        (layer.MaxReminders is null or >= 0 and <= ReminderLimit)
        && (layer.EscalationGrace is null || (layer.EscalationGrace >= TimeSpan.Zero && layer.EscalationGrace <= GraceLimit))
        && (layer.PromptDay is null || Enum.IsDefined(layer.PromptDay.Value))
        && (layer.ReminderDay is null || Enum.IsDefined(layer.ReminderDay.Value))
        && (layer.DigestDay is null || Enum.IsDefined(layer.DigestDay.Value));
}
