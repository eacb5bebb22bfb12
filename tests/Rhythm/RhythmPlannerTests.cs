using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Rhythm;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Rhythm;

public sealed class RhythmPlannerOnPostgres() : RhythmPlannerTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_planners_running_at_once_write_one_row_per_kind_person_and_week()
    {
        var org = await Org.CreateAsync(Store);
        var people = new List<Person>();
        for (var i = 0; i < 60; i++) people.Add(await PersonWithKrAsync(org, $"P{i}", i % 2 == 0 ? "Europe/Berlin" : "Asia/Kolkata"));
        // Saturday: both zones are past their Friday prompt; nobody checked in, so last week's reminders are not due yet.
        var now = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        var planners = Enumerable.Range(0, 2).Select(_ => Planner(o => (o.PageSize, o.Lookback) = (7, TimeSpan.FromDays(1)))).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runs = planners.Select(p => Task.Run(async () => { await go.Task; return await p.PlanAsync(now); })).ToList();
        go.SetResult();
        var reports = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(1));

        var rows = await RowsAsync();
        Assert.Equal(60, rows.Count);
        Assert.All(rows, r => Assert.Equal((DeliveryKind.CheckInPrompt, "2026-11-16"), (r.Kind, r.PeriodKey)));
        Assert.Equal(people.Select(p => p.Id).Order(), rows.Select(r => r.PersonId).Order());
        Assert.Equal(60, reports.Sum(r => r.Planned));
        Assert.Equal(120, reports.Sum(r => r.Planned + r.AlreadyPlanned));
    }
}

public sealed class RhythmPlannerOnSqlite() : RhythmPlannerTests(DatabaseProvider.Sqlite);

public abstract class RhythmPlannerTests(DatabaseProvider provider) : StoreTests(provider)
{
    protected RhythmPlanner Planner(Action<RhythmOptions>? configure = null)
    {
        var options = new RhythmOptions();
        configure?.Invoke(options);
        var queue = new DeliveryQueue(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock);
        return new RhythmPlanner(new RhythmStore(Store.Database), queue, options);
    }

    /// <summary>Someone with a KR in the quarter, reviewed already: in these November weeks only the weekly rhythm is due to them.</summary>
    protected async Task<Person> PersonWithKrAsync(Org org, string name, string zone, Person? manager = null, DateOnly? awayUntil = null)
    {
        var person = await org.PersonAsync(name, manager, timeZone: zone, awayUntil: awayUntil);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(person), person);
        await using var db = Store.Database.Open();
        db.ReviewDecisions.Add(new ReviewDecision { TenantId = org.Tenant.Id, KeyResultId = kr.Id, Decision = ReviewDecisionKind.Keep, DecidedById = person.Id });
        await db.SaveChangesAsync();
        return person;
    }

    protected async Task<IReadOnlyList<Core.Model.Delivery>> RowsAsync()
    {
        await using var db = Store.Database.Open();
        return [.. db.Deliveries.OrderBy(d => d.PersonId).ThenBy(d => d.Kind).ThenBy(d => d.PeriodKey)];
    }

    [Fact]
    public async Task A_second_run_plans_nothing_twice_and_away_people_people_without_krs_and_those_who_checked_in_get_no_reminder()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya", timeZone: "Europe/Berlin");
        var late = await PersonWithKrAsync(org, "Late", "Europe/Berlin", maya);
        var done = await PersonWithKrAsync(org, "Done", "Europe/Berlin", maya);
        var away = await PersonWithKrAsync(org, "Away", "Europe/Berlin", maya, awayUntil: new DateOnly(2026, 11, 30));
        await using (var db = Store.Database.Open())
        {
            // "Done" checked in during the week of the 16th.
            var kr = db.KeyResults.Single(k => k.OwnerId == done.Id);
            db.CheckIns.Add(new CheckIn
            {
                TenantId = org.Tenant.Id, KeyResultId = kr.Id, AuthorId = done.Id, WeekOf = new(2026, 11, 16), Value = 5,
                CreatedAt = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), UpdatedAt = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero),
            });
            await db.SaveChangesAsync();
        }

        // Monday 23 November 10:30 in Berlin: the reminder of the week of the 16th is due (and this week's prompt is not yet).
        var now = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);
        var first = await Planner().PlanAsync(now);
        var second = await Planner().PlanAsync(now);

        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count);
        var row = Assert.Single(rows, r => r.Kind != DeliveryKind.ManagerDigest);
        Assert.Equal((late.Id, DeliveryKind.CheckInReminder, "2026-11-16", DeliveryState.Pending), (row.PersonId, row.Kind, row.PeriodKey, row.State));
        // Maya's Monday 09:00 digest is due too; it is the only thing she gets.
        var digest = Assert.Single(rows, r => r.Kind == DeliveryKind.ManagerDigest);
        Assert.Equal((maya.Id, "2026-11-23"), (digest.PersonId, digest.PeriodKey));
        Assert.Equal((2, 0), (first.Planned, first.AlreadyPlanned));
        Assert.Equal((0, 2), (second.Planned, second.AlreadyPlanned));
        Assert.DoesNotContain(rows, r => r.PersonId == away.Id || r.PersonId == done.Id);
    }

    [Fact]
    public async Task Escalations_go_to_the_manager_one_per_late_report_when_the_tenant_turns_them_on()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya", timeZone: "UTC");
        var a = await PersonWithKrAsync(org, "A", "America/New_York", maya);
        var b = await PersonWithKrAsync(org, "B", "America/New_York", maya);
        await using (var db = Store.Database.Open())
        {
            db.RhythmSchedules.Add(new RhythmSchedule { TenantId = org.Tenant.Id, Escalate = true, EscalationGrace = TimeSpan.FromHours(2) });
            await db.SaveChangesAsync();
        }

        // Monday 23 November 12:30 in New York: the reminder at 10:00 plus two hours.
        await Planner().PlanAsync(new DateTimeOffset(2026, 11, 23, 17, 30, 0, TimeSpan.Zero));

        var escalations = (await RowsAsync()).Where(r => r.Kind == DeliveryKind.Escalation).ToList();
        Assert.All(escalations, e => Assert.Equal(maya.Id, e.PersonId));
        Assert.Equal(new[] { a.Id, b.Id }.Select(id => RhythmPeriods.Escalation(new(2026, 11, 16), id)).Order(), escalations.Select(e => e.PeriodKey).Order());
    }

    [Fact]
    public async Task People_are_read_in_pages_and_zones_where_nothing_can_be_due_are_skipped_unread()
    {
        var org = await Org.CreateAsync(Store);
        for (var i = 0; i < 5; i++) await PersonWithKrAsync(org, $"S{i}", "Asia/Shanghai");
        await PersonWithKrAsync(org, "N", "America/New_York");

        // Friday 20 November 10:30 in Shanghai, 21:30 on Thursday in New York: only Shanghai can be due.
        var report = await Planner(o => o.PageSize = 2).PlanAsync(new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero));

        Assert.Equal((1, 5, 5), (report.ZonesSkipped, report.People, report.Planned));
        Assert.Equal(5, (await RowsAsync()).Count(r => r.Kind == DeliveryKind.CheckInPrompt));
        // A quiet hour everywhere: no one is read.
        var quiet = await Planner().PlanAsync(new DateTimeOffset(2026, 11, 18, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal((2, 0, 0), (quiet.ZonesSkipped, quiet.People, quiet.Planned));
    }
}
