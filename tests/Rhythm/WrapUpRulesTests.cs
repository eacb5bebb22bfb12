using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Rhythm;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// The cycle's wrap-up and the manager digest in people's local time: 2026 Q4 (1 October to 31 December, midpoint
/// Sunday 15 November) with the default schedule (check-in Friday 10:00, reminders Monday 10:00, digest Monday 09:00).
/// </summary>
public sealed class WrapUpRulesTests
{
    private static readonly Guid CycleId = Guid.Parse("0194a1b2-0000-7000-8000-000000000001");
    private static readonly CycleFacts Quarter = new(CycleId, CycleKind.Quarterly, CycleState.Active, new(2026, 10, 1), new(2026, 12, 31), false, false);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static RhythmPerson Owner(CycleFacts? cycle = null, DateOnly? awayUntil = null) =>
        new(true, awayUntil, HasKeyResults: false, HasManager: false, []) { Cycles = [cycle ?? Quarter] };

    private static DateTimeOffset Local(string local, TimeZoneInfo zone) =>
        RhythmRules.Resolve(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), zone);

    private static IReadOnlyList<DueDelivery> Due(RhythmPerson person, string local, TimeZoneInfo? zone = null, CheckInSchedule? schedule = null) =>
        RhythmRules.Due(person, schedule ?? CheckInSchedule.Default, zone ?? Berlin, Local(local, zone ?? Berlin));

    private static string[] Keys(IEnumerable<DueDelivery> due) => [.. due.Select(d => $"{d.Kind} {d.PeriodKey(Guid.Empty)}").Order()];

    [Theory]
    [InlineData("2026-11-13 09:59", false)]
    [InlineData("2026-11-13 10:00", true)]  // Friday of the midpoint's week, the check-in time
    [InlineData("2026-11-20 09:59", true)]  // open for a week
    [InlineData("2026-11-20 10:00", false)]
    public void The_review_comes_with_the_check_in_of_the_midpoints_week_and_is_open_for_a_week(string local, bool due)
    {
        Assert.Equal(due, Due(Owner(), local).Any(d => d.Kind == DeliveryKind.MidCycleReview));
    }

    [Fact]
    public void No_review_for_someone_who_reviewed_already_or_in_a_cycle_that_is_not_active()
    {
        Assert.DoesNotContain(Due(Owner(Quarter with { Reviewed = true }), "2026-11-13 12:00"), d => d.Kind == DeliveryKind.MidCycleReview);
        Assert.DoesNotContain(Due(Owner(Quarter with { State = CycleState.Reviewing }), "2026-11-13 12:00"), d => d.Kind == DeliveryKind.MidCycleReview);
    }

    [Fact]
    public void The_planning_reminder_comes_once_on_the_first_day_of_a_quarters_last_month_stays_due_a_week_and_never_for_other_cycles()
    {
        Assert.DoesNotContain(Due(Owner(), "2026-12-01 09:59"), d => d.Kind == DeliveryKind.PlanningReminder);
        var planning = Assert.Single(Due(Owner(), "2026-12-01 10:00"), d => d.Kind == DeliveryKind.PlanningReminder);
        Assert.Equal($"{CycleId:N}", planning.PeriodKey(Guid.Empty));
        // A planner that was down for days still sends it within the week; after that it is not sent late.
        Assert.Contains(Due(Owner(), "2026-12-08 09:59"), d => d.Kind == DeliveryKind.PlanningReminder);
        Assert.DoesNotContain(Due(Owner(), "2026-12-08 10:00"), d => d.Kind == DeliveryKind.PlanningReminder);
        Assert.DoesNotContain(Due(Owner(), "2026-12-31 23:59"), d => d.Kind == DeliveryKind.PlanningReminder);
        Assert.DoesNotContain(Due(Owner(Quarter with { Kind = CycleKind.Monthly }), "2026-12-01 10:00"), d => d.Kind == DeliveryKind.PlanningReminder);
        Assert.DoesNotContain(Due(Owner(Quarter with { Kind = CycleKind.Annual }), "2026-12-01 10:00"), d => d.Kind == DeliveryKind.PlanningReminder);
    }

    // Scoring: the request with the check-in of the last week (Friday 25 December), then a reminder every other day at
    // 10:00 until scoring closes three days after the end (Monday 4 January, 00:00); only the latest is due at a time.
    [Theory]
    [InlineData("2026-12-25 09:59", null)]
    [InlineData("2026-12-25 10:00", "")]
    [InlineData("2026-12-27 09:59", "")]
    [InlineData("2026-12-27 10:00", "#r1")]
    [InlineData("2026-12-29 10:00", "#r2")]
    [InlineData("2026-12-31 10:00", "#r3")]
    [InlineData("2027-01-02 10:00", "#r4")]
    [InlineData("2027-01-03 23:59", "#r4")]
    [InlineData("2027-01-04 00:00", null)]
    public void Scoring_is_asked_in_the_last_week_and_reminded_every_other_day_until_it_closes(string local, string? suffix)
    {
        var scoring = Due(Owner(), local).Where(d => d.Kind == DeliveryKind.ScoringPrompt).Select(d => d.PeriodKey(Guid.Empty)).ToList();
        Assert.Equal(suffix is null ? [] : [$"{CycleId:N}{suffix}"], scoring);
    }

    [Fact]
    public void Nothing_more_is_asked_of_someone_who_scored_everything_or_of_a_closed_cycle()
    {
        Assert.DoesNotContain(Due(Owner(Quarter with { Scored = true }), "2026-12-29 10:00"), d => d.Kind == DeliveryKind.ScoringPrompt);
        Assert.DoesNotContain(Due(Owner(Quarter with { State = CycleState.Closed }), "2026-12-29 10:00"), d => d.Kind == DeliveryKind.ScoringPrompt);
        // A cycle moved to reviewing after its end is still scored.
        Assert.Contains(Due(Owner(Quarter with { State = CycleState.Reviewing }), "2026-12-29 10:00"), d => d.Kind == DeliveryKind.ScoringPrompt);
    }

    [Theory]
    [InlineData("2027-01-04 09:59", false)]
    [InlineData("2027-01-04 10:00", true)]  // the day after scoring closes, at the check-in time
    [InlineData("2027-01-11 09:59", true)]
    [InlineData("2027-01-11 10:00", false)] // a week late is too late
    public void The_results_go_out_the_day_after_scoring_closes(string local, bool due)
    {
        Assert.Equal(due, Due(Owner(Quarter with { State = CycleState.Closed }), local).Any(d => d.Kind == DeliveryKind.ResultsDigest));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-10-26 09:00", true)]    // the Monday after Berlin's clocks went back
    [InlineData("Europe/Berlin", "2026-10-26 08:59", false)]
    [InlineData("America/New_York", "2026-11-02 09:00", true)] // the Monday after New York's
    [InlineData("America/New_York", "2026-11-03 08:59", true)]
    [InlineData("America/New_York", "2026-11-03 09:00", false)] // a day late is stale
    public void The_manager_digest_comes_on_monday_at_09_00_local_for_a_day(string zone, string local, bool due)
    {
        var manager = new RhythmPerson(true, null, false, false, []) { GetsDigest = true };
        var found = Due(manager, local, TimeZoneInfo.FindSystemTimeZoneById(zone)).Where(d => d.Kind == DeliveryKind.ManagerDigest).ToList();
        Assert.Equal(due, found.Count == 1);
        Assert.All(found, d => Assert.Equal(local[..10] == "2026-11-03" ? "2026-11-02" : local[..10], d.PeriodKey(Guid.Empty)));
    }

    [Fact]
    public void A_schedule_layer_moves_the_digest_and_the_digest_reports_on_the_week_of_the_latest_prompt()
    {
        var layer = new RhythmSchedule { DigestDay = DayOfWeek.Tuesday, DigestTime = new TimeOnly(8, 30) };
        var schedule = CheckInSchedule.Resolve(layer, null, null, null);
        Assert.Equal(Local("2026-11-17 08:30", Berlin), RhythmRules.DigestAt(new(2026, 11, 16), schedule, Berlin));
        // Monday 09:00 with Friday prompts: last week's check-ins. With a Monday 08:00 prompt: this week's.
        Assert.Equal(new DateOnly(2026, 11, 16), RhythmRules.ReportedWeek(Local("2026-11-23 09:00", Berlin), CheckInSchedule.Default, Berlin));
        var monday = CheckInSchedule.Default with { PromptDay = DayOfWeek.Monday, PromptTime = new TimeOnly(8, 0) };
        Assert.Equal(new DateOnly(2026, 11, 23), RhythmRules.ReportedWeek(Local("2026-11-23 09:00", Berlin), monday, Berlin));
    }

    [Fact]
    public void What_fell_due_while_someone_was_away_is_not_sent_when_they_are_back()
    {
        var person = new RhythmPerson(true, new DateOnly(2026, 11, 22), HasKeyResults: true, HasManager: false, []) { Cycles = [Quarter] };
        // Away over the review's Friday and the prompt of the 20th: back on Monday the 23rd, neither the review, nor that
        // week's reminder comes.
        Assert.Empty(Due(person, "2026-11-20 12:00"));
        Assert.Empty(Due(person, "2026-11-23 12:00"));
        // The next prompt does.
        Assert.Equal(["CheckInPrompt 2026-11-23"], Keys(Due(person, "2026-11-27 10:00")));
        // Someone who came back early (the away date cleared) still gets the open review.
        Assert.Contains(Due(person with { AwayUntil = null }, "2026-11-18 12:00"), d => d.Kind == DeliveryKind.MidCycleReview);
    }

    [Fact]
    public void Cycle_period_keys_give_back_their_cycle_and_whether_they_are_a_reminder()
    {
        Assert.True(RhythmPeriods.TryCycle(RhythmPeriods.Cycle(CycleId), out var id, out var reminder));
        Assert.Equal((CycleId, false), (id, reminder));
        Assert.True(RhythmPeriods.TryCycle(RhythmPeriods.Cycle(CycleId, 3), out id, out reminder));
        Assert.Equal((CycleId, true), (id, reminder));
        Assert.False(RhythmPeriods.TryCycle("2026-11-16", out _, out _));
    }
}
