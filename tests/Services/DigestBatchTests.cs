using System.Text.Json;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class DigestBatchOnPostgres() : DigestBatchTests(DatabaseProvider.Postgres);
public sealed class DigestBatchOnSqlite() : DigestBatchTests(DatabaseProvider.Sqlite);

/// <summary>
/// The digests of many managers built together (<see cref="DigestService.BuildManyAsync"/>, what a digest run uses) are
/// the ones each manager gets alone, and a page of them costs the same queries however many managers it holds.
/// </summary>
public abstract class DigestBatchTests(DatabaseProvider provider) : StoreTests(provider)
{
    private static readonly DateOnly Today = new(2026, 11, 18);
    private static readonly DateOnly LastWeek = new(2026, 11, 11);

    private DigestService Service => new(Store.Database, Store.Clock);

    [Fact]
    public async Task Many_digests_built_together_are_the_ones_each_manager_gets_alone()
    {
        var org = await Org.CreateAsync(Store);
        var world = await MixedOrganisationAsync(org);
        DigestRequest[] requests =
        [
            .. world.Managers.Select(m => new DigestRequest(m.Id, Today)),
            // The same manager for another week, someone unknown, someone deactivated, a week with no cycle.
            new(world.Managers[0].Id, LastWeek),
            new(Guid.NewGuid(), Today),
            new(world.Deactivated.Id, Today),
            new(world.Managers[1].Id, new DateOnly(2027, 3, 3)),
        ];

        var together = await Service.BuildManyAsync(org.Tenant.Id, requests);
        var alone = new List<Result<ManagerDigest>>();
        foreach (var request in requests) alone.Add(await Service.BuildAsync(new Actor(org.Tenant.Id, request.ManagerId), request.WeekOf));

        Assert.Equal(alone.Select(Json), together.Select(Json));
        // Not equal by being empty: the digests hold reports, risks, movers and objectives, private ones decided both ways.
        var maya = together[0].Value!;
        Assert.Equal(["Alice", "bob", "Carol", "Dave"], maya.Reports.Select(r => r.Name));
        Assert.NotEmpty(maya.Risks);
        Assert.NotEmpty(maya.Movers);
        // Private objectives Maya may see: Carol's (her report's), her team's, Frank's (two levels below her).
        Assert.Contains(maya.Objectives, o => o.Title == "Carol's private");
        Assert.Contains(maya.Movers, m => m.Title == "Team secret");
        Assert.Contains(maya.Movers, m => m.Title == "Frank's KR run by Dave");
        Assert.DoesNotContain(together.Where(d => d.IsOk).SelectMany(d => d.Value!.Movers.Concat<object>(d.Value.Risks)),
            x => x is DigestMover { Title: "Zed's secret" } or DigestRisk { Title: "Zed's secret" });
        Assert.Equal([OkrErrorCode.NotFound, OkrErrorCode.Forbidden, OkrErrorCode.NotFound], together.Skip(world.Managers.Count + 1).Select(d => d.Error!.Code));
        Assert.NotEqual(Json(together[0]), Json(together[world.Managers.Count]));
    }

    [Fact]
    public async Task A_page_of_digests_costs_the_same_queries_however_many_managers_it_holds()
    {
        var org = await Org.CreateAsync(Store);
        var managers = new List<Person>();
        var ceo = await org.PersonAsync("Ceo");
        for (var m = 0; m < 6; m++)
        {
            var manager = await org.PersonAsync($"Manager {m}", ceo, timeZone: m % 2 == 0 ? "Asia/Shanghai" : "America/New_York");
            managers.Add(manager);
            for (var r = 0; r < 4; r++)
            {
                var report = await org.PersonAsync($"Report {m}.{r}", manager);
                // Every report has a private objective of their own and a KR in a private objective far from the manager.
                var own = await org.ObjectiveAsync(report, $"Plan {m}.{r}", visibility: r == 0 ? Visibility.Private : Visibility.Public);
                var kr = await org.KeyResultAsync(own, report, $"KR {m}.{r}", current: 10 * r);
                var outsider = await org.PersonAsync($"Outsider {m}.{r}");
                await org.KeyResultAsync(await org.ObjectiveAsync(outsider, $"Outside {m}.{r}", visibility: Visibility.Private), report, $"Help {m}.{r}");
                await CheckInAsync(org, report, (kr, 10 * r + 5));
            }
        }

        var counter = new SqlCapture();
        var counted = new DigestService(new OkrDatabase(Store.Options, Store.Clock, [counter]), Store.Clock);
        async Task<int> QueriesFor(int managerCount)
        {
            counter.Clear();
            var digests = await counted.BuildManyAsync(org.Tenant.Id, [.. managers.Take(managerCount).Select(m => new DigestRequest(m.Id, Today))]);
            Assert.All(digests, d => Assert.Equal(4, d.Value!.Reports.Count));
            return counter.Count;
        }

        var one = await QueriesFor(1);
        var two = await QueriesFor(2);
        var six = await QueriesFor(6);

        Assert.Equal(one, two);
        Assert.Equal(one, six);
        // The ten reads (managers, cycles, reports, their KRs, their objectives, the other KRs of those, participants,
        // check-ins, small wins, thresholds), the outsiders' objectives the reports own KRs in, and for those private
        // objectives one level of the chart above their owners.
        Assert.Equal(12, one);
    }

    /// <summary>
    /// Maya (Shanghai) and Omar (New York) under a CEO, their reports, a deactivated manager, and objectives of every kind:
    /// public and private, owned by reports, by someone below a report, by a team the manager leads, by an outsider.
    /// </summary>
    private async Task<(IReadOnlyList<Person> Managers, Person Deactivated)> MixedOrganisationAsync(Org org)
    {
        var ceo = await org.PersonAsync("Ceo");
        var maya = await org.PersonAsync("Maya", ceo, timeZone: "Asia/Shanghai");
        var omar = await org.PersonAsync("Omar", ceo, timeZone: "America/New_York");
        var lonely = await org.PersonAsync("Lonely", ceo);
        var gone = await org.PersonAsync("Gone", ceo);
        var zed = await org.PersonAsync("Zed");

        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("bob", maya, awayUntil: Today.AddDays(1));
        var carol = await org.PersonAsync("Carol", maya);
        var dave = await org.PersonAsync("Dave", maya);
        var frank = await org.PersonAsync("Frank", alice);
        var inactive = await org.PersonAsync("Inactive", maya);
        var olga = await org.PersonAsync("Olga", omar);
        var pete = await org.PersonAsync("Pete", omar);
        await using (var db = Store.Database.Open())
        {
            db.People.Attach(inactive).Entity.IsActive = false;
            db.People.Attach(gone).Entity.IsActive = false;
            await db.SaveChangesAsync();
        }

        var team = await org.TeamAsync("Maya's team", maya);
        var aliceObjective = await org.ObjectiveAsync(alice, "Grow");
        var signups = await org.KeyResultAsync(aliceObjective, alice, "Signups", current: 10, participants: carol);
        var churn = await org.KeyResultAsync(aliceObjective, alice, "Churn", current: 0);
        var bobKr = await org.KeyResultAsync(await org.ObjectiveAsync(bob, "Reliability"), bob, "Uptime", current: 80);
        var carolKr = await org.KeyResultAsync(await org.ObjectiveAsync(carol, "Carol's private", visibility: Visibility.Private), carol, "Hiring", current: 5);
        var frankPrivate = await org.ObjectiveAsync(frank, "Frank's private plan", visibility: Visibility.Private);
        var frankKr = await org.KeyResultAsync(frankPrivate, dave, "Frank's KR run by Dave", current: 40);
        var teamKr = await org.KeyResultAsync(await org.ObjectiveAsync(null, "Team", team: team, visibility: Visibility.Private), carol, "Team secret", current: 20);
        var zedKr = await org.KeyResultAsync(await org.ObjectiveAsync(zed, "Zed's", visibility: Visibility.Private), dave, "Zed's secret", current: 0);
        await org.KeyResultAsync(await org.ObjectiveAsync(alice, "Draft", state: ObjectiveState.Draft), alice, "Draft KR");
        var olgaObjective = await org.ObjectiveAsync(olga, "Olga's");
        var olgaKr = await org.KeyResultAsync(olgaObjective, olga, "Deals", current: 30);
        await org.KeyResultAsync(olgaObjective, pete, "Pete in Olga's", current: 70);
        var peteKr = await org.KeyResultAsync(await org.ObjectiveAsync(pete, "Pete's", visibility: Visibility.Private), pete, "Pete's own", current: 0);

        var now = Store.Clock.GetUtcNow();
        Store.Clock.Advance(TimeSpan.FromDays(-7));
        await CheckInAsync(org, alice, (signups, 15));
        await CheckInAsync(org, olga, (olgaKr, 20));
        Store.Clock.Set(now);
        await CheckInAsync(org, alice, (signups, 30), (churn, 5));
        await CheckInAsync(org, carol, (carolKr, 10), (teamKr, 45), (signups, 35));
        await CheckInAsync(org, dave, (frankKr, 60), (zedKr, 50));
        await CheckInAsync(org, maya, (bobKr, 90));
        await CheckInAsync(org, pete, (peteKr, 10));
        await CheckInAsync(org, frank, (frankKr, 65));
        await new RiskService(Store.Database, Store.Clock).MarkAtRiskAsync(org.ActorFor(alice), churn.Id, "Pricing change");
        // Far behind the line with nothing said: suggested off track.
        await org.KeyResultAsync(await org.ObjectiveAsync(dave, "Docs"), dave, "Write the docs", current: 0);
        return ([maya, omar, lonely], gone);
    }

    private async Task CheckInAsync(Org org, Person who, params (KeyResult Kr, decimal Value)[] items)
    {
        var result = await new CheckInService(Store.Database, Store.Clock)
            .RecordAsync(org.ActorFor(who), new([.. items.Select(i => new CheckInInput(i.Kr.Id, i.Value, KrStatus.OnTrack))]));
        Assert.True(result.IsOk, result.ToString());
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    /// <summary>Digests hold lists, which records compare by reference: compare what they say instead.</summary>
    private static string Json(Result<ManagerDigest> digest) => JsonSerializer.Serialize(new { digest.Value, digest.Error });
}
