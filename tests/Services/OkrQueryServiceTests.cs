using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class OkrQueryServiceOnPostgres() : OkrQueryServiceTests(DatabaseProvider.Postgres);
public sealed class OkrQueryServiceOnSqlite() : OkrQueryServiceTests(DatabaseProvider.Sqlite);

public abstract class OkrQueryServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private OkrQueryService Service => new(Store.Database, Store.Clock);
    private CheckInService CheckIns => new(Store.Database, Store.Clock);

    [Fact]
    public async Task A_persons_list_holds_what_they_own_and_take_part_in_with_progress_status_and_latest_check_in()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var carol = await org.PersonAsync("Carol");
        var dan = await org.PersonAsync("Dan");
        var own = await NextObjectiveAsync(org, alice, "Delight customers");
        var nps = await org.KeyResultAsync(own, alice, "NPS", start: 0, target: 100);
        var bobs = await NextObjectiveAsync(org, bob, "Ship faster");
        await org.KeyResultAsync(bobs, bob, "Lead time", start: 0, target: 100);
        var deploys = await org.KeyResultAsync(bobs, alice, "Deploys", start: 0, target: 10, current: 5);
        var carols = await NextObjectiveAsync(org, carol, "Write docs");
        await org.KeyResultAsync(carols, carol, "Docs", participants: alice);
        await org.KeyResultAsync(await NextObjectiveAsync(org, dan, "Unrelated"), dan, "Dan's KR");
        var lastQuarter = await CycleAsync(org, "2026 Q3", new(2026, 7, 1), new(2026, 9, 30), CycleState.Closed);
        await org.KeyResultAsync(await org.ObjectiveAsync(alice, "Last quarter's", cycle: lastQuarter), alice, "Old KR");
        var checkIn = await CheckIns.RecordAsync(org.ActorFor(alice), new([new(nps.Id, 50, KrStatus.AtRisk, 6, "Survey delayed")]));
        Assert.True(checkIn.IsOk, checkIn.ToString());

        var result = await Service.ForPersonAsync(org.ActorFor(dan), alice.Id);

        Assert.True(result.IsOk, result.ToString());
        var list = result.Value!;
        Assert.Equal((org.Quarter.Id, "2026 Q4", new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 16)), (list.CycleId, list.CycleName, list.Today, list.WeekOf));
        Assert.Equal(["Delight customers", "Ship faster", "Write docs"], list.Objectives.Select(o => o.Title));

        var first = list.Objectives[0];
        Assert.Equal((own.Id, "Alice", (Guid?)alice.Id, (Guid?)null, 0.5m), (first.Id, first.OwnerName, first.OwnerPersonId, first.OwnerTeamId, first.Progress));
        var npsView = Assert.Single(first.KeyResults);
        Assert.Equal((nps.Id, 50m, 0.5m, KrStatus.AtRisk, true, "Survey delayed", (int?)6, "Alice"),
            (npsView.Id, npsView.CurrentValue, npsView.Progress, npsView.Status, npsView.StatusIsExplicit, npsView.StatusReason, npsView.Confidence, npsView.OwnerName));
        Assert.Equal(new LastCheckInView(50m, KrStatus.AtRisk, "Survey delayed", new DateOnly(2026, 11, 16), Store.Clock.GetUtcNow(), "Alice"), npsView.LastCheckIn);

        var second = list.Objectives[1];
        Assert.Equal(("Bob", 0.25m), (second.OwnerName, second.Progress));
        Assert.Equal(["Deploys", "Lead time"], second.KeyResults.Select(k => k.Title));
        var deploysView = second.KeyResults[0];
        Assert.Equal((deploys.Id, "Alice", 0.5m, KrStatus.OnTrack, false, (LastCheckInView?)null),
            (deploysView.Id, deploysView.OwnerName, deploysView.Progress, deploysView.Status, deploysView.StatusIsExplicit, deploysView.LastCheckIn));
        // Nothing done with just over half the quarter gone: suggested off track, not said by anyone.
        var leadTime = second.KeyResults[1];
        Assert.Equal(("Bob", 0m, KrStatus.OffTrack, false), (leadTime.OwnerName, leadTime.Progress, leadTime.Status, leadTime.StatusIsExplicit));

        Assert.Equal(["Docs"], list.Objectives[2].KeyResults.Select(k => k.Title));
        Assert.Equal(4, list.KeyResults.Count());
    }

    [Fact]
    public async Task The_latest_check_in_is_this_weeks_whoever_wrote_it()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, participants: bob);
        Store.Clock.Advance(TimeSpan.FromDays(-7));
        await CheckIns.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 30, KrStatus.OnTrack, Note: "Last week")]));
        Store.Clock.Set(TestStore.DefaultNow);
        await CheckIns.RecordAsync(org.ActorFor(bob), new([new(kr.Id, 40, KrStatus.OnTrack, Note: "First go")]));
        Store.Clock.Advance(TimeSpan.FromHours(2));
        await CheckIns.RecordAsync(org.ActorFor(bob), new([new(kr.Id, 45, KrStatus.OnTrack, Note: "Amended")]));

        var list = (await Service.ForPersonAsync(org.ActorFor(alice), alice.Id)).Value!;

        var view = Assert.Single(list.KeyResults);
        Assert.Equal(new LastCheckInView(45m, KrStatus.OnTrack, "Amended", new DateOnly(2026, 11, 16), TestStore.DefaultNow.AddHours(2), "Bob"), view.LastCheckIn);
        Assert.Equal((45m, 0.45m), (view.CurrentValue, view.Progress));
    }

    [Fact]
    public async Task A_dropped_key_result_is_shown_as_dropped_and_left_out_of_the_objectives_progress()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var objective = await org.ObjectiveAsync(alice);
        await org.KeyResultAsync(objective, alice, "Done", current: 100);
        var stalled = await org.KeyResultAsync(objective, alice, "Stalled", current: 0);
        var drop = await new ReviewService(Store.Database, Store.Clock).RecordDecisionAsync(org.ActorFor(alice), stalled.Id, ReviewDecisionKind.Drop, "Partner left");
        Assert.True(drop.IsOk, drop.ToString());

        var view = Assert.Single((await Service.ForPersonAsync(org.ActorFor(alice), alice.Id)).Value!.Objectives);

        Assert.Equal(1m, view.Progress);
        Assert.Equal([false, true], view.KeyResults.Select(k => k.IsDropped));
    }

    [Fact]
    public async Task A_private_objective_is_seen_by_its_owner_and_their_managers_but_not_by_a_colleague()
    {
        var org = await Org.CreateAsync(Store);
        var director = await org.PersonAsync("Director");
        var manager = await org.PersonAsync("Manager", director);
        var alice = await org.PersonAsync("Alice", manager);
        var bob = await org.PersonAsync("Bob", manager);
        var carol = await org.PersonAsync("Carol");
        var secret = await NextObjectiveAsync(org, alice, "Secret", Visibility.Private);
        await org.KeyResultAsync(secret, alice, "Hidden KR", participants: carol);
        await org.KeyResultAsync(await NextObjectiveAsync(org, alice, "Open"), alice);

        foreach (var who in new[] { alice, manager, director, carol })
            Assert.Equal(["Secret", "Open"], await TitlesForPersonAsync(org, who, alice));
        // A peer under the same manager is not in Alice's manager chain.
        Assert.Equal(["Open"], await TitlesForPersonAsync(org, bob, alice));
    }

    [Fact]
    public async Task A_draft_is_seen_by_its_owner_and_manager_but_not_by_a_colleague()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var bob = await org.PersonAsync("Bob");
        await org.KeyResultAsync(await NextObjectiveAsync(org, alice, "Draft", state: ObjectiveState.Draft), alice);
        await org.KeyResultAsync(await NextObjectiveAsync(org, alice, "Published"), alice);

        Assert.Equal(["Draft", "Published"], await TitlesForPersonAsync(org, alice, alice));
        Assert.Equal(["Draft", "Published"], await TitlesForPersonAsync(org, manager, alice));
        Assert.Equal(["Published"], await TitlesForPersonAsync(org, bob, alice));
    }

    [Fact]
    public async Task A_person_with_nothing_this_cycle_has_an_empty_list()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");

        var result = await Service.ForPersonAsync(org.ActorFor(alice), alice.Id);

        Assert.True(result.IsOk, result.ToString());
        Assert.Empty(result.Value!.Objectives);
    }

    [Fact]
    public async Task A_teams_list_holds_the_teams_objectives_and_its_members()
    {
        var org = await Org.CreateAsync(Store);
        var lena = await org.PersonAsync("Lena");
        var team = await org.TeamAsync("Platform", lena);
        var alice = await org.PersonAsync("Alice", lena, team);
        var bob = await org.PersonAsync("Bob", lena, team);
        var carol = await org.PersonAsync("Carol");
        var teams = await NextObjectiveAsync(org, null, "Platform goal", team: team);
        await org.KeyResultAsync(teams, alice, "Team KR", current: 20);
        await org.KeyResultAsync(await NextObjectiveAsync(org, alice, "Alice's goal"), alice, current: 60);
        await org.KeyResultAsync(await NextObjectiveAsync(org, bob, "Bob's goal"), bob);
        // Carol works on a member's objective, but her own objective is not the team's.
        await org.KeyResultAsync(await NextObjectiveAsync(org, carol, "Carol's goal"), carol, participants: alice);

        var result = await Service.ForTeamAsync(org.ActorFor(carol), team.Id);

        Assert.True(result.IsOk, result.ToString());
        var list = result.Value!;
        Assert.Equal(["Platform goal", "Alice's goal", "Bob's goal"], list.Objectives.Select(o => o.Title));
        var teamView = list.Objectives[0];
        Assert.Equal(("Platform", (Guid?)null, (Guid?)team.Id, 0.2m), (teamView.OwnerName, teamView.OwnerPersonId, teamView.OwnerTeamId, teamView.Progress));
        Assert.Equal(("Alice", 0.6m), (list.Objectives[1].OwnerName, list.Objectives[1].Progress));
    }

    [Fact]
    public async Task A_teams_private_objective_is_seen_by_its_members_and_lead_but_not_by_an_outsider()
    {
        var org = await Org.CreateAsync(Store);
        var lena = await org.PersonAsync("Lena");
        var team = await org.TeamAsync("Platform", lena);
        var alice = await org.PersonAsync("Alice", lena, team);
        var carol = await org.PersonAsync("Carol");
        await org.KeyResultAsync(await NextObjectiveAsync(org, null, "Team secret", team: team, visibility: Visibility.Private), lena);

        foreach (var who in new[] { lena, alice })
            Assert.Equal(["Team secret"], (await Service.ForTeamAsync(org.ActorFor(who), team.Id)).Value!.Objectives.Select(o => o.Title));
        Assert.Empty((await Service.ForTeamAsync(org.ActorFor(carol), team.Id)).Value!.Objectives);
    }

    [Fact]
    public async Task Another_tenants_person_or_team_is_not_found()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var alice = await ours.PersonAsync("Alice");
        var eve = await theirs.PersonAsync("Eve");
        var theirTeam = await theirs.TeamAsync("Red team", eve);
        await theirs.KeyResultAsync(await theirs.ObjectiveAsync(eve), eve);

        var person = await Service.ForPersonAsync(ours.ActorFor(alice), eve.Id);
        var team = await Service.ForTeamAsync(ours.ActorFor(alice), theirTeam.Id);
        var forged = await Service.ForPersonAsync(new Actor(ours.Tenant.Id, eve.Id), eve.Id);

        Assert.Equal((OkrErrorCode.NotFound, "personId"), (person.Error!.Code, person.Error.Field));
        Assert.Equal((OkrErrorCode.NotFound, "teamId"), (team.Error!.Code, team.Error.Field));
        Assert.Equal(OkrErrorCode.NotFound, forged.Error!.Code);
    }

    [Theory]
    [InlineData(CycleState.Planning)]
    [InlineData(CycleState.Closed)]
    public async Task Without_an_active_cycle_there_is_nothing_to_list(CycleState state)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var team = await org.TeamAsync("Platform", alice);
        await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);
        await org.SetCycleStateAsync(state);

        var person = await Service.ForPersonAsync(org.ActorFor(alice), alice.Id);
        var teamList = await Service.ForTeamAsync(org.ActorFor(alice), team.Id);

        Assert.Equal(OkrErrorCode.NotFound, person.Error!.Code);
        Assert.Equal(OkrErrorCode.NotFound, teamList.Error!.Code);
    }

    [Fact]
    public async Task Today_is_the_viewers_local_date()
    {
        // 20:00 UTC on New Year's Eve is already 2027 in Shanghai, after the quarter.
        Store.Clock.Set(new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero));
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var mei = await org.PersonAsync("Mei", timeZone: "Asia/Shanghai");

        var inUtc = await Service.ForPersonAsync(org.ActorFor(alice), mei.Id);
        var inShanghai = await Service.ForPersonAsync(org.ActorFor(mei), alice.Id);

        Assert.Equal(new DateOnly(2026, 12, 31), inUtc.Value!.Today);
        Assert.Equal(OkrErrorCode.NotFound, inShanghai.Error!.Code);
    }

    [Fact]
    public async Task A_key_result_owner_sees_their_key_result_inside_someone_elses_private_objective_or_draft()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob", maya);
        // Maya's objectives, each holding a KR her report Alice owns; Alice takes no other part in them.
        await org.KeyResultAsync(await NextObjectiveAsync(org, maya, "Maya's private goal", Visibility.Private), alice, "Alice's part");
        await org.KeyResultAsync(await NextObjectiveAsync(org, maya, "Maya's draft", state: ObjectiveState.Draft), alice, "Alice's draft part");

        Assert.Equal(["Maya's private goal", "Maya's draft"], await TitlesForPersonAsync(org, alice, alice));
        Assert.Equal(["Maya's private goal", "Maya's draft"], await TitlesForPersonAsync(org, maya, alice));
        // Owning a KR in them lets Alice in, not her peer.
        Assert.Empty(await TitlesForPersonAsync(org, bob, alice));
    }

    /// <summary>Creates an objective a minute after the previous one, so lists ordered by creation have one order.</summary>
    private async Task<Objective> NextObjectiveAsync(Org org, Person? owner, string title, Visibility visibility = Visibility.Public,
        ObjectiveState state = ObjectiveState.Published, Team? team = null)
    {
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        return await org.ObjectiveAsync(owner, title, team, visibility, state);
    }

    private async Task<Cycle> CycleAsync(Org org, string name, DateOnly start, DateOnly end, CycleState state)
    {
        var cycle = new Cycle { TenantId = org.Tenant.Id, Name = name, Kind = CycleKind.Quarterly, StartDate = start, EndDate = end, State = state };
        await using var db = Store.Database.Open();
        db.Cycles.Add(cycle);
        await db.SaveChangesAsync();
        return cycle;
    }

    private async Task<IReadOnlyList<string>> TitlesForPersonAsync(Org org, Person viewer, Person person)
    {
        var result = await Service.ForPersonAsync(org.ActorFor(viewer), person.Id);
        Assert.True(result.IsOk, result.ToString());
        return [.. result.Value!.Objectives.Select(o => o.Title)];
    }
}
