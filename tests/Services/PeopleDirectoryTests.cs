using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Demo;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class PeopleDirectoryOnPostgres() : PeopleDirectoryTests(DatabaseProvider.Postgres);
public sealed class PeopleDirectoryOnSqlite() : PeopleDirectoryTests(DatabaseProvider.Sqlite);

/// <summary>What an organisation's directory (Feishu's contacts) may change about a person: their name and their manager.</summary>
public abstract class PeopleDirectoryTests(DatabaseProvider provider) : StoreTests(provider)
{
    private PeopleService Service => new(Store.Database, new DemoOrganisation(Store.Database, Store.Clock, NullLogger<DemoOrganisation>.Instance), Store.Clock);

    private async Task<Person> RegisterAsync(string openId, string? locale = null) =>
        (await Service.RegisterAsync(new ChannelUser(Channel.Feishu, "tk-1", openId, NewcomerLocale: locale))).Value!.Person;

    private async Task<Person> ReloadAsync(Guid id)
    {
        await using var db = Store.Database.Open();
        return await db.People.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    [Fact]
    public async Task A_newcomer_gets_the_newcomer_locale_and_so_does_their_organisation_but_a_known_person_keeps_theirs()
    {
        var first = await RegisterAsync("ou_a", "zh-CN");
        var again = await Service.RegisterAsync(new ChannelUser(Channel.Feishu, "tk-1", "ou_a", NewcomerLocale: "en-US"));

        Assert.Equal(("zh-CN", "zh-CN"), (first.Locale, again.Value!.Person.Locale));
        await using var db = Store.Database.Open();
        Assert.Equal("zh-CN", (await db.Tenants.SingleAsync()).DefaultLocale);
    }

    [Fact]
    public async Task The_directory_names_the_person_and_registers_their_leader_as_their_manager()
    {
        var alex = await RegisterAsync("ou_alex");

        var applied = await Service.ApplyDirectoryAsync(alex.TenantId, alex.Id, new DirectoryEntry("王芳", "ou_boss", "张伟"));

        Assert.True(applied.IsOk, applied.ToString());
        await using var db = Store.Database.Open();
        var boss = await db.People.SingleAsync(p => p.ExternalId == "ou_boss");
        Assert.Equal(("王芳", boss.Id), (applied.Value!.DisplayName, (await ReloadAsync(alex.Id)).ManagerId));
        Assert.Equal(("张伟", alex.TenantId, (Guid?)null), (boss.DisplayName, boss.TenantId, boss.ManagerId));
    }

    [Fact]
    public async Task A_leader_who_already_talked_to_the_bot_is_found_not_registered_twice()
    {
        var boss = await RegisterAsync("ou_boss");
        var alex = await RegisterAsync("ou_alex");

        await Service.ApplyDirectoryAsync(alex.TenantId, alex.Id, new DirectoryEntry("Alex", "ou_boss", "Ignored Name"));

        await using var db = Store.Database.Open();
        Assert.Equal(2, await db.People.CountAsync());
        Assert.Equal(boss.Id, (await ReloadAsync(alex.Id)).ManagerId);
        Assert.Equal("ou_boss", (await ReloadAsync(boss.Id)).DisplayName);
    }

    [Fact]
    public async Task An_entry_without_a_leader_leaves_the_manager_an_admin_set()
    {
        var boss = await RegisterAsync("ou_boss");
        var alex = await RegisterAsync("ou_alex");
        await using (var db = Store.Database.Open())
        {
            await db.People.Where(p => p.Id == alex.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ManagerId, boss.Id));
        }

        await Service.ApplyDirectoryAsync(alex.TenantId, alex.Id, new DirectoryEntry("Alex Chen", null, null));

        Assert.Equal(("Alex Chen", (Guid?)boss.Id), ((await ReloadAsync(alex.Id)).DisplayName, (await ReloadAsync(alex.Id)).ManagerId));
    }

    [Fact]
    public async Task A_leader_that_would_close_a_loop_in_the_chain_is_not_set()
    {
        var a = await RegisterAsync("ou_a");
        var b = await RegisterAsync("ou_b");
        await Service.ApplyDirectoryAsync(a.TenantId, b.Id, new DirectoryEntry(null, "ou_a", null)); // a manages b

        var applied = await Service.ApplyDirectoryAsync(a.TenantId, a.Id, new DirectoryEntry(null, "ou_b", null)); // b would manage a
        var self = await Service.ApplyDirectoryAsync(a.TenantId, a.Id, new DirectoryEntry(null, "ou_a", null));

        Assert.True(applied.IsOk && self.IsOk);
        Assert.Null((await ReloadAsync(a.Id)).ManagerId);
        Assert.Equal(a.Id, (await ReloadAsync(b.Id)).ManagerId);
    }

    [Fact]
    public async Task Another_organisations_person_is_not_found()
    {
        var alex = await RegisterAsync("ou_alex");

        var applied = await Service.ApplyDirectoryAsync(Guid.CreateVersion7(), alex.Id, new DirectoryEntry("Mallory", "ou_m", null));

        Assert.Equal(OkrErrorCode.NotFound, applied.Error!.Code);
        Assert.Equal("ou_alex", (await ReloadAsync(alex.Id)).DisplayName);
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.People.CountAsync());
    }
}
