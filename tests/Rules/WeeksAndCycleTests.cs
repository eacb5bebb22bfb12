using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class WeeksAndCycleTests
{
    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    [Theory]
    [InlineData("2025-06-16", DayOfWeek.Monday, "2025-06-16")]
    [InlineData("2025-06-17", DayOfWeek.Tuesday, "2025-06-16")]
    [InlineData("2025-06-18", DayOfWeek.Wednesday, "2025-06-16")]
    [InlineData("2025-06-19", DayOfWeek.Thursday, "2025-06-16")]
    [InlineData("2025-06-20", DayOfWeek.Friday, "2025-06-16")]
    [InlineData("2025-06-21", DayOfWeek.Saturday, "2025-06-16")]
    [InlineData("2025-06-22", DayOfWeek.Sunday, "2025-06-16")]
    [InlineData("2025-06-23", DayOfWeek.Monday, "2025-06-23")]
    [InlineData("2025-01-01", DayOfWeek.Wednesday, "2024-12-30")]
    [InlineData("2024-03-03", DayOfWeek.Sunday, "2024-02-26")]
    public void A_week_starts_on_the_monday_on_or_before_the_date(string date, DayOfWeek day, string monday)
    {
        Assert.Equal(day, Date(date).DayOfWeek);
        Assert.Equal(Date(monday), Weeks.StartOf(Date(date)));
    }

    [Theory]
    // Sunday evening in UTC is already Monday morning in Tokyo (UTC+9).
    [InlineData("2025-06-15T20:00:00Z", "Asia/Tokyo", "2025-06-16")]
    [InlineData("2025-06-15T20:00:00Z", "UTC", "2025-06-09")]
    [InlineData("2025-06-15T14:59:59Z", "Asia/Tokyo", "2025-06-09")]
    [InlineData("2025-06-15T15:00:00Z", "Asia/Tokyo", "2025-06-16")]
    // Monday early in UTC is still Sunday evening in Los Angeles (UTC-7 in summer, UTC-8 in winter).
    [InlineData("2025-06-16T03:00:00Z", "America/Los_Angeles", "2025-06-09")]
    [InlineData("2025-06-16T03:00:00Z", "UTC", "2025-06-16")]
    [InlineData("2025-06-16T06:59:59Z", "America/Los_Angeles", "2025-06-09")]
    [InlineData("2025-06-16T07:00:00Z", "America/Los_Angeles", "2025-06-16")]
    [InlineData("2025-01-13T07:30:00Z", "America/Los_Angeles", "2025-01-06")]
    [InlineData("2025-01-13T08:00:00Z", "America/Los_Angeles", "2025-01-13")]
    // The instant's own offset does not matter, only the zone's: 01:00 Monday at +02:00 is Sunday 23:00 UTC.
    [InlineData("2025-06-16T01:00:00+02:00", "UTC", "2025-06-09")]
    [InlineData("2025-06-16T01:00:00+02:00", "Asia/Tokyo", "2025-06-16")]
    public void The_week_of_an_instant_is_the_monday_of_the_local_calendar_week_in_the_persons_time_zone(string instant, string zoneId, string monday) =>
        Assert.Equal(Date(monday), Weeks.WeekOf(Instant(instant), TimeZoneInfo.FindSystemTimeZoneById(zoneId)));

    [Theory]
    [InlineData("2025-06-15T20:00:00Z", "Asia/Tokyo", "2025-06-16")]
    [InlineData("2025-06-16T03:00:00Z", "America/Los_Angeles", "2025-06-15")]
    [InlineData("2025-12-31T23:30:00Z", "Asia/Tokyo", "2026-01-01")]
    [InlineData("2026-01-01T05:00:00Z", "America/Los_Angeles", "2025-12-31")]
    public void The_local_date_of_an_instant_is_the_calendar_date_in_the_time_zone(string instant, string zoneId, string date) =>
        Assert.Equal(Date(date), Weeks.LocalDate(Instant(instant), TimeZoneInfo.FindSystemTimeZoneById(zoneId)));

    // 2025-01-01 .. 2025-04-10 is exactly 100 days, so day n has passed n / 100 of it.
    private static Cycle Cycle(string start, string end) => new() { Name = "Cycle", StartDate = Date(start), EndDate = Date(end) };

    [Theory]
    [InlineData("2024-12-31", 0)]
    [InlineData("2024-06-01", 0)]
    [InlineData("2025-01-01", 0.01)]
    [InlineData("2025-01-02", 0.02)]
    [InlineData("2025-02-19", 0.5)]
    [InlineData("2025-04-09", 0.99)]
    [InlineData("2025-04-10", 1)]
    [InlineData("2025-04-11", 1)]
    [InlineData("2026-01-01", 1)]
    public void The_elapsed_share_of_a_cycle_counts_whole_days_including_the_given_one(string date, double expected)
    {
        var cycle = Cycle("2025-01-01", "2025-04-10");

        Assert.Equal(100, cycle.LengthInDays);
        Assert.Equal((decimal)expected, cycle.ElapsedFraction(Date(date)));
    }

    [Theory]
    [InlineData("2025-03-31", 0)]
    [InlineData("2025-04-01", 1)]
    [InlineData("2025-04-02", 1)]
    public void A_one_day_cycle_is_all_elapsed_on_its_day(string date, double expected)
    {
        var cycle = Cycle("2025-04-01", "2025-04-01");

        Assert.Equal(1, cycle.LengthInDays);
        Assert.Equal((decimal)expected, cycle.ElapsedFraction(Date(date)));
    }

    [Fact]
    public void The_elapsed_share_of_a_quarter_that_does_not_divide_evenly_is_the_exact_fraction()
    {
        var q1 = Cycle("2025-01-01", "2025-03-31");

        Assert.Equal(90, q1.LengthInDays);
        Assert.Equal(1m / 90m, q1.ElapsedFraction(Date("2025-01-01")));
        Assert.Equal(45m / 90m, q1.ElapsedFraction(Date("2025-02-14")));
        Assert.Equal(89m / 90m, q1.ElapsedFraction(Date("2025-03-30")));
    }

    [Theory]
    [InlineData("2025-01-01", "2025-04-10", "2025-02-19")]   // 100 days: day 50, the earlier of the two middle days
    [InlineData("2025-04-01", "2025-06-30", "2025-05-16")]   // 91 days: day 46, the middle day
    [InlineData("2025-01-01", "2025-03-31", "2025-02-14")]   // 90 days: day 45
    [InlineData("2024-01-01", "2024-12-31", "2024-07-01")]   // 366 days: day 183
    [InlineData("2025-01-01", "2025-12-31", "2025-07-02")]   // 365 days: day 183, the middle day
    [InlineData("2025-01-01", "2025-01-02", "2025-01-01")]
    [InlineData("2025-01-01", "2025-01-03", "2025-01-02")]
    [InlineData("2025-01-01", "2025-01-01", "2025-01-01")]
    public void The_midpoint_of_a_cycle_is_its_middle_day_or_the_earlier_of_two(string start, string end, string midpoint) =>
        Assert.Equal(Date(midpoint), Cycle(start, end).Midpoint);

    [Theory]
    [InlineData("2024-12-31", false)]
    [InlineData("2025-01-01", true)]
    [InlineData("2025-02-19", true)]
    [InlineData("2025-04-10", true)]
    [InlineData("2025-04-11", false)]
    public void A_cycle_contains_its_start_and_end_dates_and_the_days_between(string date, bool expected) =>
        Assert.Equal(expected, Cycle("2025-01-01", "2025-04-10").Contains(Date(date)));
}
