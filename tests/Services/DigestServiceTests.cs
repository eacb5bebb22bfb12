using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class DigestServiceOnPostgres() : DigestServiceTests(DatabaseProvider.Postgres);
public sealed class DigestServiceOnSqlite() : DigestServiceTests(DatabaseProvider.Sqlite);

public abstract class DigestServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    /// <summary>The Wednesday the clock stands on, and the Monday of its week.</summary>
    private static readonly DateOnly Today = new(2026, 11, 18);
    private static readonly DateOnly ThisWeek = new(2026, 11, 16);

    private DigestService Service => new(Store.Database, Store.Clock);
    private CheckInService CheckIns => new(Store.Database, Store.Clock);

    [Fact]
    public async Task A_manager_sees_who_checked_in_who_is_missing_and_who_is_away()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob", maya);
        var carol = await org.PersonAsync("Carol", maya, awayUntil: new DateOnly(2026, 11, 20));
        var erin = await org.PersonAsync("Erin", maya);
        var aliceKr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "NPS", current: 50);
        var bobKr = await org.KeyResultAsync(await org.ObjectiveAsync(bob), bob, "Uptime", current: 50);
        await org.KeyResultAsync(await org.ObjectiveAsync(carol), carol, "Docs", current: 50);
        // Bob checked in last week only: that does not count for this one.
        await CheckInAsync(org, bob, -7, (bobKr, 55));
        await CheckInAsync(org, alice, 0, (aliceKr, 60));

        var result = await Service.BuildAsync(org.ActorFor(maya), Today);

        Assert.True(result.IsOk, result.ToString());
        var digest = result.Value!;
        Assert.Equal((maya.Id, "Maya", "2026 Q4", ThisWeek), (digest.ManagerId, digest.ManagerName, digest.CycleName, digest.WeekOf));
        Assert.Equal(
            [
                new DigestReport(alice.Id, "Alice", CheckedIn: true, Expected: true, Away: false),
                new DigestReport(bob.Id, "Bob", CheckedIn: false, Expected: true, Away: false),
                new DigestReport(carol.Id, "Carol", CheckedIn: false, Expected: false, Away: true),
                // No KR this cycle: nobody chases Erin.
                new DigestReport(erin.Id, "Erin", CheckedIn: false, Expected: false, Away: false),
            ],
            digest.Reports);
        Assert.Equal((2, 1, 0.5m), (digest.ExpectedCount, digest.CheckedInCount, digest.Completion));
        Assert.Equal(["Bob"], digest.Missing.Select(r => r.Name));
    }

    [Fact]
    public async Task The_small_wins_of_the_week_by_the_reports_and_the_manager_are_in_the_digest_and_nobody_elses()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var zoe = await org.PersonAsync("Zoe");
        var wins = new SmallWinService(Store.Database, Store.Clock);
        Store.Clock.Advance(TimeSpan.FromDays(-7));
        await wins.RecordAsync(org.ActorFor(alice), "Last week's win");
        Store.Clock.Advance(TimeSpan.FromDays(7));
        await wins.RecordAsync(org.ActorFor(alice), "Demo went well");
        // Two wins in one millisecond have no order of their own (their ids are random past the time stamp).
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        await wins.RecordAsync(org.ActorFor(maya), "Hired a designer");
        await wins.RecordAsync(org.ActorFor(zoe), "Not in Maya's team");

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal([("Alice", "Demo went well"), ("Maya", "Hired a designer")], digest.Wins.Select(w => (w.PersonName, w.Text)));
    }

    [Fact]
    public async Task Key_results_at_risk_or_off_track_are_listed_worst_first_with_their_reasons()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob", maya);
        var carol = await org.PersonAsync("Carol", maya);
        var aliceObjective = await org.ObjectiveAsync(alice);
        var bobObjective = await org.ObjectiveAsync(bob);
        // Well ahead of the line, but Alice says it is at risk: her word wins.
        var nps = await org.KeyResultAsync(aliceObjective, alice, "NPS", current: 60);
        await new RiskService(Store.Database, Store.Clock).MarkAtRiskAsync(org.ActorFor(alice), nps.Id, "Vendor slipped");
        // Far behind the line (judged today, Wednesday) with nothing said: suggested off track (nothing moved) or at risk (25%).
        var churn = await org.KeyResultAsync(bobObjective, bob, "Churn", current: 0);
        var docs = await org.KeyResultAsync(await org.ObjectiveAsync(carol), carol, "Docs", current: 25);
        // Near enough to the line, behind but explicitly on track, or dropped: not risks.
        await org.KeyResultAsync(bobObjective, bob, "Hiring", current: 40);
        var recovering = await org.KeyResultAsync(bobObjective, bob, "Recovering", current: 0);
        await CheckInAsync(org, bob, 0, (recovering, 0));
        await Org.SetDroppedAsync(Store, await org.KeyResultAsync(aliceObjective, alice, "Abandoned", current: 0), true);

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal(
            [
                new DigestRisk(churn.Id, "Churn", "Bob", KrStatus.OffTrack, null),
                new DigestRisk(nps.Id, "NPS", "Alice", KrStatus.AtRisk, "Vendor slipped"),
                new DigestRisk(docs.Id, "Docs", "Carol", KrStatus.AtRisk, null),
            ],
            digest.Risks);
    }

    [Fact]
    public async Task Movers_are_ordered_by_how_far_they_moved_since_the_weeks_first_check_in()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob", maya);
        var aliceObjective = await org.ObjectiveAsync(alice);
        var bobObjective = await org.ObjectiveAsync(bob);
        var signups = await org.KeyResultAsync(aliceObjective, alice, "Signups", start: 0, target: 100, current: 10);
        var referrals = await org.KeyResultAsync(aliceObjective, alice, "Referrals", start: 0, target: 10, current: 2);
        var uptime = await org.KeyResultAsync(bobObjective, bob, "Uptime", start: 0, target: 100, current: 50);
        var flat = await org.KeyResultAsync(bobObjective, bob, "Flat", start: 0, target: 100, current: 30);
        var old = await org.KeyResultAsync(bobObjective, bob, "Old news", start: 0, target: 100, current: 0);
        await CheckInAsync(org, bob, -7, (old, 50));
        await CheckInAsync(org, alice, 0, (signups, 30), (referrals, 8));
        // An amendment later in the week moves "now" but not "before".
        await CheckInAsync(org, alice, 0, (signups, 40));
        await CheckInAsync(org, bob, 0, (uptime, 40), (flat, 30));

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal(
            [
                new DigestMover(referrals.Id, "Referrals", "Alice", 0.2m, 0.8m),
                new DigestMover(signups.Id, "Signups", "Alice", 0.1m, 0.4m),
                new DigestMover(uptime.Id, "Uptime", "Bob", 0.5m, 0.4m),
            ],
            digest.Movers);
        Assert.Equal([0.6m, 0.3m, -0.1m], digest.Movers.Select(m => m.Delta));
    }

    [Fact]
    public async Task At_most_five_movers_are_listed()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var objective = await org.ObjectiveAsync(alice);
        var krs = new List<(KeyResult, decimal)>();
        for (var i = 1; i <= 7; i++)
            krs.Add((await org.KeyResultAsync(objective, alice, $"KR {i}", start: 0, target: 100, current: 0), i * 10));
        await CheckInAsync(org, alice, 0, [.. krs]);

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal(DigestService.MaxMovers, digest.Movers.Count);
        Assert.Equal(["KR 7", "KR 6", "KR 5", "KR 4", "KR 3"], digest.Movers.Select(m => m.Title));
    }

    [Fact]
    public async Task The_reports_published_objectives_are_listed_with_their_progress()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob", maya);
        var zed = await org.PersonAsync("Zed");
        var team = await org.TeamAsync("Platform", zed);
        var bobObjective = await org.ObjectiveAsync(bob, "Reliability");
        await org.KeyResultAsync(bobObjective, bob, "Uptime", current: 50);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var grow = await org.ObjectiveAsync(alice, "Grow");
        await org.KeyResultAsync(grow, alice, "Signups", current: 40);
        await org.KeyResultAsync(grow, alice, "Referrals", start: 0, target: 10, current: 8);
        await Org.SetDroppedAsync(Store, await org.KeyResultAsync(grow, alice, "Dropped", current: 0), true);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await org.ObjectiveAsync(alice, "Second");
        await org.KeyResultAsync(second, alice, "Nothing yet", current: 0);
        // Not listed: a draft, someone else's objective and a team's objective, though a report owns a KR in each.
        await org.KeyResultAsync(await org.ObjectiveAsync(alice, "Still a draft", state: ObjectiveState.Draft), alice, "Draft KR");
        await org.KeyResultAsync(await org.ObjectiveAsync(zed, "Zed's"), alice, "Helping Zed", current: 50);
        await org.KeyResultAsync(await org.ObjectiveAsync(null, "Platform's", team: team), alice, "Helping the team", current: 50);

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal(
            [
                new DigestObjective(grow.Id, "Grow", "Alice", 0.6m),
                new DigestObjective(second.Id, "Second", "Alice", 0m),
                new DigestObjective(bobObjective.Id, "Reliability", "Bob", 0.5m),
            ],
            digest.Objectives);
    }

    [Fact]
    public async Task Someone_who_is_not_the_managers_direct_report_appears_nowhere()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var other = await org.PersonAsync("Other manager");
        var alice = await org.PersonAsync("Alice", maya);
        var dave = await org.PersonAsync("Dave", other);
        var frank = await org.PersonAsync("Frank", alice);
        var aliceKr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "NPS", current: 50);
        foreach (var outsider in new[] { dave, frank })
        {
            // Each far behind the line, with a check-in that moved it: a risk and a mover if it were a report's.
            var kr = await org.KeyResultAsync(await org.ObjectiveAsync(outsider, $"{outsider.DisplayName}'s"), outsider, $"{outsider.DisplayName}'s KR", current: 0);
            await CheckInAsync(org, outsider, 0, (kr, 5));
        }
        await CheckInAsync(org, alice, 0, (aliceKr, 60));

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal([alice.Id], digest.Reports.Select(r => r.PersonId));
        Assert.Empty(digest.Risks);
        Assert.Equal([aliceKr.Id], digest.Movers.Select(m => m.KeyResultId));
        Assert.Equal(["Delight customers"], digest.Objectives.Select(o => o.Title));
        Assert.Equal(1m, digest.Completion);
    }

    [Fact]
    public async Task Another_tenants_people_never_appear_even_when_linked_to_the_manager()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var maya = await ours.PersonAsync("Maya");
        var alice = await ours.PersonAsync("Alice", maya);
        var aliceKr = await ours.KeyResultAsync(await ours.ObjectiveAsync(alice), alice, "NPS", current: 50);
        await CheckInAsync(ours, alice, 0, (aliceKr, 60));
        // A broken link across tenants must not pull Eve into Maya's digest.
        var eve = await theirs.PersonAsync("Eve", maya);
        var eveKr = await theirs.KeyResultAsync(await theirs.ObjectiveAsync(eve, "Eve's"), eve, "Eve's KR", current: 0);
        await CheckInAsync(theirs, eve, 0, (eveKr, 5));

        var digest = (await Service.BuildAsync(ours.ActorFor(maya), Today)).Value!;

        Assert.Equal(["Alice"], digest.Reports.Select(r => r.Name));
        Assert.Empty(digest.Risks);
        Assert.Equal(["NPS"], digest.Movers.Select(m => m.Title));
        Assert.Equal(["Delight customers"], digest.Objectives.Select(o => o.Title));
        // Nor can Maya read their digest by presenting their tenant.
        var forged = await Service.BuildAsync(new Actor(theirs.Tenant.Id, maya.Id), Today);
        Assert.Equal(OkrErrorCode.NotFound, forged.Error!.Code);
    }

    [Fact]
    public async Task A_manager_without_reports_gets_an_empty_digest_that_counts_as_complete()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Empty(digest.Reports);
        Assert.Empty(digest.Risks);
        Assert.Empty(digest.Movers);
        Assert.Empty(digest.Objectives);
        Assert.Equal((0, 1m), (digest.ExpectedCount, digest.Completion));
    }

    [Fact]
    public async Task A_week_running_past_the_end_of_the_quarter_still_belongs_to_it()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");

        var result = await Service.BuildAsync(org.ActorFor(maya), new DateOnly(2026, 12, 31));

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal((new DateOnly(2026, 12, 28), "2026 Q4"), (result.Value!.WeekOf, result.Value.CycleName));
    }

    [Theory]
    [InlineData(CycleState.Planning)]
    [InlineData(CycleState.Reviewing)]
    [InlineData(CycleState.Closed)]
    public async Task Without_an_active_cycle_there_is_no_digest(CycleState state)
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        await org.SetCycleStateAsync(state);

        var result = await Service.BuildAsync(org.ActorFor(maya), Today);

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
    }

    [Fact]
    public async Task A_week_outside_every_cycle_has_no_digest()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");

        var result = await Service.BuildAsync(org.ActorFor(maya), new DateOnly(2027, 2, 3));

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
    }

    [Fact]
    public async Task A_movers_before_is_where_it_stood_before_the_weeks_earliest_check_in_whoever_wrote_it()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        // Bob comes first in the table, so his check-in is not last in any order the database might pick.
        var bob = await org.PersonAsync("Bob", maya);
        var alice = await org.PersonAsync("Alice", maya);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "Signups", start: 0, target: 100, current: 10, participants: bob);
        await CheckInAsync(org, alice, 0, (kr, 30));
        Store.Clock.Advance(TimeSpan.FromHours(1));
        await CheckInAsync(org, bob, 0, (kr, 50));
        Store.Clock.Advance(TimeSpan.FromHours(1));
        // Amending keeps Alice's check-in the week's earliest, though it is now the latest written.
        await CheckInAsync(org, alice, 0, (kr, 60));

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal([new DigestMover(kr.Id, "Signups", "Alice", 0.1m, 0.6m)], digest.Movers);
    }

    [Fact]
    public async Task A_reports_key_result_in_a_private_objective_the_manager_may_not_see_is_neither_a_risk_nor_a_mover()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        // Zed is outside Maya's chain: his private objective is none of her business, though Alice works on it.
        var zed = await org.PersonAsync("Zed");
        var secret = await org.KeyResultAsync(await org.ObjectiveAsync(zed, "Zed's plans", visibility: Visibility.Private), alice, "Secret acquisition", current: 0);
        var nps = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "NPS", current: 0);

        var before = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;
        var checkIn = await CheckIns.RecordAsync(org.ActorFor(alice), new([
            new(secret.Id, 20, KrStatus.AtRisk, Note: "The board is split"),
            new(nps.Id, 10, KrStatus.AtRisk, Note: "Survey late"),
        ]));
        Assert.True(checkIn.IsOk, checkIn.ToString());
        var after = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal([nps.Id], before.Risks.Select(r => r.KeyResultId));
        Assert.Equal([nps.Id], after.Risks.Select(r => r.KeyResultId));
        Assert.Equal([nps.Id], after.Movers.Select(m => m.KeyResultId));
        Assert.Equal(["Delight customers"], after.Objectives.Select(o => o.Title));
    }

    [Fact]
    public async Task A_managers_own_check_in_on_a_reports_key_result_counts_as_a_move()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "Signups", start: 0, target: 100, current: 10);
        await CheckInAsync(org, alice, 0, (kr, 30));
        await CheckInAsync(org, maya, 0, (kr, 70));

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal([new DigestMover(kr.Id, "Signups", "Alice", 0.1m, 0.7m)], digest.Movers);
        // Maya's update makes her no report of her own.
        Assert.Equal([new DigestReport(alice.Id, "Alice", CheckedIn: true, Expected: true, Away: false)], digest.Reports);
    }

    [Fact]
    public async Task While_the_week_runs_statuses_and_absences_are_judged_as_of_today_and_reports_sort_regardless_of_case()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        // Created out of order; an ordinal sort would put "bob" after "Carl". Carl was away until Monday and is back.
        var carl = await org.PersonAsync("Carl", maya, awayUntil: ThisWeek);
        var bob = await org.PersonAsync("bob", maya);
        var alice = await org.PersonAsync("Alice", maya);
        // Today (Wednesday) 53% of the quarter has gone: 30% is near enough to the line and 5% is at risk.
        // On Sunday (58%) they would be at risk and off track.
        await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "Pipeline", current: 30);
        var latency = await org.KeyResultAsync(await org.ObjectiveAsync(bob), bob, "Latency", current: 5);
        var hiring = await org.KeyResultAsync(await org.ObjectiveAsync(carl), carl, "Hiring", current: 5);

        var digest = (await Service.BuildAsync(org.ActorFor(maya), Today)).Value!;

        Assert.Equal(
            [
                new DigestReport(alice.Id, "Alice", CheckedIn: false, Expected: true, Away: false),
                new DigestReport(bob.Id, "bob", CheckedIn: false, Expected: true, Away: false),
                new DigestReport(carl.Id, "Carl", CheckedIn: false, Expected: true, Away: false),
            ],
            digest.Reports);
        Assert.Equal(
            [
                new DigestRisk(latency.Id, "Latency", "bob", KrStatus.AtRisk, null),
                new DigestRisk(hiring.Id, "Hiring", "Carl", KrStatus.AtRisk, null),
            ],
            digest.Risks);
    }

    /// <summary>Checks in as <paramref name="who"/> in the week <paramref name="daysFromNow"/> days away, then puts the clock back.</summary>
    private async Task CheckInAsync(Org org, Person who, int daysFromNow, params (KeyResult Kr, decimal Value)[] items)
    {
        var now = Store.Clock.GetUtcNow();
        Store.Clock.Advance(TimeSpan.FromDays(daysFromNow));
        var result = await CheckIns.RecordAsync(org.ActorFor(who), new([.. items.Select(i => new CheckInInput(i.Kr.Id, i.Value, KrStatus.OnTrack))]));
        Assert.True(result.IsOk, result.ToString());
        // Later check-ins of the same week are later in time.
        Store.Clock.Set(now.AddMinutes(1));
    }
}
