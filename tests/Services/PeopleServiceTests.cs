using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Demo;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class PeopleServiceOnPostgres() : PeopleServiceTests(DatabaseProvider.Postgres);
public sealed class PeopleServiceOnSqlite() : PeopleServiceTests(DatabaseProvider.Sqlite);

public abstract class PeopleServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private DemoOrganisation Demo => new(Store.Database, Store.Clock, NullLogger<DemoOrganisation>.Instance);
    private PeopleService Service => new(Store.Database, Demo, Store.Clock);

    [Fact]
    public async Task The_first_contact_from_a_new_organisation_registers_it_and_the_person_with_their_locale_and_zone()
    {
        var result = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada", "Ada Lovelace", "aad-1", "zh-cn", "Asia/Shanghai"));

        Assert.True(result.IsOk, result.ToString());
        await using var db = Store.Database.Open();
        var tenant = await db.Tenants.SingleAsync();
        var person = await db.People.SingleAsync();
        Assert.Equal((Channel.Teams, "tid-1"), (tenant.Channel, tenant.ExternalId));
        Assert.Equal(("29:ada", "Ada Lovelace", "aad-1", "zh-CN", "Asia/Shanghai"),
            (person.ExternalId, person.DisplayName, person.AadObjectId, person.Locale, person.TimeZoneId));
    }

    [Fact]
    public async Task A_second_contact_finds_the_same_person_and_refreshes_the_name_but_keeps_their_own_zone()
    {
        var first = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada", "Ada", TimeZone: "Europe/London"));
        var second = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada", "Ada Lovelace", TimeZone: "Asia/Tokyo"));

        Assert.Equal(first.Value!.Person.Id, second.Value!.Person.Id);
        Assert.Equal((true, false), (first.Value.IsNewcomer, second.Value.IsNewcomer));
        await using var db = Store.Database.Open();
        var person = await db.People.SingleAsync();
        Assert.Equal(("Ada Lovelace", "Europe/London"), (person.DisplayName, person.TimeZoneId));
    }

    [Fact]
    public async Task The_same_user_id_in_two_organisations_is_two_people()
    {
        var a = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:same"));
        var b = await Service.RegisterAsync(new(Channel.Teams, "tid-2", "29:same"));

        Assert.NotEqual(a.Value!.Person.TenantId, b.Value!.Person.TenantId);
    }

    [Fact]
    public async Task Unknown_zones_and_locales_fall_back_to_defaults_and_overlong_names_are_cut()
    {
        var result = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:x", new string('名', 500), Locale: "xx-NOPE", TimeZone: "Mars/Olympus"));

        var person = result.Value!.Person;
        Assert.Equal(("UTC", "en-US", OkrModel.NameLength), (person.TimeZoneId, person.Locale, person.DisplayName.Length));
    }

    [Theory]
    [InlineData("", "29:x")]
    [InlineData("tid", "")]
    [InlineData("tid", "   ")]
    public async Task A_contact_without_organisation_or_user_is_refused_and_nothing_is_stored(string tenant, string user)
    {
        var result = await Service.RegisterAsync(new(Channel.Teams, tenant, user));

        Assert.Equal(OkrErrorCode.Invalid, result.Error!.Code);
        await using var db = Store.Database.Open();
        Assert.Equal((0, 0), (await db.Tenants.CountAsync(), await db.People.CountAsync()));
    }

    [Fact]
    public async Task With_the_demo_seeded_a_newcomer_plays_a_demo_person_instead_of_creating_an_organisation()
    {
        await Demo.SeedAsync();

        var result = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:newcomer", "New Comer"));

        Assert.Equal(("Alex Chen", true, true), (result.Value!.Person.DisplayName, result.Value.IsNewcomer, result.Value.PlaysDemoPerson));
        var again = await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:newcomer", "New Comer", Locale: "zh-CN"));
        Assert.Equal(("Alex Chen", "zh-CN"), (again.Value!.Person.DisplayName, again.Value.Person.Locale));
        Assert.Equal((result.Value.Person.Id, false, true), (again.Value!.Person.Id, again.Value.IsNewcomer, again.Value.PlaysDemoPerson));
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.Tenants.CountAsync());
    }

    [Fact]
    public async Task Concurrent_first_contacts_of_one_person_register_them_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada", "Ada"))));

        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        Assert.Single(results.Select(r => r.Value!.Person.Id).Distinct());
        await using var db = Store.Database.Open();
        Assert.Equal((1, 1), (await db.Tenants.CountAsync(), await db.People.CountAsync()));
    }

    [Fact]
    public async Task Away_until_a_date_is_stored_and_back_clears_it_but_a_past_date_is_refused()
    {
        var person = (await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada"))).Value!.Person;
        var actor = new Actor(person.TenantId, person.Id);

        var away = await Service.SetAwayAsync(actor, new DateOnly(2026, 12, 4));
        var past = await Service.SetAwayAsync(actor, new DateOnly(2026, 11, 1));
        Assert.Equal(new DateOnly(2026, 12, 4), away.Value!.AwayUntil);
        Assert.Equal(OkrErrorCode.Invalid, past.Error!.Code);
        await using (var db = Store.Database.Open())
            Assert.Equal(new DateOnly(2026, 12, 4), (await db.People.SingleAsync()).AwayUntil);

        await Service.SetAwayAsync(actor, null);
        await using var read = Store.Database.Open();
        Assert.Null((await read.People.SingleAsync()).AwayUntil);
    }

    [Fact]
    public async Task Time_zone_and_check_in_day_settings_are_validated_and_stored()
    {
        var person = (await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada"))).Value!.Person;
        var actor = new Actor(person.TenantId, person.Id);

        Assert.True((await Service.SetTimeZoneAsync(actor, "America/New_York")).IsOk);
        Assert.Equal(OkrErrorCode.Invalid, (await Service.SetTimeZoneAsync(actor, "Nowhere/Land")).Error!.Code);
        Assert.True((await Service.SetCheckInDayAsync(actor, DayOfWeek.Thursday)).IsOk);
        Assert.Equal(OkrErrorCode.Invalid, (await Service.SetCheckInDayAsync(actor, (DayOfWeek)9)).Error!.Code);

        await using var db = Store.Database.Open();
        var stored = await db.People.SingleAsync();
        Assert.Equal(("America/New_York", DayOfWeek.Thursday), (stored.TimeZoneId, stored.CheckInDay!.Value));
    }

    [Fact]
    public async Task Settings_of_a_person_in_another_organisation_cannot_be_changed()
    {
        var ada = (await Service.RegisterAsync(new(Channel.Teams, "tid-1", "29:ada"))).Value!.Person;
        var eve = (await Service.RegisterAsync(new(Channel.Teams, "tid-2", "29:eve"))).Value!.Person;

        var result = await Service.SetTimeZoneAsync(new Actor(eve.TenantId, ada.Id), "Asia/Tokyo");

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        await using var db = Store.Database.Open();
        Assert.Equal("UTC", (await db.People.SingleAsync(p => p.Id == ada.Id)).TimeZoneId);
    }

    [Fact]
    public async Task Colleagues_are_found_by_name_within_the_organisation_exact_matches_first()
    {
        var org = await Org.CreateAsync(Store);
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var ada = await org.PersonAsync("Ada");
        await org.PersonAsync("Maria Garcia");
        await org.PersonAsync("Maria");
        await org.PersonAsync("王芳");
        await other.PersonAsync("Maria Elsewhere");

        var marias = await Service.FindByNameAsync(org.ActorFor(ada), "maria");
        var wang = await Service.FindByNameAsync(org.ActorFor(ada), "王芳");
        var nobody = await Service.FindByNameAsync(org.ActorFor(ada), "Zed");

        Assert.Equal(["Maria", "Maria Garcia"], marias.Value!.Select(p => p.DisplayName));
        Assert.Equal(["王芳"], wang.Value!.Select(p => p.DisplayName));
        Assert.Empty(nobody.Value!);
        Assert.Equal(OkrErrorCode.Invalid, (await Service.FindByNameAsync(org.ActorFor(ada), "  ")).Error!.Code);
    }

    [Fact]
    public async Task A_persons_team_is_theirs_and_none_when_they_have_none()
    {
        var org = await Org.CreateAsync(Store);
        var lead = await org.PersonAsync("Lead");
        var team = await org.TeamAsync("Product", lead);
        var member = await org.PersonAsync("Member", team: team);

        Assert.Equal("Product", (await Service.TeamOfAsync(org.ActorFor(member)))!.Name);
        Assert.Null(await Service.TeamOfAsync(org.ActorFor(lead)));
    }
}
