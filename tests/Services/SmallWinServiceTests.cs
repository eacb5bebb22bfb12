using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class SmallWinServiceOnPostgres() : SmallWinServiceTests(DatabaseProvider.Postgres);
public sealed class SmallWinServiceOnSqlite() : SmallWinServiceTests(DatabaseProvider.Sqlite);

public abstract class SmallWinServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private SmallWinService Service => new(Store.Database, Store.Clock);

    [Fact]
    public async Task A_small_win_is_recorded_in_the_authors_local_week_and_audited()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        await using (var db = Store.Database.Open())
        {
            // Sunday 23:30 in Auckland is already Monday there: the win belongs to the Auckland week.
            await db.People.Where(p => p.Id == alice.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.TimeZoneId, "Pacific/Auckland"));
        }
        var now = Store.Clock.GetUtcNow();
        var expectedWeek = OkrBot.Core.Rules.Weeks.WeekOf(now, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland"));

        var recorded = await Service.RecordAsync(new Actor(org.Tenant.Id, alice.Id), "  The onboarding guide is live  ");

        Assert.True(recorded.IsOk, recorded.ToString());
        await using var check = Store.Database.Open();
        var win = await check.SmallWins.SingleAsync();
        Assert.Equal(("The onboarding guide is live", alice.Id, expectedWeek), (win.Text, win.PersonId, win.Week));
        Assert.Contains(await check.AuditEntries.ToListAsync(), a => a.Entity == nameof(SmallWin) && a.ActorId == alice.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_win_is_refused_and_nothing_is_stored(string? text)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");

        var recorded = await Service.RecordAsync(new Actor(org.Tenant.Id, alice.Id), text);

        Assert.Equal((OkrErrorCode.Invalid, "win"), (recorded.Error!.Code, recorded.Error.Field));
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.SmallWins.CountAsync());
    }

    [Fact]
    public async Task A_win_longer_than_280_characters_is_refused_and_one_of_exactly_280_is_kept()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var actor = new Actor(org.Tenant.Id, alice.Id);

        var tooLong = await Service.RecordAsync(actor, new string('好', 281));
        var justRight = await Service.RecordAsync(actor, new string('好', 280));

        Assert.Equal("win", tooLong.Error!.Field);
        Assert.True(justRight.IsOk);
        await using var db = Store.Database.Open();
        Assert.Equal(280, (await db.SmallWins.SingleAsync()).Text.Length);
    }

    [Fact]
    public async Task The_eleventh_win_of_a_week_is_refused()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var actor = new Actor(org.Tenant.Id, alice.Id);
        for (var i = 1; i <= SmallWinService.MaxPerWeek; i++) Assert.True((await Service.RecordAsync(actor, $"win {i}")).IsOk);

        var eleventh = await Service.RecordAsync(actor, "one more");
        Store.Clock.Advance(TimeSpan.FromDays(7));
        var nextWeek = await Service.RecordAsync(actor, "one more");

        Assert.Equal("winsPerWeek", eleventh.Error!.Field);
        Assert.True(nextWeek.IsOk);
    }

    [Fact]
    public async Task Someone_of_another_organisation_cannot_record_a_win_here()
    {
        var org = await Org.CreateAsync(Store);
        var other = await Org.CreateAsync(Store, "Fabrikam");
        var mallory = await other.PersonAsync("Mallory");

        var recorded = await Service.RecordAsync(new Actor(org.Tenant.Id, mallory.Id), "I was here");

        Assert.Equal(OkrErrorCode.NotFound, recorded.Error!.Code);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.SmallWins.CountAsync());
    }

    [Fact]
    public async Task The_wins_of_a_week_are_read_for_the_people_asked_about_only()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob");
        await Service.RecordAsync(new Actor(org.Tenant.Id, alice.Id), "Alice's win");
        await Service.RecordAsync(new Actor(org.Tenant.Id, bob.Id), "Bob's win");
        Store.Clock.Advance(TimeSpan.FromDays(7));
        await Service.RecordAsync(new Actor(org.Tenant.Id, alice.Id), "next week's win");
        var week = OkrBot.Core.Rules.Weeks.WeekOf(Store.Clock.GetUtcNow().AddDays(-7), TimeZoneInfo.Utc);

        await using var db = Store.Database.Open();
        var wins = await SmallWinService.OfWeeksAsync(db, org.Tenant.Id, [week], [alice.Id, maya.Id], CancellationToken.None);

        var win = Assert.Single(wins);
        Assert.Equal(("Alice", "Alice's win"), (win.PersonName, win.Text));
    }
}
