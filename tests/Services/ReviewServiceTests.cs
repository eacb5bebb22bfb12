using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class ReviewServiceOnPostgres() : ReviewServiceTests(DatabaseProvider.Postgres);
public sealed class ReviewServiceOnSqlite() : ReviewServiceTests(DatabaseProvider.Sqlite);

public abstract class ReviewServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private ReviewService Service => new(Store.Database, Store.Clock);

    // ---- Mid-cycle decisions ----

    [Fact]
    public async Task Keeping_a_key_result_records_the_decision_and_changes_nothing_else()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Keep, null);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal((kr.Id, ReviewDecisionKind.Keep, 100m, false), (result.Value!.KeyResultId, result.Value.Decision, result.Value.TargetValue, result.Value.Amended));
        await using var db = Store.Database.Open();
        var row = await db.ReviewDecisions.SingleAsync();
        Assert.Equal((kr.Id, org.Tenant.Id, ReviewDecisionKind.Keep, (string?)null, (decimal?)null),
            (row.KeyResultId, row.TenantId, row.Decision, row.Note, row.NewTarget));
        Assert.Equal((alice.Id, TestStore.DefaultNow), (row.DecidedById, row.DecidedAt));
        var stored = await db.KeyResults.SingleAsync();
        Assert.Equal((100m, false), (stored.TargetValue, stored.IsDropped));
    }

    [Fact]
    public async Task Keeping_ignores_a_new_target_given_with_it()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Keep, "Fine as is", newTarget: 50);

        Assert.Equal(100m, result.Value!.TargetValue);
        await using var db = Store.Database.Open();
        Assert.Equal(100m, (await db.KeyResults.SingleAsync()).TargetValue);
        var row = await db.ReviewDecisions.SingleAsync();
        Assert.Equal(("Fine as is", (decimal?)null), (row.Note, row.NewTarget));
    }

    [Fact]
    public async Task Adjusting_changes_the_target_and_the_audit_trail_has_the_old_and_new_target()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "  The market is smaller than we thought  ", newTarget: 80);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal((ReviewDecisionKind.Adjust, 80m), (result.Value!.Decision, result.Value.TargetValue));
        await using var db = Store.Database.Open();
        var stored = await db.KeyResults.SingleAsync();
        Assert.Equal((80m, false, 1), (stored.TargetValue, stored.IsDropped, stored.Version));
        var row = await db.ReviewDecisions.SingleAsync();
        Assert.Equal((ReviewDecisionKind.Adjust, "The market is smaller than we thought", (decimal?)80m), (row.Decision, row.Note, row.NewTarget));
        var change = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(KeyResult) && a.Field == nameof(KeyResult.TargetValue));
        Assert.Equal((kr.Id, 100m, 80m, alice.Id), (change.EntityId, Parse(change.OldValue), Parse(change.NewValue), change.ActorId!.Value));
    }

    [Fact]
    public async Task A_decreasing_key_result_can_be_adjusted_to_a_lower_target()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "Cut churn", start: 10, target: 5, direction: Direction.Decrease);

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "Retention work paid off", newTarget: 3);

        Assert.True(result.IsOk, result.ToString());
        await using var db = Store.Database.Open();
        Assert.Equal(3m, (await db.KeyResults.SingleAsync()).TargetValue);
    }

    [Fact]
    public async Task Dropping_marks_the_key_result_dropped_and_leaves_it_out_of_objective_progress()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var objective = await org.ObjectiveAsync(alice);
        await org.KeyResultAsync(objective, alice, "Done", current: 100);
        var stalled = await org.KeyResultAsync(objective, alice, "Stalled", current: 0);
        Assert.Equal(0.5m, await ObjectiveProgressAsync(objective.Id));

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), stalled.Id, ReviewDecisionKind.Drop, "The partner pulled out");

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(ReviewDecisionKind.Drop, result.Value!.Decision);
        await using var db = Store.Database.Open();
        var stored = await db.KeyResults.SingleAsync(k => k.Id == stalled.Id);
        Assert.Equal((true, 100m, 1), (stored.IsDropped, stored.TargetValue, stored.Version));
        Assert.Equal(1m, await ObjectiveProgressAsync(objective.Id));
        var row = await db.ReviewDecisions.SingleAsync();
        Assert.Equal((ReviewDecisionKind.Drop, "The partner pulled out", (decimal?)null), (row.Decision, row.Note, row.NewTarget));
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(KeyResult) && a.Field == nameof(KeyResult.IsDropped));
        Assert.Equal(("False", "True", alice.Id), (audit.OldValue, audit.NewValue, audit.ActorId!.Value));
    }

    [Fact]
    public async Task Adjusting_without_a_new_target_is_refused()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "Smaller market");

        Assert.Equal((OkrErrorCode.Invalid, "newTarget"), (result.Error!.Code, result.Error.Field));
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 10, 100, 5)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 10, 100, 10)]
    [InlineData(KeyResultKind.Metric, Direction.Decrease, 10, 5, 12)]
    [InlineData(KeyResultKind.Percentage, Direction.Increase, 20, 80, 120)]
    [InlineData(KeyResultKind.Metric, Direction.Increase, 0, 100, 2e12)]
    public async Task Adjusting_to_a_target_that_makes_no_sense_is_refused_and_changes_nothing(
        KeyResultKind kind, Direction direction, double start, double target, double newTarget)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, kind: kind, direction: direction, start: (decimal)start, target: (decimal)target);

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "Rethought it", newTarget: (decimal)newTarget);

        Assert.Equal((OkrErrorCode.Invalid, "newTarget"), (result.Error!.Code, result.Error.Field));
        await AssertUnchangedAsync((decimal)target);
    }

    [Fact]
    public async Task A_milestone_cannot_be_adjusted()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "Launch", kind: KeyResultKind.Milestone, start: 0, target: 1);

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "Later launch", newTarget: 1);

        Assert.Equal((OkrErrorCode.Invalid, "decision"), (result.Error!.Code, result.Error.Field));
        await AssertUnchangedAsync(1m);
    }

    [Theory]
    [InlineData(ReviewDecisionKind.Adjust, null)]
    [InlineData(ReviewDecisionKind.Adjust, "   ")]
    [InlineData(ReviewDecisionKind.Drop, null)]
    [InlineData(ReviewDecisionKind.Drop, "")]
    public async Task Adjusting_and_dropping_need_a_note(ReviewDecisionKind decision, string? note)
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, decision, note, newTarget: 80);

        Assert.Equal((OkrErrorCode.Invalid, "note"), (result.Error!.Code, result.Error.Field));
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task An_overlong_note_and_an_unknown_decision_are_refused()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var overlong = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Drop, new string('x', OkrModel.TextLength + 1));
        var unknown = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, (ReviewDecisionKind)42, "Whatever");

        Assert.Equal((OkrErrorCode.Invalid, "note"), (overlong.Error!.Code, overlong.Error.Field));
        Assert.Equal((OkrErrorCode.Invalid, "decision"), (unknown.Error!.Code, unknown.Error.Field));
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_colleague_who_is_not_owner_participant_or_manager_cannot_decide()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.RecordDecisionAsync(org.ActorFor(bob), kr.Id, ReviewDecisionKind.Drop, "Not worth it");

        Assert.Equal((OkrErrorCode.Forbidden, "keyResultId"), (result.Error!.Code, result.Error.Field));
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_participant_and_the_owners_manager_may_decide()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var carol = await org.PersonAsync("Carol");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, participants: carol);

        var byParticipant = await Service.RecordDecisionAsync(org.ActorFor(carol), kr.Id, ReviewDecisionKind.Keep, null);
        var byManager = await Service.RecordDecisionAsync(org.ActorFor(manager), kr.Id, ReviewDecisionKind.Adjust, "Stretch it", newTarget: 120);

        Assert.True(byParticipant.IsOk, byParticipant.ToString());
        Assert.True(byManager.IsOk, byManager.ToString());
        await using var db = Store.Database.Open();
        Assert.Equal(manager.Id, (await db.ReviewDecisions.SingleAsync()).DecidedById);
    }

    [Fact]
    public async Task Deciding_again_replaces_the_decision_in_the_one_row()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var adjust = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "Smaller market", newTarget: 80);
        Store.Clock.Advance(TimeSpan.FromDays(1));
        var drop = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Drop, "No market at all");

        Assert.False(adjust.Value!.Amended);
        Assert.True(drop.Value!.Amended);
        await using var db = Store.Database.Open();
        var row = await db.ReviewDecisions.SingleAsync();
        Assert.Equal((ReviewDecisionKind.Drop, "No market at all", (decimal?)null, TestStore.DefaultNow.AddDays(1)),
            (row.Decision, row.Note, row.NewTarget, row.DecidedAt));
        var stored = await db.KeyResults.SingleAsync();
        Assert.Equal((true, 2), (stored.IsDropped, stored.Version));
    }

    [Fact]
    public async Task Keeping_after_a_drop_brings_the_key_result_back()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Drop, "Partner pulled out");
        var keep = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Keep, null);

        Assert.True(keep.Value!.Amended);
        await using var db = Store.Database.Open();
        Assert.False((await db.KeyResults.SingleAsync()).IsDropped);
        var row = await db.ReviewDecisions.SingleAsync();
        Assert.Equal((ReviewDecisionKind.Keep, (string?)null), (row.Decision, row.Note));
    }

    [Theory]
    [InlineData(CycleState.Planning)]
    [InlineData(CycleState.Reviewing)]
    [InlineData(CycleState.Closed)]
    public async Task Decisions_are_taken_only_while_the_cycle_is_active(CycleState state)
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();
        await org.SetCycleStateAsync(state);

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Drop, "Too late?");

        Assert.Equal(OkrErrorCode.CycleNotOpen, result.Error!.Code);
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

        var result = await Service.RecordDecisionAsync(ours.ActorFor(alice), kr.Id, ReviewDecisionKind.Drop, "Sabotage");
        var forged = await Service.RecordDecisionAsync(new Actor(ours.Tenant.Id, eve.Id), kr.Id, ReviewDecisionKind.Drop, "Sabotage");

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        Assert.Equal(OkrErrorCode.NotFound, forged.Error!.Code);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_colleague_who_cannot_see_a_private_key_result_is_told_it_is_not_found_and_not_its_title_even_when_dropped_or_closed()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice, "Expand", visibility: Visibility.Private), alice, "Acquire Contoso secretly");

        var plain = await Service.RecordDecisionAsync(org.ActorFor(bob), kr.Id, ReviewDecisionKind.Drop, "Not worth it");
        await Org.SetDroppedAsync(Store, kr, true);
        var dropped = await Service.RecordDecisionAsync(org.ActorFor(bob), kr.Id, ReviewDecisionKind.Drop, "Not worth it");
        await Org.SetDroppedAsync(Store, kr, false);
        await org.SetCycleStateAsync(CycleState.Closed);
        var closed = await Service.RecordDecisionAsync(org.ActorFor(bob), kr.Id, ReviewDecisionKind.Drop, "Not worth it");

        Assert.All(new[] { plain, dropped, closed }, r =>
        {
            Assert.Equal((OkrErrorCode.NotFound, "keyResultId"), (r.Error!.Code, r.Error.Field));
            Assert.DoesNotContain("Acquire Contoso secretly", r.Error.Message, StringComparison.OrdinalIgnoreCase);
        });
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task A_key_result_weighted_zero_can_still_be_adjusted()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        // A weight of 0 is a flaw of its own; it must not make every new target look "out of range".
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, start: 0, target: 100, weight: 0);

        var result = await Service.RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Adjust, "Smaller market", newTarget: 80);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(80m, result.Value!.TargetValue);
        await using var db = Store.Database.Open();
        var stored = await db.KeyResults.SingleAsync();
        Assert.Equal((80m, 0m), (stored.TargetValue, stored.Weight));
        Assert.Equal((decimal?)80m, (await db.ReviewDecisions.SingleAsync()).NewTarget);
    }

    // ---- Retrospective ----

    [Fact]
    public async Task A_retrospective_is_stored_trimmed_with_empty_answers_as_nothing()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");

        var result = await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, "  Weekly check-ins  ", "   ", "Hiring");

        Assert.True(result.IsOk, result.ToString());
        await using var db = Store.Database.Open();
        var row = await db.Retrospectives.SingleAsync();
        Assert.Equal((org.Tenant.Id, org.Quarter.Id, alice.Id), (row.TenantId, row.CycleId, row.PersonId));
        Assert.Equal(("Weekly check-ins", (string?)null, "Hiring", TestStore.DefaultNow), (row.WentWell, row.WentBadly, row.CarryOver, row.UpdatedAt));
        Assert.Equal(row.Id, result.Value!.Id);
    }

    [Fact]
    public async Task Writing_the_retrospective_again_rewrites_the_one_row()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");

        await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, "Focus", "Too many KRs", null);
        Store.Clock.Advance(TimeSpan.FromHours(1));
        var second = await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, null, "Too many KRs, really", "Fewer KRs");

        Assert.True(second.IsOk, second.ToString());
        await using var db = Store.Database.Open();
        var row = await db.Retrospectives.SingleAsync();
        Assert.Equal(((string?)null, "Too many KRs, really", "Fewer KRs", TestStore.DefaultNow.AddHours(1)),
            (row.WentWell, row.WentBadly, row.CarryOver, row.UpdatedAt));
    }

    [Fact]
    public async Task Each_person_has_their_own_retrospective()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");

        await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, "Alice's", null, null);
        await Service.RecordRetrospectiveAsync(org.ActorFor(bob), org.Quarter.Id, "Bob's", null, null);

        await using var db = Store.Database.Open();
        var rows = await db.Retrospectives.ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Alice's", rows.Single(r => r.PersonId == alice.Id).WentWell);
        Assert.Equal("Bob's", rows.Single(r => r.PersonId == bob.Id).WentWell);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("", " ", "\t")]
    public async Task An_all_empty_retrospective_is_refused(string? wentWell, string? wentBadly, string? carryOver)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");

        var result = await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, wentWell, wentBadly, carryOver);

        Assert.Equal(OkrErrorCode.Invalid, result.Error!.Code);
        await AssertNoRetrospectiveAsync();
    }

    [Fact]
    public async Task An_overlong_answer_is_refused()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");

        var result = await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, "Fine", null, new string('x', OkrModel.TextLength + 1));

        Assert.Equal(OkrErrorCode.Invalid, result.Error!.Code);
        await AssertNoRetrospectiveAsync();
    }

    [Theory]
    [InlineData(CycleState.Planning)]
    [InlineData(CycleState.Closed)]
    public async Task A_retrospective_is_refused_when_the_cycle_is_not_open(CycleState state)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        await org.SetCycleStateAsync(state);

        var result = await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, "Too late", null, null);

        Assert.Equal(OkrErrorCode.CycleNotOpen, result.Error!.Code);
        await AssertNoRetrospectiveAsync();
    }

    [Fact]
    public async Task A_retrospective_is_taken_while_the_cycle_is_in_review()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        await org.SetCycleStateAsync(CycleState.Reviewing);

        var result = await Service.RecordRetrospectiveAsync(org.ActorFor(alice), org.Quarter.Id, "Right on time", null, null);

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public async Task Another_tenants_cycle_is_not_found()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var alice = await ours.PersonAsync("Alice");

        var result = await Service.RecordRetrospectiveAsync(ours.ActorFor(alice), theirs.Quarter.Id, "Snooping", null, null);

        Assert.Equal((OkrErrorCode.NotFound, "cycleId"), (result.Error!.Code, result.Error.Field));
        await AssertNoRetrospectiveAsync();
    }

    private async Task<(Org Org, Person Alice, KeyResult Kr)> AliceWithKeyResultAsync()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, start: 0, target: 100);
        return (org, alice, kr);
    }

    private async Task<decimal> ObjectiveProgressAsync(Guid objectiveId)
    {
        await using var db = Store.Database.Open();
        var objective = await db.Objectives.AsNoTracking().Include(o => o.KeyResults).SingleAsync(o => o.Id == objectiveId);
        return Progress.OfObjective(objective.KeyResults);
    }

    private async Task AssertUnchangedAsync(decimal target = 100m)
    {
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.ReviewDecisions.CountAsync());
        Assert.All(await db.KeyResults.ToListAsync(), k => Assert.Equal((0, false, target), (k.Version, k.IsDropped, k.TargetValue)));
    }

    private async Task AssertNoRetrospectiveAsync()
    {
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.Retrospectives.CountAsync());
    }

    private static decimal Parse(string? text) => decimal.Parse(text!, CultureInfo.InvariantCulture);
}
