using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class CheckInServiceOnPostgres() : CheckInServiceTests(DatabaseProvider.Postgres);
public sealed class CheckInServiceOnSqlite() : CheckInServiceTests(DatabaseProvider.Sqlite);

public abstract class CheckInServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private CheckInService Service => new(Store.Database, Store.Clock);

    [Fact]
    public async Task Check_ins_for_several_key_results_are_recorded_together()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var objective = await org.ObjectiveAsync(alice);
        var nps = await org.KeyResultAsync(objective, alice, "NPS", start: 30, target: 50);
        var launch = await org.KeyResultAsync(objective, alice, "Launch", kind: KeyResultKind.Milestone, start: 0, target: 1);

        var result = await Service.RecordAsync(org.ActorFor(alice), new([
            new(nps.Id, 40, KrStatus.OnTrack, 7, "Campaign worked"),
            new(launch.Id, 1, KrStatus.OnTrack),
        ]));

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(new DateOnly(2026, 11, 16), result.Value!.WeekOf);
        Assert.Equal([0.5m, 1m], result.Value.Items.Select(i => i.Progress));
        await using var db = Store.Database.Open();
        Assert.Equal(2, await db.CheckIns.CountAsync());
        var stored = await db.KeyResults.SingleAsync(k => k.Id == nps.Id);
        Assert.Equal((40m, KrStatus.OnTrack, 7), (stored.CurrentValue, stored.Status!.Value, stored.Confidence!.Value));
        var checkIn = await db.CheckIns.SingleAsync(c => c.KeyResultId == nps.Id);
        Assert.Equal((30m, 40m, "Campaign worked"), (checkIn.ValueBefore, checkIn.Value, checkIn.Note));
    }

    [Fact]
    public async Task A_second_check_in_in_the_same_week_amends_the_first_and_the_audit_keeps_the_old_value()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, start: 0, target: 100);

        await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 20, KrStatus.OnTrack)]));
        Store.Clock.Advance(TimeSpan.FromDays(2));
        var second = await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 25, KrStatus.AtRisk, Note: "Supplier late")]));

        Assert.True(second.Value!.Items.Single().Amended);
        await using var db = Store.Database.Open();
        var only = await db.CheckIns.SingleAsync();
        Assert.Equal((25m, 0m, 2, KrStatus.AtRisk), (only.Value, only.ValueBefore, only.Revision, only.Status));
        var valueChange = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(CheckIn) && a.Field == nameof(CheckIn.Value));
        Assert.Equal((20m, 25m, alice.Id), (decimal.Parse(valueChange.OldValue!, CultureInfo.InvariantCulture), decimal.Parse(valueChange.NewValue!, CultureInfo.InvariantCulture), valueChange.ActorId!.Value));
        Assert.Equal("Supplier late", (await db.KeyResults.SingleAsync()).StatusReason);
    }

    [Fact]
    public async Task A_check_in_in_the_next_week_is_a_new_row_and_history_is_kept()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 20, KrStatus.OnTrack)]));
        Store.Clock.Advance(TimeSpan.FromDays(7));
        await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 35, KrStatus.OnTrack)]));

        await using var db = Store.Database.Open();
        var history = await db.CheckIns.OrderBy(c => c.WeekOf).Select(c => new { c.WeekOf, c.Value, c.ValueBefore }).ToListAsync();
        Assert.Equal([new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 23)], history.Select(h => h.WeekOf));
        Assert.Equal([20m, 35m], history.Select(h => h.Value));
        Assert.Equal(20m, history[1].ValueBefore);
    }

    [Fact]
    public async Task The_week_is_the_authors_local_week()
    {
        // Sunday 20:00 UTC is already Monday 04:00 in Shanghai: a new week there, not in London.
        Store.Clock.Set(new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero));
        var org = await Org.CreateAsync(Store);
        var mei = await org.PersonAsync("Mei", timeZone: "Asia/Shanghai");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(mei), mei);

        var result = await Service.RecordAsync(org.ActorFor(mei), new([new(kr.Id, 5, KrStatus.OnTrack)]));

        Assert.Equal(new DateOnly(2026, 11, 23), result.Value!.WeekOf);
    }

    [Fact]
    public async Task A_card_from_an_earlier_week_is_refused_and_records_nothing()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 5, KrStatus.OnTrack)], ForWeek: new DateOnly(2026, 11, 9)));

        Assert.Equal(OkrErrorCode.StaleWeek, result.Error!.Code);
        await AssertNothingRecordedAsync();
    }

    [Theory]
    [InlineData(KeyResultKind.Milestone, 0.5)]
    [InlineData(KeyResultKind.Milestone, 2)]
    [InlineData(KeyResultKind.Percentage, 101)]
    [InlineData(KeyResultKind.Percentage, -1)]
    [InlineData(KeyResultKind.Metric, 2e12)]
    public async Task A_value_out_of_range_is_refused_and_nothing_of_the_whole_check_in_is_recorded(KeyResultKind kind, double value)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var objective = await org.ObjectiveAsync(alice);
        var fine = await org.KeyResultAsync(objective, alice, "Fine");
        var bad = await org.KeyResultAsync(objective, alice, "Bad", kind: kind, start: 0, target: kind == KeyResultKind.Milestone ? 1 : 100);

        var result = await Service.RecordAsync(org.ActorFor(alice), new([
            new(fine.Id, 10, KrStatus.OnTrack),
            new(bad.Id, (decimal)value, KrStatus.OnTrack),
        ]));

        Assert.Equal((OkrErrorCode.Invalid, "value"), (result.Error!.Code, result.Error.Field));
        await AssertNothingRecordedAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task Confidence_outside_one_to_ten_is_refused(int confidence)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 10, KrStatus.OnTrack, confidence)]));

        Assert.Equal((OkrErrorCode.Invalid, "confidence"), (result.Error!.Code, result.Error.Field));
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task Empty_duplicate_and_overlong_input_is_refused()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        Assert.Equal("items", (await Service.RecordAsync(org.ActorFor(alice), new([]))).Error!.Field);
        Assert.Equal("items", (await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 1, KrStatus.OnTrack), new(kr.Id, 2, KrStatus.OnTrack)]))).Error!.Field);
        Assert.Equal("note", (await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 1, KrStatus.OnTrack, Note: new string('x', 2001))]))).Error!.Field);
        Assert.Equal("status", (await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 1, (KrStatus)42)]))).Error!.Field);
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task A_colleague_cannot_check_in_on_someone_elses_key_result()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.RecordAsync(org.ActorFor(bob), new([new(kr.Id, 50, KrStatus.OnTrack)]));

        Assert.Equal(OkrErrorCode.Forbidden, result.Error!.Code);
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task Participants_and_the_owners_manager_chain_may_check_in()
    {
        var org = await Org.CreateAsync(Store);
        var director = await org.PersonAsync("Director");
        var manager = await org.PersonAsync("Manager", director);
        var alice = await org.PersonAsync("Alice", manager);
        var carol = await org.PersonAsync("Carol");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, participants: carol);

        foreach (var who in new[] { carol, manager, director })
            Assert.True((await Service.RecordAsync(org.ActorFor(who), new([new(kr.Id, 10, KrStatus.OnTrack)]))).IsOk, who.DisplayName);
    }

    [Fact]
    public async Task A_key_result_of_another_tenant_is_not_found_even_for_its_owners_namesake()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var alice = await ours.PersonAsync("Alice");
        var eve = await theirs.PersonAsync("Eve");
        var theirKr = await theirs.KeyResultAsync(await theirs.ObjectiveAsync(eve), eve);

        var result = await Service.RecordAsync(ours.ActorFor(alice), new([new(theirKr.Id, 50, KrStatus.OnTrack)]));
        // Claiming to be Eve while presenting our tenant does not help either.
        var forged = await Service.RecordAsync(new Actor(ours.Tenant.Id, eve.Id), new([new(theirKr.Id, 50, KrStatus.OnTrack)]));

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        Assert.Equal(OkrErrorCode.NotFound, forged.Error!.Code);
        await AssertNothingRecordedAsync();
    }

    [Theory]
    [InlineData(CycleState.Planning)]
    [InlineData(CycleState.Closed)]
    public async Task Check_ins_are_refused_when_the_cycle_is_not_open(CycleState state)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);
        await org.SetCycleStateAsync(state);

        var result = await Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 50, KrStatus.OnTrack)]));

        Assert.Equal(OkrErrorCode.CycleNotOpen, result.Error!.Code);
        await AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task Concurrent_check_ins_on_one_key_result_lose_no_write()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var helpers = new List<Person>();
        for (var i = 0; i < 8; i++) helpers.Add(await org.PersonAsync($"Helper {i}"));
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, participants: [.. helpers]);

        var results = await Task.WhenAll(helpers.Select((h, i) =>
            Task.Run(() => Service.RecordAsync(org.ActorFor(h), new([new(kr.Id, 10 + i, KrStatus.OnTrack)])))));

        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        await using var db = Store.Database.Open();
        Assert.Equal(8, await db.CheckIns.CountAsync());
        var stored = await db.KeyResults.SingleAsync();
        // Every write bumped the version exactly once: none was silently overwritten by a stale copy.
        Assert.Equal(8, stored.Version);
        Assert.Contains(stored.CurrentValue, Enumerable.Range(10, 8).Select(v => (decimal)v));
    }

    [Fact]
    public async Task The_same_person_submitting_twice_at_once_gets_one_check_in_amended_once()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            Task.Run(() => Service.RecordAsync(org.ActorFor(alice), new([new(kr.Id, 40 + i, KrStatus.OnTrack)])))));

        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        await using var db = Store.Database.Open();
        var only = await db.CheckIns.SingleAsync();
        Assert.Equal(2, only.Revision);
        Assert.Equal(2, (await db.KeyResults.SingleAsync()).Version);
    }

    [Fact]
    public async Task A_colleague_who_cannot_see_a_private_key_result_is_told_it_is_not_found_and_not_its_title_even_when_dropped_or_closed()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice, "Expand", visibility: Visibility.Private), alice, "Acquire Contoso secretly");

        var plain = await Service.RecordAsync(org.ActorFor(bob), new([new(kr.Id, 50, KrStatus.OnTrack)]));
        await Org.SetDroppedAsync(Store, kr, true);
        var dropped = await Service.RecordAsync(org.ActorFor(bob), new([new(kr.Id, 50, KrStatus.OnTrack)]));
        await Org.SetDroppedAsync(Store, kr, false);
        await org.SetCycleStateAsync(CycleState.Closed);
        var closed = await Service.RecordAsync(org.ActorFor(bob), new([new(kr.Id, 50, KrStatus.OnTrack)]));

        Assert.All(new[] { plain, dropped, closed }, r =>
        {
            Assert.Equal((OkrErrorCode.NotFound, "keyResultId"), (r.Error!.Code, r.Error.Field));
            Assert.DoesNotContain("Acquire Contoso secretly", r.Error.Message, StringComparison.OrdinalIgnoreCase);
        });
        await AssertNothingRecordedAsync();
    }

    private async Task AssertNothingRecordedAsync()
    {
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.CheckIns.CountAsync());
        Assert.All(await db.KeyResults.ToListAsync(), k => Assert.Equal((0, (KrStatus?)null), (k.Version, k.Status)));
    }
}
