using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class ScoringServiceOnPostgres() : ScoringServiceTests(DatabaseProvider.Postgres);
public sealed class ScoringServiceOnSqlite() : ScoringServiceTests(DatabaseProvider.Sqlite);

public abstract class ScoringServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private ScoringService Service => new(Store.Database, Store.Clock);

    [Fact]
    public async Task A_score_with_a_reason_is_stored_with_the_score_its_progress_suggests()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, start: 0, target: 100, current: 55);

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, "  Most of the campaign landed  ");

        Assert.True(result.IsOk, result.ToString());
        // Progress 0.55 rounds half away from zero to a suggestion of 0.6.
        Assert.Equal((kr.Id, 0.7m, 0.6m, false), (result.Value!.KeyResultId, result.Value.Score, result.Value.SuggestedScore, result.Value.Amended));
        Assert.Equal([ScoreHint.Healthy], result.Value.Hints);
        await using var db = Store.Database.Open();
        var stored = await db.Scores.SingleAsync();
        Assert.Equal((kr.Id, org.Tenant.Id, 0.7m, 0.6m), (stored.KeyResultId, stored.TenantId, stored.Score, stored.SuggestedScore));
        Assert.Equal(("Most of the campaign landed", alice.Id, TestStore.DefaultNow), (stored.Reason, stored.ScoredById, stored.ScoredAt));
    }

    [Theory]
    [InlineData(1.0, ScoreHint.TargetMaybeTooLow)]
    [InlineData(0.0, ScoreHint.ZeroNeedsExplanation)]
    [InlineData(0.6, ScoreHint.Healthy)]
    [InlineData(0.9, ScoreHint.Healthy)]
    [InlineData(0.5, ScoreHint.BelowAim)]
    public async Task The_receipt_carries_the_hint_for_the_score(double score, ScoreHint hint)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, (decimal)score, "What happened, in a sentence");

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal([hint], result.Value!.Hints);
        await using var db = Store.Database.Open();
        Assert.Equal((decimal)score, (await db.Scores.SingleAsync()).Score);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(100, 1.0)]
    [InlineData(34, 0.3)]
    [InlineData(150, 1.0)]
    public async Task The_suggested_score_is_the_progress_rounded_to_a_tenth(double current, double suggested)
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, start: 0, target: 100, current: (decimal)current);

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.5m, "Half of it");

        Assert.Equal((decimal)suggested, result.Value!.SuggestedScore);
    }

    [Fact]
    public async Task A_decreasing_key_result_suggests_from_how_far_it_came_down()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "Cut churn", start: 10, target: 5,
            direction: Direction.Decrease, current: 6);

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.8m, "Almost there");

        Assert.Equal(0.8m, result.Value!.SuggestedScore);
    }

    [Fact]
    public async Task Scoring_again_amends_the_one_score_and_the_audit_keeps_the_old_one()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, current: 80);

        var first = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.5m, "Modest");
        Store.Clock.Advance(TimeSpan.FromHours(3));
        var second = await Service.RecordScoreAsync(org.ActorFor(manager), kr.Id, 0.8m, "It was more than modest");

        Assert.False(first.Value!.Amended);
        Assert.True(second.Value!.Amended);
        Assert.Equal((0.8m, 0.8m), (second.Value.Score, second.Value.SuggestedScore));
        await using var db = Store.Database.Open();
        var only = await db.Scores.SingleAsync();
        Assert.Equal((0.8m, "It was more than modest", manager.Id), (only.Score, only.Reason, only.ScoredById));
        Assert.Equal(TestStore.DefaultNow.AddHours(3), only.ScoredAt);
        var change = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(KeyResultScore) && a.Field == nameof(KeyResultScore.Score));
        Assert.Equal((0.5m, 0.8m, manager.Id), (Parse(change.OldValue), Parse(change.NewValue), change.ActorId!.Value));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(7)]
    public async Task A_score_outside_zero_to_one_is_refused(double score)
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, (decimal)score, "A reason");

        Assert.Equal((OkrErrorCode.Invalid, "score"), (result.Error!.Code, result.Error.Field));
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(0.75)]
    [InlineData(0.05)]
    [InlineData(0.99)]
    public async Task A_score_not_in_tenths_is_refused(double score)
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, (decimal)score, "A reason");

        Assert.Equal((OkrErrorCode.Invalid, "score"), (result.Error!.Code, result.Error.Field));
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(0.7, null)]
    [InlineData(0.7, "   ")]
    [InlineData(1.0, "")]
    [InlineData(0.0, null)]
    [InlineData(0.0, " ")]
    public async Task A_score_without_a_reason_is_refused_even_a_zero(double score, string? reason)
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, (decimal)score, reason);

        Assert.Equal((OkrErrorCode.Invalid, "reason"), (result.Error!.Code, result.Error.Field));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_reason_longer_than_the_text_limit_is_refused_and_one_at_the_limit_is_kept()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();

        var tooLong = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, new string('x', OkrModel.TextLength + 1));
        await AssertNothingStoredAsync();
        var atLimit = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, "  " + new string('y', OkrModel.TextLength) + "  ");

        Assert.Equal((OkrErrorCode.Invalid, "reason"), (tooLong.Error!.Code, tooLong.Error.Field));
        Assert.True(atLimit.IsOk, atLimit.ToString());
        await using var db = Store.Database.Open();
        Assert.Equal(OkrModel.TextLength, (await db.Scores.SingleAsync()).Reason.Length);
    }

    [Fact]
    public async Task A_colleague_who_is_not_owner_participant_or_manager_cannot_score()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var result = await Service.RecordScoreAsync(org.ActorFor(bob), kr.Id, 0.7m, "Looks fine to me");

        Assert.Equal((OkrErrorCode.Forbidden, "keyResultId"), (result.Error!.Code, result.Error.Field));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_participant_and_the_owners_manager_may_score()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var carol = await org.PersonAsync("Carol");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, participants: carol);

        var byParticipant = await Service.RecordScoreAsync(org.ActorFor(carol), kr.Id, 0.6m, "Carol's view");
        var byManager = await Service.RecordScoreAsync(org.ActorFor(manager), kr.Id, 0.7m, "The manager's view");

        Assert.True(byParticipant.IsOk, byParticipant.ToString());
        Assert.True(byManager.IsOk, byManager.ToString());
        await using var db = Store.Database.Open();
        var only = await db.Scores.SingleAsync();
        Assert.Equal((0.7m, manager.Id), (only.Score, only.ScoredById));
    }

    [Fact]
    public async Task Another_tenants_key_result_is_not_found_even_for_its_owners_namesake()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var alice = await ours.PersonAsync("Alice");
        var eve = await theirs.PersonAsync("Eve");
        var kr = await theirs.KeyResultAsync(await theirs.ObjectiveAsync(eve), eve);

        var result = await Service.RecordScoreAsync(ours.ActorFor(alice), kr.Id, 0.7m, "Sabotage");
        var forged = await Service.RecordScoreAsync(new Actor(ours.Tenant.Id, eve.Id), kr.Id, 0.7m, "Sabotage");

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        Assert.Equal(OkrErrorCode.NotFound, forged.Error!.Code);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_dropped_key_result_is_not_scored()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();
        await using (var db = Store.Database.Open())
        {
            (await db.KeyResults.SingleAsync(k => k.Id == kr.Id)).IsDropped = true;
            await db.SaveChangesAsync();
        }

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, "A reason");

        Assert.Equal((OkrErrorCode.Invalid, "keyResultId"), (result.Error!.Code, result.Error.Field));
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(CycleState.Planning)]
    [InlineData(CycleState.Closed)]
    public async Task Scores_are_refused_when_the_cycle_is_not_open(CycleState state)
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();
        await org.SetCycleStateAsync(state);

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, "A reason");

        Assert.Equal(OkrErrorCode.CycleNotOpen, result.Error!.Code);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Scores_are_taken_while_the_cycle_is_in_review()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();
        await org.SetCycleStateAsync(CycleState.Reviewing);

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, "A reason");

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public async Task A_deactivated_person_cannot_score()
    {
        var (org, alice, kr) = await AliceWithKeyResultAsync();
        await using (var db = Store.Database.Open())
        {
            (await db.People.SingleAsync(p => p.Id == alice.Id)).IsActive = false;
            await db.SaveChangesAsync();
        }

        var result = await Service.RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.7m, "A reason");

        Assert.Equal(OkrErrorCode.Forbidden, result.Error!.Code);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Two_first_scores_at_once_end_as_one_score_amended_once()
    {
        var org = await Org.CreateAsync(Store);
        var manager = await org.PersonAsync("Manager");
        var alice = await org.PersonAsync("Alice", manager);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        var results = await Task.WhenAll(new[] { (alice, 0.6m), (manager, 0.8m) }.Select(x =>
            Task.Run(() => Service.RecordScoreAsync(org.ActorFor(x.Item1), kr.Id, x.Item2, "Scored at the same moment"))));

        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        Assert.Single(results, r => r.Value!.Amended);
        await using var db = Store.Database.Open();
        Assert.Contains((await db.Scores.SingleAsync()).Score, new[] { 0.6m, 0.8m });
    }

    [Fact]
    public async Task A_colleague_who_cannot_see_a_private_key_result_is_told_it_is_not_found_and_not_its_title_even_when_dropped_or_closed()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice, "Expand", visibility: Visibility.Private), alice, "Acquire Contoso secretly");

        var plain = await Service.RecordScoreAsync(org.ActorFor(bob), kr.Id, 0.7m, "Looks fine to me");
        await Org.SetDroppedAsync(Store, kr, true);
        var dropped = await Service.RecordScoreAsync(org.ActorFor(bob), kr.Id, 0.7m, "Looks fine to me");
        await Org.SetDroppedAsync(Store, kr, false);
        await org.SetCycleStateAsync(CycleState.Closed);
        var closed = await Service.RecordScoreAsync(org.ActorFor(bob), kr.Id, 0.7m, "Looks fine to me");

        Assert.All(new[] { plain, dropped, closed }, r =>
        {
            Assert.Equal((OkrErrorCode.NotFound, "keyResultId"), (r.Error!.Code, r.Error.Field));
            Assert.DoesNotContain("Acquire Contoso secretly", r.Error.Message, StringComparison.OrdinalIgnoreCase);
        });
        await AssertNothingStoredAsync();
    }

    private async Task<(Org Org, Person Alice, KeyResult Kr)> AliceWithKeyResultAsync()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);
        return (org, alice, kr);
    }

    private async Task AssertNothingStoredAsync()
    {
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.Scores.CountAsync());
    }

    private static decimal Parse(string? text) => decimal.Parse(text!, CultureInfo.InvariantCulture);
}
