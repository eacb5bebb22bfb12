using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Demo;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Demo;

public sealed class DemoOrganisationOnPostgres() : DemoOrganisationTests(DatabaseProvider.Postgres);
public sealed class DemoOrganisationOnSqlite() : DemoOrganisationTests(DatabaseProvider.Sqlite);

public abstract class DemoOrganisationTests(DatabaseProvider provider) : StoreTests(provider)
{
    private DemoOrganisation Demo => new(Store.Database, Store.Clock, NullLogger<DemoOrganisation>.Instance);

    [Fact]
    public async Task Seeding_creates_a_company_with_three_teams_twelve_people_and_a_current_quarter_in_two_languages()
    {
        await Demo.SeedAsync();

        await using var db = Store.Database.Open();
        Assert.Equal(3, await db.Teams.CountAsync(t => t.LeadId != null));
        Assert.Equal(12, await db.People.CountAsync());
        var quarter = await db.Cycles.SingleAsync(c => c.Kind == CycleKind.Quarterly);
        Assert.True(quarter.Contains(new DateOnly(2026, 11, 18)), quarter.Name);
        Assert.Equal(CycleState.Active, quarter.State);
        var titles = await db.KeyResults.Select(k => k.Title).ToListAsync();
        Assert.Contains(titles, t => t.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        Assert.Contains(titles, t => t.All(c => c < '\u0250'));
        // Weeks 2026-09-28 .. 2026-11-09 are past: seven weeks of history for each KR.
        Assert.Equal(7 * titles.Count, await db.CheckIns.CountAsync());
        Assert.Equal(0, await db.CheckIns.CountAsync(c => c.WeekOf == new DateOnly(2026, 11, 16)));
    }

    [Fact]
    public async Task Seeding_twice_seeds_once()
    {
        var first = await Demo.SeedAsync();
        var second = await Demo.SeedAsync();

        Assert.Equal(first, second);
        await using var db = Store.Database.Open();
        Assert.Equal(12, await db.People.CountAsync());
    }

    [Fact]
    public async Task The_first_person_to_talk_plays_alex_and_sees_a_check_in_they_can_make_at_once()
    {
        await Demo.SeedAsync();

        var alex = await Demo.ClaimPersonAsync(Channel.Teams, "tenant-1", "29:real-user", "Real User");

        Assert.Equal("Alex Chen", alex!.DisplayName);
        var actor = new Actor(alex.TenantId, alex.Id);
        var okrs = await new OkrQueryService(Store.Database, Store.Clock).ForPersonAsync(actor, alex.Id);
        var krs = okrs.Value!.KeyResults.Where(k => k.OwnerId == alex.Id).ToList();
        Assert.Equal(3, krs.Count);
        Assert.All(krs, k => Assert.NotNull(k.LastCheckIn));
        var checkIn = await new CheckInService(Store.Database, Store.Clock)
            .RecordAsync(actor, new(krs.Select(k => new CheckInInput(k.Id, k.CurrentValue, KrStatus.OnTrack)).ToList()));
        Assert.True(checkIn.IsOk, checkIn.ToString());
    }

    [Fact]
    public async Task Claims_are_stable_and_each_newcomer_gets_the_next_person()
    {
        await Demo.SeedAsync();

        var first = await Demo.ClaimPersonAsync(Channel.Teams, "tenant-1", "29:a", "A");
        var again = await Demo.ClaimPersonAsync(Channel.Teams, "tenant-1", "29:a", "A");
        var second = await Demo.ClaimPersonAsync(Channel.Teams, "tenant-1", "29:b", "B");

        Assert.Equal(first!.Id, again!.Id);
        Assert.Equal("王芳 Wang Fang", second!.DisplayName);
    }

    [Fact]
    public async Task Once_claimed_the_demo_does_not_cross_into_another_organisation()
    {
        await Demo.SeedAsync();
        await Demo.ClaimPersonAsync(Channel.Teams, "tenant-1", "29:a", "A");

        Assert.Null(await Demo.ClaimPersonAsync(Channel.Teams, "tenant-2", "29:z", "Z"));
        Assert.Null(await Demo.ClaimPersonAsync(Channel.Feishu, "tenant-1", "ou_z", "Z"));
    }

    [Fact]
    public async Task Without_a_seeded_demo_nobody_is_given_a_person()
    {
        Assert.Null(await Demo.ClaimPersonAsync(Channel.Teams, "tenant-1", "29:a", "A"));
    }
}
