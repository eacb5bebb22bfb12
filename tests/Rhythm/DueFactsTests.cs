using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Rhythm;

public sealed class DueFactsOnPostgres() : DueFactsTests(DatabaseProvider.Postgres);

public sealed class DueFactsOnSqlite() : DueFactsTests(DatabaseProvider.Sqlite);

/// <summary>
/// The planner reads only the facts the due kinds need at the moment (<see cref="RhythmStore.DueFactsAsync"/>): what it
/// finds due must be what the complete facts (<see cref="RhythmStore.FactsAsync"/>) find due, at any moment.
/// </summary>
public abstract class DueFactsTests(DatabaseProvider provider) : StoreTests(provider)
{
    /// <summary>
    /// A team in four zones with everything the rules look at: KRs reviewed or not, scored or not, one dropped, one in the
    /// manager's objective, check-ins in some weeks, someone away for a while, someone without KRs, and a tenant schedule
    /// with two reminders and an escalation.
    /// </summary>
    private async Task<(Org Org, List<Person> People)> WorldAsync()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya", timeZone: "Europe/Berlin");
        var ann = await org.PersonAsync("Ann", maya, timeZone: "Europe/Berlin");
        var bob = await org.PersonAsync("Bob", maya, timeZone: "Asia/Kolkata");
        var cy = await org.PersonAsync("Cy", maya, timeZone: "America/New_York", awayUntil: new DateOnly(2026, 11, 24));
        var dee = await org.PersonAsync("Dee", maya, timeZone: "Pacific/Auckland");

        var mayas = await org.ObjectiveAsync(maya, "Win the market");
        var annsReviewed = await org.KeyResultAsync(await org.ObjectiveAsync(ann, "Ship it"), ann, "Ship v2");
        var annsOpen = await org.KeyResultAsync(mayas, ann, "Sign ten customers");
        var bobs = await org.ObjectiveAsync(bob, "Faster builds");
        var bobsDropped = await org.KeyResultAsync(bobs, bob, "Halve CI time");
        var bobsLive = await org.KeyResultAsync(bobs, bob, "Cache everything");
        var cys = await org.KeyResultAsync(await org.ObjectiveAsync(cy, "Hire"), cy, "Two engineers");
        await Org.SetDroppedAsync(Store, bobsDropped, true);

        await using var db = Store.Database.Open();
        var tenant = org.Tenant.Id;
        db.RhythmSchedules.Add(new RhythmSchedule { TenantId = tenant, MaxReminders = 2, Escalate = true, EscalationGrace = TimeSpan.FromHours(6) });
        foreach (var kr in new[] { annsReviewed, bobsDropped, bobsLive })
            db.ReviewDecisions.Add(new ReviewDecision { TenantId = tenant, KeyResultId = kr.Id, Decision = ReviewDecisionKind.Keep, DecidedById = kr.OwnerId });
        foreach (var kr in new[] { annsReviewed, bobsLive })
            db.Scores.Add(new KeyResultScore { TenantId = tenant, KeyResultId = kr.Id, Score = 0.7m, Reason = "Most of it", ScoredById = kr.OwnerId, ScoredAt = new(2026, 12, 28, 9, 0, 0, TimeSpan.Zero) });
        // Ann answers most weeks (one of them on the Monday after), Bob every other week, Cy never.
        for (var week = new DateOnly(2026, 10, 5); week <= new DateOnly(2026, 12, 28); week = week.AddDays(7))
        {
            if (week.DayNumber % 21 != 0)
                db.CheckIns.Add(CheckIn(tenant, annsOpen, week, new DateTimeOffset(week.AddDays(week.DayNumber % 2 == 0 ? 4 : 7).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero)));
            if (week.DayNumber % 14 == 0)
                db.CheckIns.Add(CheckIn(tenant, bobsLive, week, new DateTimeOffset(week.AddDays(4).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)));
        }

        await db.SaveChangesAsync();
        return (org, [maya, ann, bob, cy, dee]);
    }

    private static CheckIn CheckIn(Guid tenant, KeyResult kr, DateOnly week, DateTimeOffset at) => new()
    {
        TenantId = tenant, KeyResultId = kr.Id, AuthorId = kr.OwnerId, WeekOf = week, Value = 5, CreatedAt = at, UpdatedAt = at,
    };

    [Fact]
    public async Task What_the_planner_finds_due_from_its_own_facts_is_what_the_complete_facts_make_due_through_review_weeks_and_the_quarters_end()
    {
        var (org, people) = await WorldAsync();
        var store = new RhythmStore(Store.Database);
        await using (var db = Store.Database.Open())
            people = await db.People.AsNoTracking().Where(p => p.TenantId == org.Tenant.Id).OrderBy(p => p.Id).ToListAsync();

        // Every five hours (so every hour of the day comes round) from before the review week to after the results went out.
        var (compared, due, leaner) = (0, 0, 0);
        var windows = new[] { (new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero), 26), (new DateTimeOffset(2026, 12, 18, 0, 0, 0, TimeSpan.Zero), 26) };
        foreach (var (from, days) in windows)
        {
            for (var now = from; now < from.AddDays(days); now = now.AddHours(5))
            {
                var tenant = (await store.TenantAsync(org.Tenant.Id, now))!;
                var complete = await store.FactsAsync(tenant, people, now);
                var planners = await store.DueFactsAsync(tenant, people, now);
                for (var i = 0; i < people.Count; i++)
                {
                    Assert.Equal(complete[i].Due(now), planners[i].Due(now));
                    compared++;
                    due += complete[i].Due(now).Count;
                    if (complete[i].Facts.CheckIns.Count != planners[i].Facts.CheckIns.Count
                        || !complete[i].Facts.Cycles.SequenceEqual(planners[i].Facts.Cycles)) leaner++;
                }
            }
        }

        // Not vacuous: plenty was due, and the planner's facts left things out along the way.
        Assert.Equal(5 * 2 * (26 * 24 / 5 + 1), compared);
        Assert.True(due > 100, $"only {due} deliveries were due");
        Assert.True(leaner > 100, $"the planner's facts differed only {leaner} times");
    }

    [Fact]
    public async Task The_planners_facts_find_KRs_in_someone_elses_objective_and_leave_out_dropped_ones()
    {
        var (org, people) = await WorldAsync();
        var store = new RhythmStore(Store.Database);
        var now = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var facts = (await store.DueFactsAsync((await store.TenantAsync(org.Tenant.Id, now))!, people, now)).ToDictionary(f => f.Person.DisplayName, f => f.Facts);

        Assert.True(facts["Ann"].HasKeyResults);
        Assert.True(facts["Bob"].HasKeyResults);
        Assert.False(facts["Dee"].HasKeyResults);
        Assert.False(facts["Maya"].HasKeyResults);
        Assert.True(facts["Maya"].GetsDigest);
        // Maya manages people: she plans the next quarter with nothing of her own; Dee neither owns nor manages anything.
        Assert.Equal(org.Quarter.Id, Assert.Single(facts["Maya"].Cycles).CycleId);
        Assert.Empty(facts["Dee"].Cycles);
        Assert.Equal(org.Quarter.Id, Assert.Single(facts["Ann"].Cycles).CycleId);

        // A KR of Ann's is in Maya's objective: dropping the one in her own leaves her with KRs this quarter.
        await using (var db = Store.Database.Open())
        {
            var own = await db.KeyResults.SingleAsync(k => k.OwnerId == people[1].Id && k.Title == "Ship v2");
            own.IsDropped = true;
            await db.SaveChangesAsync();
        }

        var after = (await store.DueFactsAsync((await store.TenantAsync(org.Tenant.Id, now))!, people, now)).Single(f => f.Person.DisplayName == "Ann");
        Assert.True(after.Facts.HasKeyResults);
    }
}

/// <summary>The rules' own word on which facts can matter now, which lets the planner leave the others out.</summary>
public sealed class DueFactsRulesTests
{
    [Fact]
    public void A_fact_the_rules_say_cannot_matter_now_changes_nothing_due_when_flipped_in_any_zone_and_schedule_across_a_quarter()
    {
        var cycle = new CycleFacts(Guid.NewGuid(), CycleKind.Quarterly, CycleState.Active, new(2026, 10, 1), new(2026, 12, 31), Reviewed: false, Scored: false);
        CheckInSchedule[] schedules =
        [
            CheckInSchedule.Default,
            CheckInSchedule.Default with { PromptDay = DayOfWeek.Monday, PromptTime = new(23, 30), MaxReminders = 3, EscalateAfter = TimeSpan.FromHours(20) },
            CheckInSchedule.Default with { PromptDay = DayOfWeek.Sunday, PromptTime = new(0, 15), MaxReminders = 0, EscalateAfter = TimeSpan.Zero },
        ];
        var zones = new[] { "Pacific/Honolulu", "Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland", "Pacific/Kiritimati" }.Select(TimeZoneInfo.FindSystemTimeZoneById).ToList();
        var (answersMattered, reviewMattered, scoringMattered, differed) = (0, 0, 0, 0);
        for (var now = new DateTimeOffset(2026, 9, 28, 0, 0, 0, TimeSpan.Zero); now < new DateTimeOffset(2027, 1, 16, 0, 0, 0, TimeSpan.Zero); now = now.AddMinutes(173))
        {
            var monday = Weeks.StartOf(DateOnly.FromDateTime(now.UtcDateTime));
            // Answered every week the rules can look at, or never.
            CheckInMark[] answered = [.. Enumerable.Range(-3, 5).Select(n => new CheckInMark(monday.AddDays(7 * n), new DateTimeOffset(monday.AddDays(7 * n).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)))];
            foreach (var schedule in schedules)
            {
                foreach (var zone in zones)
                {
                    IReadOnlyList<DueDelivery> Due(CheckInMark[] checkIns, bool reviewed, bool scored) => RhythmRules.Due(
                        new RhythmPerson(true, null, true, true, checkIns) { CheckInsFrom = cycle.StartDate, GetsDigest = true, Cycles = [cycle with { Reviewed = reviewed, Scored = scored }] },
                        schedule, zone, now);
                    var baseline = Due([], false, false);
                    if (RhythmRules.AnswersCanMatter(schedule, zone, now)) answersMattered++;
                    else Assert.Equal(baseline, Due(answered, false, false));
                    if (RhythmRules.ReviewCanBeDue(cycle, now)) reviewMattered++;
                    else Assert.Equal(baseline, Due([], true, false));
                    if (RhythmRules.ScoringCanBeDue(cycle, now)) scoringMattered++;
                    else Assert.Equal(baseline, Due([], false, true));
                    if (!baseline.SequenceEqual(Due(answered, true, true))) differed++;
                }
            }
        }

        // The facts did matter at times (so the windows are not empty), and then the answer changed with them.
        Assert.True(answersMattered > 0 && reviewMattered > 0 && scoringMattered > 0, $"{answersMattered} {reviewMattered} {scoringMattered}");
        Assert.True(differed > 0);
    }
}
