using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// The weekly rhythm in people's local time, table-driven in the way of Quartz.NET's CronExpressionDstTests: several zones,
/// the weeks around their DST switches, and local times that fall into a spring-forward gap or an autumn overlap.
/// </summary>
public sealed class RhythmRulesTests
{
    private static readonly RhythmPerson Due_ = new(true, null, true, true, []);

    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static CheckInSchedule Schedule(DayOfWeek day, string time) =>
        CheckInSchedule.Default with { PromptDay = day, PromptTime = TimeOnly.Parse(time, CultureInfo.InvariantCulture) };

    // The default Friday 10:00, local, in the weeks either side of each zone's switches.
    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23", "2026-03-27T09:00:00Z")]    // CET, the Sunday after this Friday springs forward
    [InlineData("Europe/Berlin", "2026-03-30", "2026-04-03T08:00:00Z")]    // CEST
    [InlineData("Europe/Berlin", "2026-10-19", "2026-10-23T08:00:00Z")]    // CEST, the Sunday after falls back
    [InlineData("Europe/Berlin", "2026-10-26", "2026-10-30T09:00:00Z")]    // CET
    [InlineData("America/New_York", "2026-03-02", "2026-03-06T15:00:00Z")] // EST; springs forward Sunday 8 March
    [InlineData("America/New_York", "2026-03-09", "2026-03-13T14:00:00Z")] // EDT: the US switches two weeks before Europe
    [InlineData("America/New_York", "2026-03-23", "2026-03-27T14:00:00Z")] // EDT while Berlin is still on CET
    [InlineData("America/New_York", "2026-10-26", "2026-10-30T14:00:00Z")] // EDT; falls back Sunday 1 November
    [InlineData("America/New_York", "2026-11-02", "2026-11-06T15:00:00Z")] // EST
    [InlineData("Asia/Shanghai", "2026-03-23", "2026-03-27T02:00:00Z")]    // no DST
    [InlineData("Asia/Shanghai", "2026-11-16", "2026-11-20T02:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-16", "2026-11-20T04:30:00Z")]     // a half-hour offset
    [InlineData("Pacific/Auckland", "2026-03-30", "2026-04-02T21:00:00Z")] // NZDT: local Friday is Thursday in UTC
    [InlineData("Pacific/Auckland", "2026-04-06", "2026-04-09T22:00:00Z")] // NZST after falling back on 5 April
    [InlineData("Pacific/Auckland", "2026-09-21", "2026-09-24T22:00:00Z")] // NZST; springs forward Sunday 27 September
    [InlineData("Pacific/Auckland", "2026-09-28", "2026-10-01T21:00:00Z")] // NZDT
    [InlineData("UTC", "2026-11-16", "2026-11-20T10:00:00Z")]
    public void The_default_prompt_is_friday_10_00_in_the_persons_own_zone(string zone, string week, string expected)
    {
        Assert.Equal(Instant(expected), RhythmRules.PromptAt(Date(week), CheckInSchedule.Default, Zone(zone)));
    }

    // Local times on the night of a switch: a time that does not exist moves on by the gap (like java.time), a time that
    // exists twice is its first occurrence. Either way: one instant, so one prompt.
    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23", DayOfWeek.Sunday, "02:30", "2026-03-29T01:30:00Z")]    // gap 02:00-03:00 -> 03:30 CEST
    [InlineData("Europe/Berlin", "2026-03-23", DayOfWeek.Sunday, "02:00", "2026-03-29T01:00:00Z")]    // the gap's first minute -> 03:00 CEST
    [InlineData("Europe/Berlin", "2026-03-23", DayOfWeek.Sunday, "03:00", "2026-03-29T01:00:00Z")]    // just after the gap: same instant
    [InlineData("Europe/Berlin", "2026-10-19", DayOfWeek.Sunday, "02:30", "2026-10-25T00:30:00Z")]    // overlap: the CEST one, not 01:30Z
    [InlineData("Europe/Berlin", "2026-10-19", DayOfWeek.Sunday, "03:30", "2026-10-25T02:30:00Z")]    // after the overlap: CET
    [InlineData("America/New_York", "2026-03-02", DayOfWeek.Sunday, "02:30", "2026-03-08T07:30:00Z")] // gap -> 03:30 EDT
    [InlineData("America/New_York", "2026-10-26", DayOfWeek.Sunday, "01:30", "2026-11-01T05:30:00Z")] // overlap: EDT, not 06:30Z
    [InlineData("Pacific/Auckland", "2026-03-30", DayOfWeek.Sunday, "02:30", "2026-04-04T13:30:00Z")] // overlap: NZDT, not 14:30Z
    [InlineData("Pacific/Auckland", "2026-09-21", DayOfWeek.Sunday, "02:30", "2026-09-26T14:30:00Z")] // gap -> 03:30 NZDT
    public void A_local_time_in_a_dst_gap_or_overlap_resolves_to_one_instant(string zone, string week, DayOfWeek day, string time, string expected)
    {
        Assert.Equal(Instant(expected), RhythmRules.PromptAt(Date(week), Schedule(day, time), Zone(zone)));
    }

    // Minute by minute through the switch week: the prompt becomes due once, at its instant, and stays one (kind, week).
    [Theory]
    [InlineData("Europe/Berlin", "2026-03-23", DayOfWeek.Sunday, "02:30", "2026-03-29T01:30:00Z")]
    [InlineData("Europe/Berlin", "2026-10-19", DayOfWeek.Sunday, "02:30", "2026-10-25T00:30:00Z")]
    [InlineData("Europe/Berlin", "2026-03-23", DayOfWeek.Friday, "10:00", "2026-03-27T09:00:00Z")]
    [InlineData("America/New_York", "2026-03-02", DayOfWeek.Sunday, "02:30", "2026-03-08T07:30:00Z")]
    [InlineData("America/New_York", "2026-10-26", DayOfWeek.Sunday, "01:30", "2026-11-01T05:30:00Z")]
    [InlineData("Pacific/Auckland", "2026-03-30", DayOfWeek.Sunday, "02:30", "2026-04-04T13:30:00Z")]
    [InlineData("Pacific/Auckland", "2026-09-21", DayOfWeek.Sunday, "02:30", "2026-09-26T14:30:00Z")]
    [InlineData("Asia/Kolkata", "2026-11-16", DayOfWeek.Friday, "10:00", "2026-11-20T04:30:00Z")]
    [InlineData("Asia/Shanghai", "2026-11-16", DayOfWeek.Monday, "00:00", "2026-11-15T16:00:00Z")]
    public void Stepping_through_the_week_minute_by_minute_gives_exactly_one_prompt(string zone, string week, DayOfWeek day, string time, string expected)
    {
        var tz = Zone(zone);
        var schedule = Schedule(day, time) with { MaxReminders = 0 };
        var monday = Date(week);
        var from = RhythmRules.Resolve(monday.ToDateTime(TimeOnly.MinValue), tz);
        var to = RhythmRules.Resolve(monday.AddDays(7).ToDateTime(TimeOnly.MinValue), tz);
        var firstSeen = new Dictionary<string, DateTimeOffset>();
        for (var now = from.AddHours(-2); now < to.AddHours(2); now = now.AddMinutes(1))
        {
            foreach (var d in RhythmRules.Due(Due_, schedule, tz, now).Where(d => d.Kind == DeliveryKind.CheckInPrompt))
                firstSeen.TryAdd(d.PeriodKey(Guid.Empty), now);
        }

        Assert.Equal(Instant(expected), Assert.Single(firstSeen, p => p.Key == week).Value);
        // The only other prompt in the window is the previous week's (before Monday 00:00) or the next one's, never a second of this week.
        Assert.All(firstSeen.Keys, k => Assert.Contains(k, new[] { week, RhythmPeriods.Week(monday.AddDays(-7)), RhythmPeriods.Week(monday.AddDays(7)) }));
    }

    [Fact]
    public void Before_the_local_prompt_time_nothing_is_due_and_from_it_the_prompt_of_this_week_is()
    {
        var berlin = Zone("Europe/Berlin");
        // Checked in last week, so no reminder for it is still open.
        var person = Due_ with { CheckIns = [new CheckInMark(Date("2026-11-09"), Instant("2026-11-13T10:00:00Z"))] };
        Assert.Empty(RhythmRules.Due(person, CheckInSchedule.Default, berlin, Instant("2026-11-20T08:59:59Z")));
        var due = Assert.Single(RhythmRules.Due(person, CheckInSchedule.Default, berlin, Instant("2026-11-20T09:00:00Z")));
        Assert.Equal((DeliveryKind.CheckInPrompt, "2026-11-16"), (due.Kind, due.PeriodKey(Guid.Empty)));
        // Still due (idempotently) later in the week; the period key names the local week, not the UTC one.
        var auckland = Zone("Pacific/Auckland");
        var late = Assert.Single(RhythmRules.Due(person, CheckInSchedule.Default, auckland, Instant("2026-11-19T21:00:00Z")));
        Assert.Equal("2026-11-16", late.PeriodKey(Guid.Empty));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-11-23T08:59:00Z", false)] // Monday 09:59 local
    [InlineData("Europe/Berlin", "2026-11-23T09:00:00Z", true)]  // Monday 10:00 local
    [InlineData("America/New_York", "2026-11-23T14:59:00Z", false)]
    [InlineData("America/New_York", "2026-11-23T15:00:00Z", true)]
    [InlineData("Asia/Kolkata", "2026-11-23T04:30:00Z", true)]
    [InlineData("Pacific/Auckland", "2026-11-22T21:00:00Z", true)] // Monday 10:00 NZDT is Sunday in UTC
    [InlineData("Pacific/Auckland", "2026-11-22T20:59:00Z", false)]
    public void The_reminder_comes_at_the_first_local_monday_10_00_after_the_prompt(string zone, string now, bool due)
    {
        var reminders = RhythmRules.Due(Due_, CheckInSchedule.Default, Zone(zone), Instant(now)).Where(d => d.Kind == DeliveryKind.CheckInReminder).ToList();
        if (!due)
        {
            Assert.Empty(reminders);
            return;
        }

        var reminder = Assert.Single(reminders);
        Assert.Equal(("2026-11-16", 1, Instant(now)), (reminder.PeriodKey(Guid.Empty), reminder.Reminder, reminder.DueAt));
    }

    [Fact]
    public void People_who_checked_in_get_no_reminder_also_when_they_answered_on_monday_before_it()
    {
        var zone = Zone("Europe/Berlin");
        var mondayAt10 = Instant("2026-11-23T09:00:00Z");
        RhythmPerson With(params CheckInMark[] marks) => Due_ with { CheckIns = marks };

        Assert.Contains(RhythmRules.Due(With(), CheckInSchedule.Default, zone, mondayAt10), d => d.Kind == DeliveryKind.CheckInReminder);
        // Checked in during the prompt's week.
        Assert.DoesNotContain(RhythmRules.Due(With(new CheckInMark(Date("2026-11-16"), Instant("2026-11-20T12:00:00Z"))), CheckInSchedule.Default, zone, mondayAt10),
            d => d.Kind == DeliveryKind.CheckInReminder);
        // Answered Friday's prompt on Monday morning: booked into the new week, before its prompt.
        Assert.DoesNotContain(RhythmRules.Due(With(new CheckInMark(Date("2026-11-23"), Instant("2026-11-23T07:00:00Z"))), CheckInSchedule.Default, zone, mondayAt10),
            d => d.Kind == DeliveryKind.CheckInReminder);
        // A check-in two weeks back does not count.
        Assert.Contains(RhythmRules.Due(With(new CheckInMark(Date("2026-11-09"), Instant("2026-11-13T12:00:00Z"))), CheckInSchedule.Default, zone, mondayAt10),
            d => d.Kind == DeliveryKind.CheckInReminder);
    }

    [Theory]
    [InlineData(false, true, null)]          // deactivated
    [InlineData(true, false, null)]          // no key results in the active cycle
    [InlineData(true, true, "2026-11-30")]   // away
    public void Inactive_away_and_people_without_key_results_get_nothing(bool active, bool hasKrs, string? awayUntil)
    {
        var person = new RhythmPerson(active, awayUntil is null ? null : Date(awayUntil), hasKrs, true, []);
        var schedule = CheckInSchedule.Default with { EscalateAfter = TimeSpan.FromHours(1) };
        foreach (var now in new[] { "2026-11-20T12:00:00Z", "2026-11-23T12:00:00Z", "2026-11-26T12:00:00Z" })
            Assert.Empty(RhythmRules.Due(person, schedule, Zone("UTC"), Instant(now)));
        Assert.NotEmpty(RhythmRules.Due(Due_, schedule, Zone("UTC"), Instant("2026-11-23T12:00:00Z")));
    }

    [Fact]
    public void Away_until_a_date_includes_that_date_in_local_time()
    {
        var shanghai = Zone("Asia/Shanghai");
        // Away until the Friday of the prompt, that day included: the prompt is not sent then, nor after.
        var person = Due_ with { AwayUntil = Date("2026-11-20") };
        Assert.Empty(RhythmRules.Due(person, CheckInSchedule.Default, shanghai, Instant("2026-11-20T15:59:00Z")));  // Friday 23:59 local
        Assert.Empty(RhythmRules.Due(person, CheckInSchedule.Default, shanghai, Instant("2026-11-20T16:00:00Z")));  // Saturday 00:00 local
        // Away until the Thursday before: the Friday 10:00 prompt comes.
        person = Due_ with { AwayUntil = Date("2026-11-19") };
        Assert.Empty(RhythmRules.Due(person, CheckInSchedule.Default, shanghai, Instant("2026-11-19T15:59:00Z")));  // Thursday 23:59 local
        Assert.NotEmpty(RhythmRules.Due(person, CheckInSchedule.Default, shanghai, Instant("2026-11-20T02:00:00Z"))); // Friday 10:00 local
    }

    [Fact]
    public void More_reminders_come_a_day_apart_and_the_escalation_after_the_grace_following_the_last_only_with_a_manager()
    {
        var zone = Zone("America/New_York");
        var schedule = CheckInSchedule.Default with { MaxReminders = 2, EscalateAfter = TimeSpan.FromHours(4) };
        var at = (string now) => RhythmRules.Due(Due_, schedule, zone, Instant(now)).Select(d => d.PeriodKey(Guid.Empty) + " " + d.Kind).ToList();

        Assert.Equal(["2026-11-16 CheckInReminder"], at("2026-11-23T15:00:00Z"));
        Assert.Equal(["2026-11-16 CheckInReminder", "2026-11-16#2 CheckInReminder"], at("2026-11-24T15:00:00Z"));
        Assert.Equal(["2026-11-16 CheckInReminder", "2026-11-16#2 CheckInReminder", $"2026-11-16/{Guid.Empty:N} Escalation"],
            at("2026-11-24T19:00:00Z"));
        Assert.DoesNotContain(RhythmRules.Due(Due_ with { HasManager = false }, schedule, zone, Instant("2026-11-24T19:00:00Z")),
            d => d.Kind == DeliveryKind.Escalation);
        // Off by default.
        Assert.DoesNotContain(RhythmRules.Due(Due_, CheckInSchedule.Default, zone, Instant("2026-11-26T19:00:00Z")), d => d.Kind == DeliveryKind.Escalation);
        // Reminders stop when the next week's prompt is out.
        Assert.DoesNotContain(RhythmRules.Due(Due_, schedule, zone, Instant("2026-11-27T15:00:00Z")),
            d => d.Kind != DeliveryKind.CheckInPrompt && d.Week == Date("2026-11-16"));
    }

    [Fact]
    public void A_schedule_resolves_person_over_team_over_tenant_over_the_defaults_and_the_persons_own_day_wins()
    {
        var tenant = new RhythmSchedule { PromptTime = new TimeOnly(9, 0), MaxReminders = 3 };
        var team = new RhythmSchedule { PromptDay = DayOfWeek.Thursday, Escalate = true, EscalationGrace = TimeSpan.FromHours(2) };
        var person = new RhythmSchedule { ReminderTime = new TimeOnly(15, 30), MaxReminders = 0 };

        Assert.Equal(CheckInSchedule.Default, CheckInSchedule.Resolve(null, null, null, null));
        Assert.Equal(new CheckInSchedule(DayOfWeek.Thursday, new(9, 0), DayOfWeek.Monday, new(15, 30), 0, TimeSpan.FromHours(2)),
            CheckInSchedule.Resolve(tenant, team, person, null));
        Assert.Equal(DayOfWeek.Tuesday, CheckInSchedule.Resolve(tenant, team, person, DayOfWeek.Tuesday).PromptDay);
        Assert.Null(CheckInSchedule.Resolve(tenant, team, new RhythmSchedule { Escalate = false }, null).EscalateAfter);
        Assert.Equal(TimeSpan.FromDays(1), CheckInSchedule.Resolve(new RhythmSchedule { Escalate = true }, null, null, null).EscalateAfter);
    }

    [Fact]
    public void Period_keys_give_back_their_week_and_escalated_person()
    {
        var id = Guid.NewGuid();
        Assert.True(RhythmPeriods.TryWeek(RhythmPeriods.Reminder(Date("2026-11-16"), 2), out var week));
        Assert.Equal(Date("2026-11-16"), week);
        Assert.True(RhythmPeriods.TryEscalatedPerson(RhythmPeriods.Escalation(week, id), out var person));
        Assert.Equal(id, person);
        Assert.False(RhythmPeriods.TryWeek("nonsense", out _));
        Assert.Equal(Weeks.StartOf(week), week);
    }
}
