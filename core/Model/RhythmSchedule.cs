namespace OkrBot.Core.Model;

/// <summary>
/// One layer of the weekly check-in schedule: a tenant's defaults (no team, no person), a team's overrides, or a person's.
/// Every field is optional; an empty one inherits from the layer above (person -> team -> tenant -> built-in defaults, see
/// <see cref="Rhythm.CheckInSchedule"/>). Times are local to each person's own time zone.
/// </summary>
public sealed class RhythmSchedule
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Set for a team's layer.</summary>
    public Guid? TeamId { get; set; }
    /// <summary>Set for a person's layer (Person.CheckInDay, when set, still wins for the prompt day).</summary>
    public Guid? PersonId { get; set; }
    public DayOfWeek? PromptDay { get; set; }
    public TimeOnly? PromptTime { get; set; }
    public DayOfWeek? ReminderDay { get; set; }
    public TimeOnly? ReminderTime { get; set; }
    /// <summary>How many reminders at most (0 = none); the second and later come a day apart.</summary>
    public int? MaxReminders { get; set; }
    /// <summary>Whether the manager hears about a missing check-in after <see cref="EscalationGrace"/>.</summary>
    public bool? Escalate { get; set; }
    /// <summary>How long after the last reminder (or the prompt, with no reminders) the manager hears about it.</summary>
    public TimeSpan? EscalationGrace { get; set; }
    /// <summary>The day a manager's weekly digest comes (before the team's weekly meeting).</summary>
    public DayOfWeek? DigestDay { get; set; }
    public TimeOnly? DigestTime { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
