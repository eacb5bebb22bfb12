using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

public sealed class ApiManagerTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task An_admins_system_sets_and_clears_a_manager_audited_as_its_key()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "write", "HR directory sync");

        var set = await bot.PutAsync($"/api/v1/people/{world.Sam.Id}/manager", key, new JsonObject { ["managerId"] = world.Alex.Id.ToString() });
        var cleared = await bot.PutAsync($"/api/v1/people/{world.Maria.Id}/manager", key, new JsonObject { ["managerId"] = null });

        Assert.Equal((HttpStatusCode.OK, world.Alex.Id.ToString()), (set.Status, (string)set.Json!["managerId"]!));
        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Null(cleared.Json!["managerId"]);
        await using var db = Store.Database.Open();
        Assert.Equal(world.Alex.Id, (await db.People.SingleAsync(p => p.Id == world.Sam.Id)).ManagerId);
        var keyId = (await db.ApiKeys.SingleAsync()).Id;
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == world.Sam.Id && a.Field == nameof(Person.ManagerId));
        Assert.Equal((world.Maria.Id.ToString(), world.Alex.Id.ToString(), AuditActorKind.ApiKey, keyId),
            (audit.OldValue, audit.NewValue, audit.ActorKind, audit.ActorId!.Value));
        // The org chart the rest of the bot reads follows: Alex now manages Sam.
        var reports = await bot.GetAsync($"/api/v1/people?managerId={world.Alex.Id}", key);
        Assert.Equal(["Sam"], reports.Json!["items"]!.AsArray().Select(p => (string)p!["displayName"]!));
    }

    [Fact]
    public async Task A_manager_that_would_make_a_loop_is_no_one_or_is_elsewhere_is_refused_and_nothing_changes()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);
        var before = await bot.SnapshotAsync();

        foreach (var (label, personId, body, status, field) in new (string, Guid, string, HttpStatusCode, string?)[]
                 {
                     ("themselves", world.Sam.Id, $$"""{"managerId":"{{world.Sam.Id}}"}""", HttpStatusCode.UnprocessableEntity, "managerId"),
                     // Maria manages Alex: Alex cannot become Maria's manager.
                     ("a loop", world.Maria.Id, $$"""{"managerId":"{{world.Alex.Id}}"}""", HttpStatusCode.UnprocessableEntity, "managerId"),
                     ("another organisation's person", world.Sam.Id, $$"""{"managerId":"{{world.OtherPerson.Id}}"}""", HttpStatusCode.UnprocessableEntity, "managerId"),
                     ("nobody", world.Sam.Id, $$"""{"managerId":"{{Guid.NewGuid()}}"}""", HttpStatusCode.UnprocessableEntity, "managerId"),
                     ("not an id", world.Sam.Id, """{"managerId":"Maria"}""", HttpStatusCode.BadRequest, "managerId"),
                     ("a number", world.Sam.Id, """{"managerId":7}""", HttpStatusCode.BadRequest, "managerId"),
                     ("no managerId at all", world.Sam.Id, """{}""", HttpStatusCode.BadRequest, "managerId"),
                     ("an unknown person", Guid.NewGuid(), """{"managerId":null}""", HttpStatusCode.NotFound, null),
                 })
        {
            var answer = await bot.SendAsync(HttpMethod.Put, $"/api/v1/people/{personId}/manager", key, body);
            Assert.True(answer.Status == status, $"{label}: expected {status}, got {answer.Status} {answer.Text}");
            Assert.Equal("application/problem+json", answer.ContentType);
            if (field is not null) Assert.True(answer.Json!["errors"]?[field] is not null, $"{label}: {answer.Text}");
        }
        Assert.Equal(before, await bot.SnapshotAsync());
    }
}
