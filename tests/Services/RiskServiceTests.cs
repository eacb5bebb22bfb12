using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class RiskServiceOnPostgres() : RiskServiceTests(DatabaseProvider.Postgres);
public sealed class RiskServiceOnSqlite() : RiskServiceTests(DatabaseProvider.Sqlite);

public abstract class RiskServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private RiskService Service => new(Store.Database, Store.Clock);

    [Fact]
    public async Task A_colleague_marking_a_key_result_at_risk_tells_the_owner_and_the_owners_manager()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.MarkAtRiskAsync(org.ActorFor(bob), kr.Id, "  The vendor slipped a month  ");

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal([manager.Id, alice.Id], result.Value!.NotifyIds);
        Assert.Equal("The vendor slipped a month", result.Value.Reason);
        await using var db = Store.Database.Open();
        var stored = await db.KeyResults.SingleAsync();
        Assert.Equal((KrStatus.AtRisk, "The vendor slipped a month"), (stored.Status!.Value, stored.StatusReason));
        var audit = await db.AuditEntries.SingleAsync(a => a.Field == nameof(KeyResult.Status));
        Assert.Equal((null, "AtRisk", bob.Id), (audit.OldValue, audit.NewValue, audit.ActorId!.Value));
    }

    [Fact]
    public async Task The_owner_marking_their_own_key_result_off_track_tells_only_their_manager()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.MarkAtRiskAsync(org.ActorFor(alice), kr.Id, "Lost the key customer", KrStatus.OffTrack);

        Assert.Equal([manager.Id], result.Value!.NotifyIds);
        Assert.Equal(KrStatus.OffTrack, result.Value.Status);
    }

    [Fact]
    public async Task An_owner_without_a_manager_who_flags_it_themselves_tells_nobody()
    {
        var org = await Org.CreateAsync(Store);
        var ceo = await org.PersonAsync("CEO");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(ceo), ceo);

        var result = await Service.MarkAtRiskAsync(org.ActorFor(ceo), kr.Id, "Market shrank");

        Assert.Empty(result.Value!.NotifyIds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Marking_at_risk_needs_a_reason(string? reason)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.MarkAtRiskAsync(org.ActorFor(alice), kr.Id, reason);

        Assert.Equal((OkrErrorCode.Invalid, "reason"), (result.Error!.Code, result.Error.Field));
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task On_track_is_not_a_risk_status()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.MarkAtRiskAsync(org.ActorFor(alice), kr.Id, "fine", KrStatus.OnTrack);

        Assert.Equal("status", result.Error!.Field);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_private_key_result_is_not_found_for_a_colleague_who_cannot_see_it()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice, visibility: Visibility.Private), alice);

        var result = await Service.MarkAtRiskAsync(org.ActorFor(bob), kr.Id, "Looks late");

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Another_tenants_key_result_is_not_found()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var alice = await ours.PersonAsync("Alice");
        var eve = await theirs.PersonAsync("Eve");
        var kr = await theirs.KeyResultAsync(await theirs.ObjectiveAsync(eve), eve);

        var result = await Service.MarkAtRiskAsync(ours.ActorFor(alice), kr.Id, "Sabotage");

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_key_result_owner_may_flag_their_key_result_inside_someone_elses_private_objective_or_draft()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var inPrivate = await org.KeyResultAsync(await org.ObjectiveAsync(maya, "Maya's private goal", visibility: Visibility.Private), alice, "Alice's part");
        var inDraft = await org.KeyResultAsync(await org.ObjectiveAsync(maya, "Maya's draft", state: ObjectiveState.Draft), alice, "Alice's draft part");

        foreach (var kr in new[] { inPrivate, inDraft })
        {
            var result = await Service.MarkAtRiskAsync(org.ActorFor(alice), kr.Id, "Waiting on legal");

            Assert.True(result.IsOk, result.ToString());
            Assert.Equal([maya.Id], result.Value!.NotifyIds);
        }
        await using var db = Store.Database.Open();
        Assert.All(await db.KeyResults.ToListAsync(), k => Assert.Equal((KrStatus.AtRisk, "Waiting on legal"), (k.Status!.Value, k.StatusReason)));
    }

    private async Task AssertUnchangedAsync()
    {
        await using var db = Store.Database.Open();
        Assert.All(await db.KeyResults.ToListAsync(), k => Assert.Equal((0, (KrStatus?)null, (string?)null), (k.Version, k.Status, k.StatusReason)));
    }
}
