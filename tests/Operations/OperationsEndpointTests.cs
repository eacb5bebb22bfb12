using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;

namespace OkrBot.Tests.Operations;

public sealed class OperationsEndpointTests() : StoreTests(DatabaseProvider.Postgres)
{
    private const string Token = "ops-token-for-tests";

    private Task<TeamsBot> StartAsync() => TeamsBot.StartAsync(Store, configure: b =>
    {
        b.UseSetting("Operations:Token", Token);
        // Nothing is sent: the counts stay as enqueued.
        b.UseSetting("Delivery:Dispatcher:Enabled", "false");
    });

    [Fact]
    public async Task Delivery_counts_are_listed_per_tenant_and_state_and_per_period()
    {
        await using var bot = await StartAsync();
        var org = await Org.CreateAsync(Store);
        var ada = await org.PersonAsync("Ada");
        var bob = await org.PersonAsync("Bob");
        var queue = bot.Factory.Services.GetRequiredService<DeliveryQueue>();
        await queue.EnqueueAsync(new(org.Tenant.Id, ada.Id, Channel.Teams, DeliveryKind.CheckInPrompt, "2026-11-16"));
        await queue.EnqueueAsync(new(org.Tenant.Id, bob.Id, Channel.Teams, DeliveryKind.CheckInPrompt, "2026-11-16"));
        await queue.EnqueueAsync(new(org.Tenant.Id, bob.Id, Channel.Teams, DeliveryKind.CheckInPrompt, "2026-11-09"));

        var all = await GetAsync(bot, "/ops/deliveries", Token);
        var week = await GetAsync(bot, "/ops/deliveries?period=2026-11-16", Token);

        Assert.Equal(HttpStatusCode.OK, all.Status);
        var tenant = Assert.Single(all.Body!["tenants"]!.AsArray())!;
        Assert.Equal((org.Tenant.Name, 3, 0), ((string)tenant["name"]!, (int)tenant["pending"]!, (int)tenant["sent"]!));
        Assert.Equal(2, (int)week.Body!["tenants"]![0]!["pending"]!);
        // Per run: the prompts of each week, newest first.
        var runs = tenant["runs"]!.AsArray();
        Assert.Equal([("CheckInPrompt", "2026-11-09", 1), ("CheckInPrompt", "2026-11-16", 2)],
            runs.Select(r => ((string)r!["kind"]!, (string)r["period"]!, (int)r["pending"]!)).OrderBy(r => r.Item2));
    }

    [Fact]
    public async Task Runs_count_each_state_of_their_deliveries()
    {
        await using var bot = await StartAsync();
        var org = await Org.CreateAsync(Store);
        var queue = bot.Factory.Services.GetRequiredService<DeliveryQueue>();
        foreach (var name in new[] { "Ada", "Bob", "Cy" })
            await queue.EnqueueAsync(new(org.Tenant.Id, (await org.PersonAsync(name)).Id, Channel.Teams, DeliveryKind.ManagerDigest, "2026-11-23"));
        await using (var db = Store.Database.Open())
        {
            var rows = db.Deliveries.OrderBy(d => d.Id).ToList();
            (rows[0].State, rows[0].MessageId) = (DeliveryState.Sent, "m-1");
            (rows[1].State, rows[1].LastOutcome) = (DeliveryState.Pending, DeliveryOutcomeKind.Throttled);
            rows[2].State = DeliveryState.Gone;
            await db.SaveChangesAsync();
        }

        var run = Assert.Single((await GetAsync(bot, "/ops/deliveries", Token)).Body!["tenants"]![0]!["runs"]!.AsArray())!;

        Assert.Equal(("ManagerDigest", "2026-11-23", 1, 1, 1, 1),
            ((string)run["kind"]!, (string)run["period"]!, (int)run["sent"]!, (int)run["pending"]!, (int)run["throttled"]!, (int)run["gone"]!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("ops-token-for-test")]
    public async Task Without_the_operations_token_nothing_is_shown(string? token)
    {
        await using var bot = await StartAsync();

        var response = await GetAsync(bot, "/ops/deliveries", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Null(response.Body!["tenants"]);
    }

    [Fact]
    public async Task Without_a_configured_token_only_this_machine_may_look()
    {
        // The test server's requests come from no address at all: not loopback, so refused.
        await using var bot = await TeamsBot.StartAsync(Store);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(bot, "/ops/deliveries", null)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(TeamsBot bot, string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await bot.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }
}
