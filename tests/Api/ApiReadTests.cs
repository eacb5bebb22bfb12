using System.Net;
using System.Text.Json.Nodes;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

public sealed class ApiReadTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task The_current_cycles_public_objectives_are_listed_with_their_key_results()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");

        var answer = await bot.GetAsync("/api/v1/objectives", key);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var page = answer.Json!;
        Assert.Equal((2, 0, 50), ((int)page["total"]!, (int)page["offset"]!, (int)page["limit"]!));
        Assert.Null(page["next"]);
        var objectives = page["items"]!.AsArray();
        Assert.Equal(["Win the enterprise market", "Sales runs like clockwork"], objectives.Select(o => (string)o!["title"]!));
        var win = objectives[0]!;
        Assert.Equal((world.Alex.Id.ToString(), "Alex", world.Org.Quarter.Id.ToString(), "2026 Q4"),
            ((string)win["owner"]!["personId"]!, (string)win["owner"]!["name"]!, (string)win["cycleId"]!, (string)win["cycleName"]!));
        var deals = win["keyResults"]!.AsArray().Single(k => (string)k!["title"]! == "Close enterprise deals")!;
        Assert.Equal(("metric", "increase", 0m, 100m, 10m, 0.1m), ((string)deals["kind"]!, (string)deals["direction"]!, (decimal)deals["startValue"]!,
            (decimal)deals["targetValue"]!, (decimal)deals["currentValue"]!, (decimal)deals["progress"]!));
        Assert.Equal([world.Sam.Id.ToString()], deals["participantIds"]!.AsArray().Select(p => (string)p!));
        Assert.Contains((string)deals["status"]!, new[] { "onTrack", "atRisk", "offTrack" });
        Assert.Equal("Sales", (string)objectives[1]!["owner"]!["name"]!);
        Assert.Null(objectives[1]!["owner"]!["personId"]);
    }

    [Fact]
    public async Task Objectives_are_filtered_by_person_team_and_cycle_and_paged_with_a_link_to_the_next_page()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");

        var sams = await bot.GetAsync($"/api/v1/objectives?personId={world.Sam.Id}", key);
        var marias = await bot.GetAsync($"/api/v1/objectives?personId={world.Maria.Id}", key);
        var team = await bot.GetAsync($"/api/v1/objectives?teamId={world.Sales.Id}", key);
        var first = await bot.GetAsync($"/api/v1/objectives?cycleId={world.Org.Quarter.Id}&limit=1", key);
        var second = await bot.GetAsync((string)first.Json!["next"]!, key);

        // Sam takes part in a KR of Alex's objective; Maria owns the team's KR; the team's list has its own and its members'.
        Assert.Equal(["Win the enterprise market"], Titles(sams));
        Assert.Equal(["Sales runs like clockwork"], Titles(marias));
        Assert.Equal(["Win the enterprise market", "Sales runs like clockwork"], Titles(team));
        Assert.Equal(["Win the enterprise market"], Titles(first));
        Assert.Equal(2, (int)first.Json!["total"]!);
        Assert.Contains("offset=1", (string)first.Json!["next"]!);
        Assert.Equal(["Sales runs like clockwork"], Titles(second));
        Assert.Equal(1, (int)second.Json!["offset"]!);
        Assert.Null(second.Json!["next"]);
    }

    [Fact]
    public async Task One_objective_one_key_result_with_its_check_ins_and_the_check_ins_since_a_date_can_be_read()
    {
        var world = await ApiWorld.CreateAsync(Store);
        var checkIns = new CheckInService(Store.Database, Store.Clock);
        Store.Clock.Set(new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero));
        Assert.True((await checkIns.RecordAsync(world.Org.ActorFor(world.Alex), new([new(world.Deals.Id, 20, KrStatus.OnTrack, 7, "Two pilots signed")]))).IsOk);
        Store.Clock.Set(TestStore.DefaultNow);
        Assert.True((await checkIns.RecordAsync(world.Org.ActorFor(world.Sam), new([new(world.Deals.Id, 30, KrStatus.AtRisk, 5, "Legal review slow", "Legal")]))).IsOk);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");

        var objective = await bot.GetAsync($"/api/v1/objectives/{world.Public.Id}", key);
        var kr = await bot.GetAsync($"/api/v1/key-results/{world.Deals.Id}", key);
        var all = await bot.GetAsync($"/api/v1/check-ins?keyResultId={world.Deals.Id}", key);
        var since = await bot.GetAsync("/api/v1/check-ins?since=2026-11-16", key);
        var sinceInstant = await bot.GetAsync("/api/v1/check-ins?since=2026-11-18T09:00:00%2B00:00", key);

        Assert.Equal((HttpStatusCode.OK, 3), (objective.Status, objective.Json!["keyResults"]!.AsArray().Count));
        Assert.Equal(HttpStatusCode.OK, kr.Status);
        Assert.Equal((30m, "atRisk", "Win the enterprise market", "2026 Q4"), ((decimal)kr.Json!["keyResult"]!["currentValue"]!,
            (string)kr.Json["keyResult"]!["status"]!, (string)kr.Json["objective"]!["name"]!, (string)kr.Json["cycle"]!["name"]!));
        Assert.Equal([("Sam", 30m, "Legal review slow"), ("Alex", 20m, "Two pilots signed")],
            kr.Json["checkIns"]!.AsArray().Select(c => ((string)c!["authorName"]!, (decimal)c["value"]!, (string)c["note"]!)));
        Assert.Equal(("Legal", "2026-11-16"), ((string)kr.Json["checkIns"]![0]!["blockers"]!, (string)kr.Json["checkIns"]![0]!["weekOf"]!));
        Assert.Equal([20m, 30m], all.Json!["items"]!.AsArray().Select(c => (decimal)c!["value"]!));
        Assert.Equal([30m], since.Json!["items"]!.AsArray().Select(c => (decimal)c!["value"]!));
        Assert.Equal([30m], sinceInstant.Json!["items"]!.AsArray().Select(c => (decimal)c!["value"]!));
    }

    [Fact]
    public async Task People_cycles_and_teams_are_listed()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");

        var people = await bot.GetAsync("/api/v1/people", key);
        var reports = await bot.GetAsync($"/api/v1/people?managerId={world.Maria.Id}", key);
        var alex = await bot.GetAsync($"/api/v1/people/{world.Alex.Id}", key);
        var cycles = await bot.GetAsync("/api/v1/cycles", key);
        var teams = await bot.GetAsync("/api/v1/teams", key);

        Assert.Equal(["Alex", "Maria", "Sam"], people.Json!["items"]!.AsArray().Select(p => (string)p!["displayName"]!));
        Assert.Equal(["Alex", "Sam"], reports.Json!["items"]!.AsArray().Select(p => (string)p!["displayName"]!));
        Assert.Equal((world.Maria.Id.ToString(), world.Sales.Id.ToString(), world.Alex.ExternalId, "UTC"),
            ((string)alex.Json!["managerId"]!, (string)alex.Json["teamId"]!, (string)alex.Json["externalId"]!, (string)alex.Json["timeZone"]!));
        Assert.Equal([("2026 Q4", "quarterly", "active", "2026-10-01")], cycles.Json!.AsArray()
            .Select(c => ((string)c!["name"]!, (string)c["kind"]!, (string)c["state"]!, (string)c["startDate"]!)));
        Assert.Equal([("Sales", world.Maria.Id.ToString())], teams.Json!.AsArray().Select(t => ((string)t!["name"]!, (string)t["leadId"]!)));
    }

    /// <summary>A key stands for no person: it sees what everyone in its organisation sees, never private OKRs or drafts (docs/decisions/0013).</summary>
    [Fact]
    public async Task Private_and_draft_objectives_are_not_there_for_a_key()
    {
        var world = await ApiWorld.CreateAsync(Store);
        var checkIns = new CheckInService(Store.Database, Store.Clock);
        Assert.True((await checkIns.RecordAsync(world.Org.ActorFor(world.Alex), new([new(world.PrivateKr.Id, 1, KrStatus.OnTrack, Note: "Quiet progress")]))).IsOk);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "write");
        var before = await bot.SnapshotAsync();

        var list = await bot.GetAsync($"/api/v1/objectives?personId={world.Alex.Id}", key);
        var privateObjective = await bot.GetAsync($"/api/v1/objectives/{world.Private.Id}", key);
        var draft = await bot.GetAsync($"/api/v1/objectives/{world.Draft.Id}", key);
        var privateKr = await bot.GetAsync($"/api/v1/key-results/{world.PrivateKr.Id}", key);
        var privateCheckIns = await bot.GetAsync($"/api/v1/check-ins?keyResultId={world.PrivateKr.Id}", key);
        var allCheckIns = await bot.GetAsync("/api/v1/check-ins", key);
        var post = await bot.PostAsync($"/api/v1/key-results/{world.PrivateKr.Id}/values", key, new JsonObject { ["value"] = 2 });

        Assert.Equal(["Win the enterprise market"], Titles(list));
        Assert.All(new[] { privateObjective, draft, privateKr, privateCheckIns, post }, a =>
        {
            Assert.Equal(HttpStatusCode.NotFound, a.Status);
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.DoesNotContain("Secret", a.Text);
        });
        Assert.Empty(allCheckIns.Json!["items"]!.AsArray());
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task Another_organisations_ids_are_not_found_and_nothing_of_it_is_listed()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "write");
        var before = await bot.SnapshotAsync();

        var answers = new[]
        {
            await bot.GetAsync($"/api/v1/objectives/{world.OtherObjective.Id}", key),
            await bot.GetAsync($"/api/v1/key-results/{world.OtherKr.Id}", key),
            await bot.GetAsync($"/api/v1/people/{world.OtherPerson.Id}", key),
            await bot.GetAsync($"/api/v1/objectives?cycleId={world.OtherOrg.Quarter.Id}", key),
            await bot.GetAsync($"/api/v1/objectives?personId={world.OtherPerson.Id}", key),
            await bot.GetAsync($"/api/v1/check-ins?keyResultId={world.OtherKr.Id}", key),
            await bot.PostAsync($"/api/v1/key-results/{world.OtherKr.Id}/values", key, new JsonObject { ["value"] = 5 }),
            await bot.PutAsync($"/api/v1/people/{world.OtherPerson.Id}/manager", key, new JsonObject { ["managerId"] = null }),
            // Unknown ids answer exactly as foreign ones do, so a 404 says nothing about existence elsewhere.
            await bot.GetAsync($"/api/v1/key-results/{Guid.NewGuid()}", key),
        };
        var people = await bot.GetAsync("/api/v1/people?includeInactive=true", key);

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (a.Status, a.ContentType)));
        Assert.All(answers, a => Assert.DoesNotContain("Fabrikam", a.Text));
        Assert.Equal(answers[1].Json!["detail"]!.ToString(), answers[^1].Json!["detail"]!.ToString());
        Assert.DoesNotContain("Olga", people.Text);
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task Malformed_query_parameters_are_refused_naming_the_parameter()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");

        foreach (var (path, field) in new[]
                 {
                     ("/api/v1/objectives?personId=alex", "personId"),
                     ("/api/v1/objectives?limit=0", "limit"),
                     ("/api/v1/objectives?limit=1000", "limit"),
                     ("/api/v1/objectives?offset=-1", "offset"),
                     ("/api/v1/objectives?personid=" + world.Alex.Id, "personid"),
                     ("/api/v1/objectives?limit=1&limit=2", "limit"),
                     ("/api/v1/check-ins?since=yesterday", "since"),
                     ("/api/v1/check-ins?since=2026-11-16T09:00:00", "since"),
                     ("/api/v1/people?includeInactive=maybe", "includeInactive"),
                     ("/api/v1/key-results/" + world.Deals.Id + "?recent=500", "recent"),
                 })
        {
            var answer = await bot.GetAsync(path, key);
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{path}: {answer.Status}");
            Assert.Equal("application/problem+json", answer.ContentType);
            Assert.True(answer.Json!["errors"]![field] is not null, $"{path}: {answer.Text}");
        }
    }

    [Fact]
    public async Task An_unknown_route_under_the_api_is_a_problem_document_too()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");

        var notAnId = await bot.GetAsync("/api/v1/objectives/not-an-id", key);
        var nothing = await bot.GetAsync("/api/v1/nothing-here", key);

        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (notAnId.Status, notAnId.ContentType));
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (nothing.Status, nothing.ContentType));
    }

    private static IEnumerable<string> Titles(ApiAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Text}");
        return answer.Json!["items"]!.AsArray().Select(o => (string)o!["title"]!);
    }
}
