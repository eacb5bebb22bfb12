using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Bot.Conversation;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams.Cards;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Conversation;

public sealed class WrapUpTurnsOnPostgres() : WrapUpTurnTests(DatabaseProvider.Postgres);
public sealed class WrapUpTurnsOnSqlite() : WrapUpTurnTests(DatabaseProvider.Sqlite);

/// <summary>
/// The mid-cycle review and the end-of-cycle scoring through the turn handler, on a real store: the card is rendered
/// as Teams gets it, and what comes back is built from that card the way a client sends it, then tampered with.
/// </summary>
public abstract class WrapUpTurnTests(DatabaseProvider provider) : StoreTests(provider)
{
    private Org _org = null!;
    private Person _alice = null!;
    private Person _bob = null!;
    private KeyResult _nps = null!;
    private KeyResult _uptime = null!;
    private KeyResult _launch = null!;
    private KeyResult _bobs = null!;
    private KeyResult _elsewhere = null!;

    private TurnHandler Handler => new(
        new OkrQueryService(Store.Database, Store.Clock), new CheckInService(Store.Database, Store.Clock), new RiskService(Store.Database, Store.Clock),
        new PeopleService(Store.Database, new DemoOrganisation(Store.Database, Store.Clock, NullLogger<DemoOrganisation>.Instance), Store.Clock),
        new DeliveryQueue(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock), new DeliveryNudge(),
        new WrapUpService(Store.Database, Store.Clock), new ReviewService(Store.Database, Store.Clock), new ScoringService(Store.Database, Store.Clock),
        new PromptCards(Store.Database, new DeliveryQueue(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock),
            new RhythmStore(Store.Database), Store.Clock),
        new SmallWinService(Store.Database, Store.Clock), Store.Clock,
        new AuthoringTurns(new AuthoringService(Store.Database, Store.Clock), new KeyResultChangeService(Store.Database, Store.Clock),
            new OkrQueryService(Store.Database, Store.Clock),
            new DeliveryQueue(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock), new DeliveryNudge()));

    /// <summary>
    /// Alice owns a metric (NPS 0 to 100, now 40), a percentage (uptime 90% to 99%, now 95%) and a milestone; her
    /// colleague Bob owns a KR of his own, and another organisation has one too.
    /// </summary>
    private async Task ArrangeAsync(CycleState state = CycleState.Active)
    {
        _org = await Org.CreateAsync(Store, state: state);
        var maya = await _org.PersonAsync("Maya");
        _alice = await _org.PersonAsync("Alice", maya);
        _bob = await _org.PersonAsync("Bob", maya);
        var objective = await _org.ObjectiveAsync(_alice, "Delight customers");
        _nps = await _org.KeyResultAsync(objective, _alice, "Raise NPS", start: 0, target: 100, current: 40);
        _uptime = await _org.KeyResultAsync(objective, _alice, "Uptime", start: 90, target: 99, kind: KeyResultKind.Percentage, current: 95);
        _launch = await _org.KeyResultAsync(objective, _alice, "Launch the app", start: 0, target: 1, kind: KeyResultKind.Milestone, current: 0);
        _bobs = await _org.KeyResultAsync(await _org.ObjectiveAsync(_bob, "Bob's objective"), _bob, "Bob's KR", current: 10);
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var eve = await other.PersonAsync("Eve");
        _elsewhere = await other.KeyResultAsync(await other.ObjectiveAsync(eve), eve, "Eve's KR", current: 10);
    }

    private async Task<View> SayAsync(Person person, string text) =>
        (await Handler.HandleAsync(new Turn(Channel.Teams, person, new TurnInput.Text(text)))).View;

    private async Task<View> ActAsync(Person person, string verb, IReadOnlyDictionary<string, string> data) =>
        (await Handler.HandleAsync(new Turn(Channel.Teams, person, new TurnInput.CardAction(verb, data)))).View;

    /// <summary>
    /// What a client sends for the card's button <paramref name="verb"/>: the button's data and every input's value as
    /// the card shows it, with <paramref name="changes"/> applied (a null value leaves the input out).
    /// </summary>
    private static Dictionary<string, string> Submit(View view, string verb, IReadOnlyDictionary<string, string?>? changes = null)
    {
        var card = AdaptiveCardRenderer.Render(view);
        var data = Cards.CardJson.Button(card, verb)["data"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        foreach (var (id, input) in Cards.CardJson.Inputs(card))
            data[id] = input["value"] is JsonValue v ? v.ToString() : "";
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null) data.Remove(key);
            else data[key] = value;
        }
        return data;
    }

    private static string Ids(params KeyResult[] krs) => string.Join(',', krs.Select(k => k.Id.ToString("D")));

    // ---- Review ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Typing_review_answers_the_review_card_of_the_current_cycle_with_the_persons_own_key_results()
    {
        await ArrangeAsync();

        var card = Assert.IsType<ReviewCardView>(await SayAsync(_alice, "review"));

        Assert.Equal(_org.Quarter.Id, card.Sheet.CycleId);
        Assert.Equal(new[] { _launch.Id, _nps.Id, _uptime.Id }.Order(), card.Sheet.Items.Select(i => i.KeyResult.Id).Order());
        Assert.Null(card.Error);
        Assert.IsType<ReviewCardView>(await ActAsync(_alice, CardVerbs.ReviewOpen, new Dictionary<string, string>()));
        Assert.IsType<ReviewCardView>(await ActAsync(_alice, CardVerbs.ReviewOpen, new Dictionary<string, string> { [CardVerbs.CycleKey] = _org.Quarter.Id.ToString() }));
    }

    [Fact]
    public async Task A_review_submitted_from_the_card_records_every_decision_and_the_done_card_replaces_it()
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "review");

        var done = Assert.IsType<ReviewDoneView>(await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionInput(_nps.Id)] = "Adjust", [CardVerbs.TargetInput(_nps.Id)] = "120", [CardVerbs.ReviewNoteInput(_nps.Id)] = "A bigger market than we thought",
            [CardVerbs.DecisionInput(_launch.Id)] = "Drop", [CardVerbs.ReviewNoteInput(_launch.Id)] = "The partner pulled out",
        })));

        Assert.Equal(3, done.Items.Count);
        var nps = done.Items.Single(i => i.KeyResultId == _nps.Id);
        Assert.Equal((ReviewDecisionKind.Adjust, 100m, 120m, "A bigger market than we thought", false), (nps.Decision, nps.PreviousTarget, nps.Target, nps.Note, nps.Amended));
        Assert.Equal(ReviewDecisionKind.Keep, done.Items.Single(i => i.KeyResultId == _uptime.Id).Decision);
        Assert.Equal(0, done.Undecided);
        await using var db = Store.Database.Open();
        var decisions = await db.ReviewDecisions.ToDictionaryAsync(d => d.KeyResultId);
        Assert.Equal(3, decisions.Count);
        Assert.Equal((ReviewDecisionKind.Adjust, 120m, _alice.Id), (decisions[_nps.Id].Decision, decisions[_nps.Id].NewTarget!.Value, decisions[_nps.Id].DecidedById));
        Assert.Equal((ReviewDecisionKind.Drop, "The partner pulled out"), (decisions[_launch.Id].Decision, decisions[_launch.Id].Note));
        Assert.Equal(120m, (await db.KeyResults.SingleAsync(k => k.Id == _nps.Id)).TargetValue);
        Assert.True((await db.KeyResults.SingleAsync(k => k.Id == _launch.Id)).IsDropped);
        Assert.False((await db.KeyResults.SingleAsync(k => k.Id == _uptime.Id)).IsDropped);
    }

    [Fact]
    public async Task Submitting_the_review_again_amends_the_decisions_and_opening_it_again_shows_them()
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "review");
        await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionInput(_launch.Id)] = "Drop", [CardVerbs.ReviewNoteInput(_launch.Id)] = "The partner pulled out",
        }));

        var reopened = Assert.IsType<ReviewCardView>(await SayAsync(_alice, "review"));
        Assert.Equal(ReviewDecisionKind.Drop, reopened.Sheet.Items.Single(i => i.KeyResult.Id == _launch.Id).Decision);
        var done = Assert.IsType<ReviewDoneView>(await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(reopened, CardVerbs.ReviewSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionInput(_launch.Id)] = "Keep", [CardVerbs.ReviewNoteInput(_launch.Id)] = "The partner is back",
        })));

        Assert.All(done.Items, i => Assert.True(i.Amended));
        await using var db = Store.Database.Open();
        Assert.Equal(3, await db.ReviewDecisions.CountAsync());
        var launch = await db.ReviewDecisions.SingleAsync(d => d.KeyResultId == _launch.Id);
        Assert.Equal((ReviewDecisionKind.Keep, "The partner is back"), (launch.Decision, launch.Note));
        Assert.False((await db.KeyResults.SingleAsync(k => k.Id == _launch.Id)).IsDropped);
    }

    [Fact]
    public async Task A_key_result_left_undecided_is_skipped_and_the_done_card_counts_it()
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "review");

        var done = Assert.IsType<ReviewDoneView>(await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionInput(_uptime.Id)] = "", [CardVerbs.DecisionInput(_launch.Id)] = null,
        })));

        Assert.Equal([_nps.Id], done.Items.Select(i => i.KeyResultId));
        Assert.Equal(2, done.Undecided);
        await using var db = Store.Database.Open();
        Assert.Equal([_nps.Id], await db.ReviewDecisions.Select(d => d.KeyResultId).ToListAsync());
    }

    public static TheoryData<string> ReviewRefusals() =>
    [
        "adjust without a target", "adjust a milestone", "an unknown decision", "a decision by number", "a target that is not a number",
        "a target against the direction", "a percentage target above 100", "drop without a note", "adjust without a note", "a note too long",
        "another persons key result", "another organisations key result", "a key result not an id",
    ];

    [Theory]
    [MemberData(nameof(ReviewRefusals))]
    public async Task A_review_with_anything_wrong_comes_back_as_the_card_with_the_refusal_and_records_nothing(string wrong)
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "review");
        var text = BotText.English;
        // The valid part of the submit: NPS dropped with a note. Nothing of it may be recorded when another part is wrong.
        var changes = new Dictionary<string, string?> { [CardVerbs.DecisionInput(_nps.Id)] = "Drop", [CardVerbs.ReviewNoteInput(_nps.Id)] = "Not our focus now" };
        string expected;
        switch (wrong)
        {
            case "adjust without a target":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "Adjust";
                changes[CardVerbs.ReviewNoteInput(_uptime.Id)] = "Raise the bar";
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "targetMissing"));
                break;
            case "adjust a milestone":
                changes[CardVerbs.DecisionInput(_launch.Id)] = "Adjust";
                changes[CardVerbs.ReviewNoteInput(_launch.Id)] = "Later";
                changes[CardVerbs.TargetInput(_launch.Id)] = "2";
                expected = text.ItemRefusal("Launch the app", text.Refusal(OkrErrorCode.Invalid, "decision"));
                break;
            case "an unknown decision":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "Maybe";
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "decision"));
                break;
            case "a decision by number":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "1";
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "decision"));
                break;
            case "a target that is not a number":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "Adjust";
                changes[CardVerbs.TargetInput(_uptime.Id)] = "NaN";
                changes[CardVerbs.ReviewNoteInput(_uptime.Id)] = "Raise the bar";
                expected = text.ItemRefusal("Uptime", text.CardValueNotANumber);
                break;
            case "a target against the direction":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "Adjust";
                changes[CardVerbs.TargetInput(_uptime.Id)] = "80";
                changes[CardVerbs.ReviewNoteInput(_uptime.Id)] = "Lower the bar";
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "newTarget"));
                break;
            case "a percentage target above 100":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "Adjust";
                changes[CardVerbs.TargetInput(_uptime.Id)] = "101";
                changes[CardVerbs.ReviewNoteInput(_uptime.Id)] = "Raise the bar";
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "newTarget"));
                break;
            case "drop without a note":
                changes[CardVerbs.DecisionInput(_launch.Id)] = "Drop";
                changes[CardVerbs.ReviewNoteInput(_launch.Id)] = "   ";
                expected = text.ItemRefusal("Launch the app", text.Refusal(OkrErrorCode.Invalid, "note"));
                break;
            case "adjust without a note":
                changes[CardVerbs.DecisionInput(_uptime.Id)] = "Adjust";
                changes[CardVerbs.TargetInput(_uptime.Id)] = "99.9";
                changes[CardVerbs.ReviewNoteInput(_uptime.Id)] = null;
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "note"));
                break;
            case "a note too long":
                changes[CardVerbs.ReviewNoteInput(_uptime.Id)] = new string('x', CardVerbs.MaxTextLength + 1);
                expected = text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, "note"));
                break;
            case "another persons key result":
                changes[CardVerbs.KeyResultsKey] = Ids(_nps, _bobs);
                changes[CardVerbs.DecisionInput(_bobs.Id)] = "Drop";
                changes[CardVerbs.ReviewNoteInput(_bobs.Id)] = "Not Bob's focus";
                expected = text.Refusal(OkrErrorCode.Invalid, "card");
                break;
            case "another organisations key result":
                changes[CardVerbs.KeyResultsKey] = Ids(_nps, _elsewhere);
                changes[CardVerbs.DecisionInput(_elsewhere.Id)] = "Drop";
                changes[CardVerbs.ReviewNoteInput(_elsewhere.Id)] = "Gone";
                expected = text.Refusal(OkrErrorCode.Invalid, "card");
                break;
            case "a key result not an id":
                changes[CardVerbs.KeyResultsKey] = Ids(_nps) + ",not-an-id";
                var notice = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit, changes)));
                Assert.Equal(NoticeKind.Warning, notice.Kind);
                await AssertNothingReviewedAsync();
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(wrong), wrong, null);
        }

        var again = Assert.IsType<ReviewCardView>(await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit, changes)));

        Assert.Equal(expected, again.Error);
        // What was chosen and written is still on the card.
        var nps = again.Sheet.Items.Single(i => i.KeyResult.Id == _nps.Id);
        Assert.Equal((ReviewDecisionKind.Drop, "Not our focus now"), (nps.Decision, nps.Note));
        await AssertNothingReviewedAsync();
    }

    private async Task AssertNothingReviewedAsync()
    {
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.ReviewDecisions.CountAsync());
        var krs = await db.KeyResults.ToListAsync();
        Assert.DoesNotContain(krs, k => k.IsDropped);
        Assert.Equal((100m, 99m, 1m), (krs.Single(k => k.Id == _nps.Id).TargetValue, krs.Single(k => k.Id == _uptime.Id).TargetValue, krs.Single(k => k.Id == _launch.Id).TargetValue));
    }

    [Fact]
    public async Task A_review_in_a_cycle_that_is_no_longer_active_is_refused_and_records_nothing()
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "review");
        await _org.SetCycleStateAsync(CycleState.Reviewing);

        var answer = await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit));

        var notice = Assert.IsType<NoticeView>(answer);
        Assert.Equal(BotText.English.Refusal(OkrErrorCode.CycleNotOpen, null), notice.Message);
        await AssertNothingReviewedAsync();
    }

    [Fact]
    public async Task Someone_with_no_key_results_is_told_there_is_nothing_to_review_or_score()
    {
        await ArrangeAsync();
        var maya = await _org.PersonAsync("Maya without KRs");

        var review = Assert.IsType<NoticeView>(await SayAsync(maya, "review"));
        var score = Assert.IsType<NoticeView>(await SayAsync(maya, "score"));

        Assert.Equal((NoticeKind.Info, BotText.English.ReviewNothingToDo("2026 Q4")), (review.Kind, review.Message));
        Assert.Equal((NoticeKind.Info, BotText.English.ScoringNothingToDo("2026 Q4")), (score.Kind, score.Message));
        Assert.Equal([CardVerbs.MyOkrs], review.Buttons.Select(b => b.Action.Verb));
    }

    [Fact]
    public async Task Without_an_active_cycle_review_and_score_say_there_is_none()
    {
        await ArrangeAsync(CycleState.Planning);

        var review = Assert.IsType<NoticeView>(await SayAsync(_alice, "review"));
        var score = Assert.IsType<NoticeView>(await SayAsync(_alice, "评分"));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.NotFound, "cycle"), review.Message);
        Assert.Equal(BotText.English.Refusal(OkrErrorCode.NotFound, "cycle"), score.Message);
    }

    [Fact]
    public async Task An_open_button_with_a_cycle_that_is_not_an_id_or_not_this_organisations_is_refused()
    {
        await ArrangeAsync();
        var other = await Org.CreateAsync(Store, "Other");

        var notAnId = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.ReviewOpen, new Dictionary<string, string> { [CardVerbs.CycleKey] = "Q4" }));
        var theirs = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.ScoringOpen, new Dictionary<string, string> { [CardVerbs.CycleKey] = other.Quarter.Id.ToString() }));

        Assert.Equal(NoticeKind.Warning, notAnId.Kind);
        Assert.Equal(BotText.English.Refusal(OkrErrorCode.NotFound, "cycle"), theirs.Message);
    }

    [Fact]
    public async Task A_chinese_speaker_gets_the_review_card_and_its_refusals_in_chinese()
    {
        await ArrangeAsync();
        _alice.Locale = "zh-CN";
        var card = Assert.IsType<ReviewCardView>(await SayAsync(_alice, "复盘"));

        var again = Assert.IsType<ReviewCardView>(await ActAsync(_alice, CardVerbs.ReviewSubmit, Submit(card, CardVerbs.ReviewSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionInput(_launch.Id)] = "Adjust", [CardVerbs.TargetInput(_launch.Id)] = "2", [CardVerbs.ReviewNoteInput(_launch.Id)] = "推迟",
        })));

        Assert.Equal("zh-CN", again.Locale);
        Assert.Equal("“Launch the app”：请选择保留、调整或放弃（里程碑只能保留或放弃）。", again.Error);
    }

    // ---- Scoring --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Typing_score_answers_the_scoring_card_prefilled_with_the_scores_the_progress_suggests()
    {
        await ArrangeAsync();

        var card = Assert.IsType<ScoringCardView>(await SayAsync(_alice, "score"));

        var suggested = card.Sheet.Items.ToDictionary(i => i.KeyResult.Id, i => i.SuggestedScore);
        Assert.Equal((0.4m, 0.6m, 0m), (suggested[_nps.Id], suggested[_uptime.Id], suggested[_launch.Id]));
        var data = Submit(card, CardVerbs.ScoringSubmit);
        Assert.Equal(("0.4", "0.6", "0.0"), (data[CardVerbs.ScoreInput(_nps.Id)], data[CardVerbs.ScoreInput(_uptime.Id)], data[CardVerbs.ScoreInput(_launch.Id)]));
    }

    [Fact]
    public async Task Scores_submitted_from_the_card_are_recorded_and_the_done_card_gives_each_its_hint()
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "score");

        var done = Assert.IsType<ScoringDoneView>(await ActAsync(_alice, CardVerbs.ScoringSubmit, Submit(card, CardVerbs.ScoringSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.ScoreInput(_nps.Id)] = "0.7", [CardVerbs.ScoreReasonInput(_nps.Id)] = "Most of the campaign landed",
            [CardVerbs.ScoreInput(_uptime.Id)] = "1.0", [CardVerbs.ScoreReasonInput(_uptime.Id)] = "Never went down",
            [CardVerbs.ScoreInput(_launch.Id)] = "0", [CardVerbs.ScoreReasonInput(_launch.Id)] = "The partner pulled out",
        })));

        var hints = done.Items.ToDictionary(i => i.KeyResultId, i => i.Hints.Single());
        Assert.Equal((ScoreHint.Healthy, ScoreHint.TargetMaybeTooLow, ScoreHint.ZeroNeedsExplanation), (hints[_nps.Id], hints[_uptime.Id], hints[_launch.Id]));
        Assert.Equal(("Most of the campaign landed", 0.4m, 0), (done.Items.Single(i => i.KeyResultId == _nps.Id).Reason, done.Items.Single(i => i.KeyResultId == _nps.Id).SuggestedScore, done.Unscored));
        await using var db = Store.Database.Open();
        var scores = await db.Scores.ToDictionaryAsync(s => s.KeyResultId);
        Assert.Equal((0.7m, 1.0m, 0m), (scores[_nps.Id].Score, scores[_uptime.Id].Score, scores[_launch.Id].Score));
        Assert.Equal(("Never went down", _alice.Id), (scores[_uptime.Id].Reason, scores[_uptime.Id].ScoredById));
    }

    [Fact]
    public async Task Scoring_again_amends_the_scores()
    {
        await ArrangeAsync();
        var reasons = new Dictionary<string, string?>
        {
            [CardVerbs.ScoreReasonInput(_nps.Id)] = "Landed", [CardVerbs.ScoreReasonInput(_uptime.Id)] = "Stable", [CardVerbs.ScoreReasonInput(_launch.Id)] = "Blocked",
        };
        await ActAsync(_alice, CardVerbs.ScoringSubmit, Submit(await SayAsync(_alice, "score"), CardVerbs.ScoringSubmit, reasons));

        var reopened = Assert.IsType<ScoringCardView>(await SayAsync(_alice, "score"));
        Assert.All(reopened.Sheet.Items, i => Assert.NotNull(i.Score));
        var done = Assert.IsType<ScoringDoneView>(await ActAsync(_alice, CardVerbs.ScoringSubmit, Submit(reopened, CardVerbs.ScoringSubmit,
            new Dictionary<string, string?> { [CardVerbs.ScoreInput(_nps.Id)] = "0.9", [CardVerbs.ScoreReasonInput(_nps.Id)] = "The last push worked" })));

        Assert.All(done.Items, i => Assert.True(i.Amended));
        await using var db = Store.Database.Open();
        Assert.Equal(3, await db.Scores.CountAsync());
        var nps = await db.Scores.SingleAsync(s => s.KeyResultId == _nps.Id);
        Assert.Equal((0.9m, "The last push worked"), (nps.Score, nps.Reason));
        Assert.Equal("Stable", (await db.Scores.SingleAsync(s => s.KeyResultId == _uptime.Id)).Reason);
    }

    [Theory]
    [InlineData("score", "1.5")]
    [InlineData("score", "0.75")]
    [InlineData("score", "NaN")]
    [InlineData("score", "-0.1")]
    [InlineData("score", "1e400")]
    [InlineData("score", "seven")]
    [InlineData("score", "")]
    [InlineData("score", null)]
    [InlineData("reason", "")]
    [InlineData("reason", "   ")]
    [InlineData("reason", null)]
    public async Task A_score_out_of_range_not_in_tenths_not_a_number_or_without_a_reason_comes_back_refused_and_records_nothing(string input, string? value)
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "score");
        var changes = new Dictionary<string, string?>
        {
            [CardVerbs.ScoreReasonInput(_nps.Id)] = "Landed", [CardVerbs.ScoreReasonInput(_uptime.Id)] = "Stable", [CardVerbs.ScoreReasonInput(_launch.Id)] = "Blocked",
            [input == "score" ? CardVerbs.ScoreInput(_uptime.Id) : CardVerbs.ScoreReasonInput(_uptime.Id)] = value,
        };

        var again = Assert.IsType<ScoringCardView>(await ActAsync(_alice, CardVerbs.ScoringSubmit, Submit(card, CardVerbs.ScoringSubmit, changes)));

        var text = BotText.English;
        Assert.Equal(text.ItemRefusal("Uptime", text.Refusal(OkrErrorCode.Invalid, input)), again.Error);
        Assert.Equal("Landed", again.Sheet.Items.Single(i => i.KeyResult.Id == _nps.Id).Reason);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.Scores.CountAsync());
    }

    [Theory]
    [InlineData("another person")]
    [InlineData("another organisation")]
    [InlineData("dropped")]
    public async Task Scoring_a_key_result_that_is_not_on_the_persons_sheet_is_refused_and_records_nothing(string whose)
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "score");
        if (whose == "dropped") await Org.SetDroppedAsync(Store, _launch, true);
        var foreign = whose switch { "another person" => _bobs, "another organisation" => _elsewhere, _ => _launch };
        var changes = new Dictionary<string, string?>
        {
            [CardVerbs.KeyResultsKey] = Ids(_nps, foreign),
            [CardVerbs.ScoreReasonInput(_nps.Id)] = "Landed",
            [CardVerbs.ScoreInput(foreign.Id)] = "0.5", [CardVerbs.ScoreReasonInput(foreign.Id)] = "Half way",
        };

        var again = Assert.IsType<ScoringCardView>(await ActAsync(_alice, CardVerbs.ScoringSubmit, Submit(card, CardVerbs.ScoringSubmit, changes)));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Invalid, "card"), again.Error);
        Assert.DoesNotContain(again.Sheet.Items, i => i.KeyResult.Id == foreign.Id);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.Scores.CountAsync());
    }

    [Theory]
    [InlineData(null, "x")]
    [InlineData("not-a-cycle", "x")]
    [InlineData("cycle", "")]
    [InlineData("cycle", "nope")]
    [InlineData("cycle", "dup")]
    public async Task A_scoring_submit_that_does_not_say_which_cycle_and_key_results_it_is_for_is_refused(string? cycle, string krs)
    {
        await ArrangeAsync();
        var data = new Dictionary<string, string>
        {
            [CardVerbs.KeyResultsKey] = krs switch { "x" => Ids(_nps), "dup" => Ids(_nps, _nps), _ => krs },
            [CardVerbs.ScoreInput(_nps.Id)] = "0.5", [CardVerbs.ScoreReasonInput(_nps.Id)] = "Half",
        };
        if (cycle is not null) data[CardVerbs.CycleKey] = cycle == "cycle" ? _org.Quarter.Id.ToString() : cycle;

        var notice = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.ScoringSubmit, data));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Invalid, "items"), notice.Message);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.Scores.CountAsync());
    }

    [Fact]
    public async Task Scores_for_a_closed_cycle_are_refused_and_record_nothing()
    {
        await ArrangeAsync();
        var card = await SayAsync(_alice, "score");
        await _org.SetCycleStateAsync(CycleState.Closed);

        var notice = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.ScoringSubmit, Submit(card, CardVerbs.ScoringSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.ScoreReasonInput(_nps.Id)] = "Landed", [CardVerbs.ScoreReasonInput(_uptime.Id)] = "Stable", [CardVerbs.ScoreReasonInput(_launch.Id)] = "Blocked",
        })));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.CycleNotOpen, null), notice.Message);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.Scores.CountAsync());
    }
}
