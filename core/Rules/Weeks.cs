namespace OkrBot.Core.Rules;

/// <summary>Check-ins are per week: the Monday-based week of the person's local calendar.</summary>
public static class Weeks
{
    /// <summary>The Monday on or before <paramref name="date"/>.</summary>
    public static DateOnly StartOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The local calendar date of an instant in a time zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The Monday of the local week an instant falls in.</summary>
    public static DateOnly WeekOf(DateTimeOffset instant, TimeZoneInfo zone) => StartOf(LocalDate(instant, zone));
}
