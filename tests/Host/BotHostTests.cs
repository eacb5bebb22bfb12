using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Host;

public sealed class BotHostOnPostgres() : BotHostTests(DatabaseProvider.Postgres);
public sealed class BotHostOnSqlite() : BotHostTests(DatabaseProvider.Sqlite);

/// <summary>The bot's real start-up path: configuration, migration, demo seeding, health.</summary>
public abstract class BotHostTests(DatabaseProvider provider) : StoreTests(provider)
{
    private WebApplicationFactory<Program> Bot(bool demo) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("Storage:Provider", Store.Options.Provider.ToString());
        b.UseSetting("Storage:ConnectionString", Store.Options.ConnectionString);
        b.UseSetting("Demo:Seed", demo.ToString());
    });

    [Fact]
    public async Task The_bot_starts_healthy_on_its_store()
    {
        await using var bot = Bot(demo: false);
        var client = bot.CreateClient();

        var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Contains(Provider.ToString(), await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_demo_switch_seeds_the_sample_organisation_at_start_up()
    {
        await using var bot = Bot(demo: true);
        bot.CreateClient();

        await using var db = bot.Services.GetRequiredService<OkrDatabase>().Open();
        Assert.Equal(12, await db.People.CountAsync());
    }

    [Fact]
    public async Task A_store_that_does_not_answer_makes_the_health_check_fail_without_saying_why()
    {
        // On SQLite a missing file would simply be created: point it somewhere it cannot be opened.
        await using var broken = Bot(demo: false).WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:ConnectionString", Provider == DatabaseProvider.Postgres
                ? "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2"
                : "Data Source=/nonexistent/dir/okrbot.db;Mode=ReadOnly");
            b.UseSetting("Storage:MigrateOnStart", "false");
        });

        var health = await broken.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal("Unhealthy", body);
    }

    [Fact]
    public void The_demo_command_line_switch_maps_to_the_demo_setting()
    {
        Assert.Equal(["--Demo:Seed=true", "--urls", "x"], OkrBot.Jobs.Hosting.CommandLine.Expand(["--demo", "--urls", "x"]));
    }
}
