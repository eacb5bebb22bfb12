using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Api;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Integrations;

public sealed class IntegrationServicesOnPostgres() : IntegrationServicesTests(DatabaseProvider.Postgres);
public sealed class IntegrationServicesOnSqlite() : IntegrationServicesTests(DatabaseProvider.Sqlite);

/// <summary>The API's core services on both stores (the embedded SQLite store is the default a first run uses).</summary>
public abstract class IntegrationServicesTests(DatabaseProvider provider) : StoreTests(provider)
{
    private async Task<(ApiWorld World, ApiKeyActor Writer)> SetUpAsync()
    {
        var world = await ApiWorld.CreateAsync(Store);
        var created = await new ApiKeyService(Store.Database, Store.Clock).CreateAsync(world.Org.Tenant.Id, "CRM sync", ApiKeyScope.Write);
        Assert.True(created.IsOk, created.ToString());
        var check = await new ApiKeyService(Store.Database, Store.Clock).AuthenticateAsync(created.Value!.Key);
        return (world, check.Actor!.Value);
    }

    [Fact]
    public async Task A_posted_value_moves_the_key_result_and_shows_in_its_owners_view_until_the_next_check_in()
    {
        var (world, writer) = await SetUpAsync();
        var values = new KeyResultValueService(Store.Database, Store.Clock);
        var queries = new OkrQueryService(Store.Database, Store.Clock);

        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var posted = await values.PostAsync(writer, new ValuePostRequest(world.Deals.Id, 37.5m, "export", null, "run-1"));
        var replayed = await values.PostAsync(writer, new ValuePostRequest(world.Deals.Id, 37.50m, "export", null, "run-1"));
        var view = (await queries.ForPersonAsync(world.Org.ActorFor(world.Alex), world.Alex.Id)).Value!.KeyResults.Single(k => k.Id == world.Deals.Id);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        await new CheckInService(Store.Database, Store.Clock).RecordAsync(world.Org.ActorFor(world.Alex), new([new(world.Deals.Id, 40, KrStatus.OnTrack)]));
        var afterCheckIn = (await queries.ForPersonAsync(world.Org.ActorFor(world.Alex), world.Alex.Id)).Value!.KeyResults.Single(k => k.Id == world.Deals.Id);

        Assert.True(posted.IsOk, posted.ToString());
        Assert.Equal((false, true, posted.Value!.Post.Id), (posted.Value.Replayed, replayed.Value!.Replayed, replayed.Value.Post.Id));
        Assert.Equal((37.5m, "CRM sync", 37.5m), (view.CurrentValue, view.PostedValue!.Source, view.PostedValue.Value));
        Assert.Equal(40m, afterCheckIn.CurrentValue);
        Assert.Null(afterCheckIn.PostedValue);
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.KeyResultValuePosts.CountAsync());
        Assert.Equal(AuditActorKind.ApiKey, (await db.AuditEntries.SingleAsync(a => a.EntityId == world.Deals.Id && a.Field == nameof(KeyResult.CurrentValue) && a.ActorId == writer.ApiKeyId)).ActorKind);
    }

    [Fact]
    public async Task Reads_filter_page_and_keep_to_public_objectives()
    {
        var (world, reader) = await SetUpAsync();
        var reads = new IntegrationReadService(Store.Database, Store.Clock);
        await new CheckInService(Store.Database, Store.Clock).RecordAsync(world.Org.ActorFor(world.Alex),
            new([new(world.Deals.Id, 20, KrStatus.OnTrack), new(world.PrivateKr.Id, 1, KrStatus.OnTrack)]));

        var alex = await reads.ObjectivesAsync(reader, new ObjectiveFilter(PersonId: world.Alex.Id), new Paging(0, 1));
        var checkIns = await reads.CheckInsAsync(reader, new CheckInFilter(Since: Store.Clock.GetUtcNow().AddMinutes(-1)), new Paging());
        var later = await reads.CheckInsAsync(reader, new CheckInFilter(Since: Store.Clock.GetUtcNow().AddMinutes(1)), new Paging());
        var privateKr = await reads.KeyResultAsync(reader, world.PrivateKr.Id);
        var people = await reads.PeopleAsync(reader, new PeopleFilter(TeamId: world.Sales.Id), new Paging());

        Assert.Equal((1, "Win the enterprise market"), (alex.Value!.Total, alex.Value.Items.Single().View.Title));
        Assert.Equal([world.Deals.Id], checkIns.Value!.Items.Select(c => c.KeyResultId));
        Assert.Empty(later.Value!.Items);
        Assert.Equal(OkrErrorCode.NotFound, privateKr.Error!.Code);
        Assert.Equal(["Alex", "Sam"], people.Items.Select(p => p.DisplayName));
    }

    [Fact]
    public async Task A_manager_link_that_would_loop_is_refused_and_a_read_key_changes_nothing()
    {
        var (world, writer) = await SetUpAsync();
        var managers = new ManagerService(Store.Database);
        var reader = writer with { Scope = ApiKeyScope.Read };

        var loop = await managers.SetManagerAsync(writer, world.Maria.Id, world.Sam.Id);
        var readOnly = await managers.SetManagerAsync(reader, world.Sam.Id, null);
        var readOnlyPost = await new KeyResultValueService(Store.Database, Store.Clock).PostAsync(reader, new ValuePostRequest(world.Deals.Id, 5));
        var set = await managers.SetManagerAsync(writer, world.Sam.Id, world.Alex.Id);

        Assert.Equal((OkrErrorCode.Invalid, "managerId"), (loop.Error!.Code, loop.Error.Field));
        Assert.Equal(OkrErrorCode.Forbidden, readOnly.Error!.Code);
        Assert.Equal(OkrErrorCode.Forbidden, readOnlyPost.Error!.Code);
        Assert.Equal(world.Alex.Id, set.Value!.ManagerId);
        await using var db = Store.Database.Open();
        Assert.Null((await db.People.SingleAsync(p => p.Id == world.Maria.Id)).ManagerId);
        Assert.Equal(10m, (await db.KeyResults.SingleAsync(k => k.Id == world.Deals.Id)).CurrentValue);
    }

    [Fact]
    public async Task A_revoked_unknown_or_malformed_key_is_refused_each_for_its_own_reason()
    {
        var world = await ApiWorld.CreateAsync(Store);
        var keys = new ApiKeyService(Store.Database, Store.Clock);
        var created = (await keys.CreateAsync(world.Org.Tenant.Id, "Dashboard", ApiKeyScope.Read)).Value!;

        var accepted = await keys.AuthenticateAsync(created.Key);
        await keys.RevokeAsync(world.Org.Tenant.Id, created.Row.Id);
        var revoked = await keys.AuthenticateAsync(created.Key);
        var unknown = await keys.AuthenticateAsync(ApiKeyFormat.Generate().Key);
        var malformed = await keys.AuthenticateAsync("okr_nope");

        Assert.Equal((world.Org.Tenant.Id, ApiKeyScope.Read, "Dashboard"), (accepted.Actor!.Value.TenantId, accepted.Actor.Value.Scope, accepted.Actor.Value.Name));
        Assert.Equal((ApiKeyRejection.Revoked, ApiKeyRejection.Unknown, ApiKeyRejection.Malformed), (revoked.Rejection, unknown.Rejection, malformed.Rejection));
        Assert.Null(malformed.Prefix);
    }
}
