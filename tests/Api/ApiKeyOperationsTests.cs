using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

public sealed class ApiKeyOperationsTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task A_key_is_shown_once_at_creation_and_only_its_hash_is_kept()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);

        var tenants = await bot.OpsAsync(HttpMethod.Get, "/ops/tenants");
        var created = await bot.OpsAsync(HttpMethod.Post, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys", new JsonObject { ["name"] = "CRM sync", ["scope"] = "write" });
        var listed = await bot.OpsAsync(HttpMethod.Get, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys");

        Assert.Contains(tenants.Json!["tenants"]!.AsArray(), t => (string)t!["id"]! == world.Org.Tenant.Id.ToString() && (string)t["name"]! == "Contoso");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("no-store", created.Header("Cache-Control"));
        var key = (string)created.Json!["key"]!;
        Assert.Matches(new Regex("^" + ApiKeyFormat.Pattern + "$"), key);
        Assert.Equal((key[..ApiKeyFormat.PrefixLength], "write", "CRM sync"),
            ((string)created.Json["apiKey"]!["prefix"]!, (string)created.Json["apiKey"]!["scope"]!, (string)created.Json["apiKey"]!["name"]!));
        Assert.DoesNotContain(key, listed.Text);
        Assert.DoesNotContain(key[ApiKeyFormat.PrefixLength..], listed.Text);
        Assert.Equal((string)created.Json["apiKey"]!["id"]!, (string)listed.Json!["apiKeys"]![0]!["id"]!);
        await using var db = Store.Database.Open();
        var row = await db.ApiKeys.SingleAsync();
        Assert.Equal(ApiKeyFormat.Hash(key), row.SecretHash);
        Assert.DoesNotContain(await db.AuditEntries.ToListAsync(), a => (a.NewValue ?? "").Contains(key[ApiKeyFormat.PrefixLength..]));
        Assert.DoesNotContain(key[ApiKeyFormat.PrefixLength..], System.Text.Json.JsonSerializer.Serialize(row));
        var creation = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(ApiKey));
        Assert.Equal((AuditAction.Created, row.Id), (creation.Action, creation.EntityId));
    }

    [Fact]
    public async Task Keys_are_managed_only_with_the_operations_token()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);
        var before = await bot.SnapshotAsync();

        var answers = new[]
        {
            await bot.OpsAsync(HttpMethod.Get, "/ops/tenants", token: null),
            await bot.OpsAsync(HttpMethod.Post, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys", new JsonObject { ["name"] = "x", ["scope"] = "write" }, token: "wrong"),
            await bot.OpsAsync(HttpMethod.Get, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys", token: null),
            // An API key is not an operations token.
            await bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys/{Guid.NewGuid()}", token: key),
        };

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (a.Status, a.ContentType)));
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_key_needs_a_name_and_a_scope_of_an_existing_tenant()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var before = await bot.SnapshotAsync();
        var path = $"/ops/tenants/{world.Org.Tenant.Id}/api-keys";

        var noName = await bot.OpsAsync(HttpMethod.Post, path, new JsonObject { ["scope"] = "read" });
        var longName = await bot.OpsAsync(HttpMethod.Post, path, new JsonObject { ["name"] = new string('n', 101), ["scope"] = "read" });
        var badScope = await bot.OpsAsync(HttpMethod.Post, path, new JsonObject { ["name"] = "x", ["scope"] = "admin" });
        var noTenant = await bot.OpsAsync(HttpMethod.Post, $"/ops/tenants/{Guid.NewGuid()}/api-keys", new JsonObject { ["name"] = "x", ["scope"] = "read" });
        var revokeNothing = await bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys/{Guid.NewGuid()}");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (noName.Status, longName.Status, badScope.Status, noTenant.Status, revokeNothing.Status));
        Assert.NotNull(noName.Json!["errors"]!["name"]);
        Assert.NotNull(badScope.Json!["errors"]!["scope"]);
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task Revoking_is_recorded_and_revoking_twice_changes_nothing_more()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        await bot.KeyAsync(world.Org.Tenant.Id);
        var id = (string)(await bot.OpsAsync(HttpMethod.Get, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys")).Json!["apiKeys"]![0]!["id"]!;
        // Another tenant's id path does not reach this key.
        var elsewhere = await bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{world.OtherOrg.Tenant.Id}/api-keys/{id}");

        var first = await bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys/{id}");
        var snapshot = await bot.SnapshotAsync();
        Store.Clock.Advance(TimeSpan.FromHours(1));
        var second = await bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys/{id}");

        Assert.Equal(HttpStatusCode.NotFound, elsewhere.Status);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, second.Status));
        Assert.Equal((string)first.Json!["revokedAt"]!, (string)second.Json!["revokedAt"]!);
        Assert.Equal(snapshot, await bot.SnapshotAsync());
        await using var db = Store.Database.Open();
        Assert.Single(await db.AuditEntries.Where(a => a.Entity == nameof(ApiKey) && a.Field == nameof(ApiKey.RevokedAt)).ToListAsync());
    }
}
