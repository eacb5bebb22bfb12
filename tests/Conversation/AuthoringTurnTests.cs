using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Bot.Conversation;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Jobs.Channels.Teams.Cards;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Conversation;

public sealed class AuthoringTurnsOnPostgres() : AuthoringTurnTests(DatabaseProvider.Postgres);
public sealed class AuthoringTurnsOnSqlite() : AuthoringTurnTests(DatabaseProvider.Sqlite);

/// <summary>
/// Drafting OKRs and changing published key results through the turn handler, on a real store: each card is rendered as
/// Teams gets it and what comes back is built from that card the way a client sends it (then tampered with).
/// </summary>
public abstract class AuthoringTurnTests(DatabaseProvider provider) : StoreTests(provider)
{
    private Org _org = null!;
    private Person _maya = null!;
    private Person _alice = null!;
    private Person _bob = null!;
    private Objective _teams = null!;

    private DeliveryQueue Queue => new(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock);

    private TurnHandler Handler => new(
        new OkrQueryService(Store.Database, Store.Clock), new CheckInService(Store.Database, Store.Clock), new RiskService(Store.Database, Store.Clock),
        new PeopleService(Store.Database, new DemoOrganisation(Store.Database, Store.Clock, NullLogger<DemoOrganisation>.Instance), Store.Clock),
        Queue, new DeliveryNudge(), new WrapUpService(Store.Database, Store.Clock), new ReviewService(Store.Database, Store.Clock),
        new ScoringService(Store.Database, Store.Clock), new PromptCards(Store.Database, Queue, new RhythmStore(Store.Database), Store.Clock),
        new SmallWinService(Store.Database, Store.Clock), Store.Clock,
        new AuthoringTurns(new AuthoringService(Store.Database, Store.Clock), new KeyResultChangeService(Store.Database, Store.Clock),
            new OkrQueryService(Store.Database, Store.Clock), Queue, new DeliveryNudge()));

    /// <summary>Maya leads the Product team of Alice and Bob; the team has a published objective.</summary>
    private async Task ArrangeAsync(bool approval = false)
    {
        _org = await Org.CreateAsync(Store);
        if (approval)
        {
            await using var db = Store.Database.Open();
            (await db.Tenants.SingleAsync(t => t.Id == _org.Tenant.Id)).KrChangesNeedApproval = true;
            await db.SaveChangesAsync();
        }
        _maya = await _org.PersonAsync("Maya");
        var product = await _org.TeamAsync("Product", _maya);
        _alice = await _org.PersonAsync("Alice", _maya, product);
        _bob = await _org.PersonAsync("Bob", _maya, product);
        _teams = await _org.ObjectiveAsync(null, "Ship mobile ordering", team: product);
        await _org.KeyResultAsync(_teams, _maya, "Weekly active users from 12,000 to 30,000", start: 12000, target: 30000);
    }

    private async Task<View> SayAsync(Person person, string text) =>
        (await Handler.HandleAsync(new Turn(Channel.Teams, person, new TurnInput.Text(text)))).View;

    private async Task<View> ActAsync(Person person, string verb, IReadOnlyDictionary<string, string> data) =>
        (await Handler.HandleAsync(new Turn(Channel.Teams, person, new TurnInput.CardAction(verb, data)))).View;

    /// <summary>What a client sends for the card's button <paramref name="verb"/>: its data, every input as the card shows it, then <paramref name="changes"/>.</summary>
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

    private Task<View> PressAsync(Person person, View card, string verb, IReadOnlyDictionary<string, string?>? changes = null) =>
        ActAsync(person, verb, Submit(card, verb, changes));

    /// <summary>A draft made through the cards: "new objective", the form filled and saved.</summary>
    private async Task<DraftView> NewDraftAsync(Person person, string title = "Make checkout effortless")
    {
        var form = Assert.IsType<ObjectiveFormView>(await SayAsync(person, "new objective"));
        return Assert.IsType<DraftView>(await PressAsync(person, form, CardVerbs.DraftSave, new Dictionary<string, string?> { [CardVerbs.ObjectiveTitleInput] = title }));
    }

    // ---- Commands -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("new objective")]
    [InlineData("新建目标")]
    [InlineData("New OKR")]
    public async Task Typing_new_objective_answers_the_objective_form_for_the_current_cycle(string command)
    {
        await ArrangeAsync();

        var form = Assert.IsType<ObjectiveFormView>(await SayAsync(_alice, command));

        Assert.Null(form.Form.ObjectiveId);
        Assert.Equal(_org.Quarter.Id, form.Form.CycleId);
        Assert.Contains(CardVerbs.DraftSave, Cards.CardJson.Verbs(AdaptiveCardRenderer.Render(form)));
    }

    [Theory]
    [InlineData("my drafts")]
    [InlineData("草稿")]
    public async Task Typing_my_drafts_lists_the_persons_drafts(string command)
    {
        await ArrangeAsync();
        await NewDraftAsync(_alice);

        var list = Assert.IsType<DraftListView>(await SayAsync(_alice, command));

        Assert.Equal(["Make checkout effortless"], list.Drafts.Select(d => d.Title));
        Assert.Empty(Assert.IsType<DraftListView>(await SayAsync(_bob, command)).Drafts);
    }

    // ---- The whole flow -------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_draft_is_created_refined_aligned_and_published_from_the_cards_and_then_shows_in_my_okrs()
    {
        await ArrangeAsync();

        var draft = await NewDraftAsync(_alice);
        Assert.Equal(BotText.English.DraftSaved, draft.Message);
        Assert.Equal(ObjectiveState.Draft, draft.Draft.State);

        var krForm = Assert.IsType<KeyResultFormView>(await PressAsync(_alice, draft, CardVerbs.DraftKrOpen));
        draft = Assert.IsType<DraftView>(await PressAsync(_alice, krForm, CardVerbs.DraftKrSave, new Dictionary<string, string?>
        {
            [CardVerbs.KrTitleInput] = "Cut checkout steps from 7 to 3", [CardVerbs.KrStartInput] = "7", [CardVerbs.KrTargetInput] = "3",
            [CardVerbs.KrUnitInput] = "steps", [CardVerbs.KrParticipantsInput] = _bob.Id.ToString(),
        }));
        var kr = Assert.Single(draft.Draft.KeyResults);
        Assert.Equal(("Cut checkout steps from 7 to 3", 7m, 3m, Direction.Decrease, _alice.Id), (kr.Title, kr.Start, kr.Target, kr.Direction, kr.OwnerId));
        Assert.Equal([_bob.Id], kr.Participants.Select(p => p.Id));

        var picker = Assert.IsType<AlignPickerView>(await PressAsync(_alice, draft, CardVerbs.DraftAlignOpen));
        Assert.Contains(picker.Choices.Choices, c => c.Id == _teams.Id);
        draft = Assert.IsType<DraftView>(await PressAsync(_alice, picker, CardVerbs.DraftAlignSave, new Dictionary<string, string?>
        {
            [CardVerbs.AlignInput] = CardVerbs.AlignmentValue(AlignmentKind.Objective, _teams.Id),
        }));
        Assert.Equal(_teams.Id, draft.Draft.Parent!.Id);
        Assert.True(draft.Draft.IsReady);

        var published = Assert.IsType<NoticeView>(await PressAsync(_alice, draft, CardVerbs.DraftPublish));
        Assert.Equal(NoticeKind.Success, published.Kind);
        Assert.Equal(BotText.English.Published("Make checkout effortless", 1, "2026 Q4", Visibility.Public), published.Message);

        var mine = Assert.IsType<OkrListView>(await SayAsync(_alice, "my okrs"));
        var objective = Assert.Single(mine.List.Objectives, o => o.Title == "Make checkout effortless");
        Assert.Equal(ObjectiveState.Published, objective.State);
        Assert.Empty(Assert.IsType<DraftListView>(await SayAsync(_alice, "my drafts")).Drafts);
    }

    [Fact]
    public async Task The_draft_card_points_out_what_is_not_measurable_and_publishing_it_is_refused_on_the_card()
    {
        await ArrangeAsync();
        var draft = await NewDraftAsync(_alice);
        var krForm = await PressAsync(_alice, draft, CardVerbs.DraftKrOpen);
        draft = Assert.IsType<DraftView>(await PressAsync(_alice, krForm, CardVerbs.DraftKrSave, new Dictionary<string, string?>
        {
            [CardVerbs.KrTitleInput] = "提升客户满意度", [CardVerbs.KrStartInput] = "80", [CardVerbs.KrTargetInput] = "",
        }));
        var texts = Cards.CardJson.Texts(AdaptiveCardRenderer.Render(draft)).ToList();
        Assert.Contains(texts, t => t.Contains(BotText.English.MeasurabilityHintText(Core.Rules.MeasurabilityHint.VagueWithoutFigure), StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(BotText.English.KeyResultProblemText(Core.Rules.KeyResultProblem.TargetEqualsStart), StringComparison.Ordinal));

        var refused = Assert.IsType<DraftView>(await PressAsync(_alice, draft, CardVerbs.DraftPublish));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Invalid, "notReady"), refused.Error);
        await using var db = Store.Database.Open();
        Assert.Equal(ObjectiveState.Draft, (await db.Objectives.SingleAsync(o => o.Id == draft.Draft.ObjectiveId)).State);
    }

    [Fact]
    public async Task A_key_result_with_a_percentage_out_of_range_comes_back_on_its_form_with_what_was_entered()
    {
        await ArrangeAsync();
        var draft = await NewDraftAsync(_alice);
        var krForm = await PressAsync(_alice, draft, CardVerbs.DraftKrOpen);

        var again = Assert.IsType<KeyResultFormView>(await PressAsync(_alice, krForm, CardVerbs.DraftKrSave, new Dictionary<string, string?>
        {
            [CardVerbs.KrTitleInput] = "Uptime", [CardVerbs.KrKindInput] = "Percentage", [CardVerbs.KrStartInput] = "90", [CardVerbs.KrTargetInput] = "150",
        }));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Invalid, "krValues"), again.Error);
        Assert.Equal(("Uptime", KeyResultKind.Percentage, (decimal?)90m, (decimal?)150m), (again.Form.Title, again.Form.Kind, again.Form.Start, again.Form.Target));
        var notANumber = Assert.IsType<KeyResultFormView>(await PressAsync(_alice, krForm, CardVerbs.DraftKrSave, new Dictionary<string, string?>
        {
            [CardVerbs.KrTitleInput] = "Uptime", [CardVerbs.KrTargetInput] = "lots",
        }));
        Assert.Equal(BotText.English.CardValueNotANumber, notANumber.Error);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.KeyResults.CountAsync(k => k.ObjectiveId == draft.Draft.ObjectiveId));
    }

    [Fact]
    public async Task Someone_elses_draft_is_refused_with_a_clear_view_and_a_forged_id_is_not_our_card()
    {
        await ArrangeAsync();
        var draft = await NewDraftAsync(_alice);

        var byBob = Assert.IsType<NoticeView>(await PressAsync(_bob, draft, CardVerbs.DraftPublish));
        var byMaya = Assert.IsType<NoticeView>(await PressAsync(_maya, draft, CardVerbs.DraftKrOpen));
        var forged = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.DraftOpen, new Dictionary<string, string> { [CardVerbs.ObjectiveKey] = "not-an-id" }));
        var noId = Assert.IsType<NoticeView>(await ActAsync(_alice, CardVerbs.DraftPublish, new Dictionary<string, string>()));

        Assert.Equal((NoticeKind.Error, BotText.English.Refusal(OkrErrorCode.NotFound, "objectiveId")), (byBob.Kind, byBob.Message));
        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Forbidden, "objectiveId"), byMaya.Message);
        Assert.Equal(NoticeKind.Warning, forged.Kind);
        Assert.Equal(NoticeKind.Warning, noId.Kind);
        await using var db = Store.Database.Open();
        Assert.Equal(ObjectiveState.Draft, (await db.Objectives.SingleAsync(o => o.Id == draft.Draft.ObjectiveId)).State);
    }

    [Fact]
    public async Task Aligning_to_something_not_offered_comes_back_on_the_picker()
    {
        await ArrangeAsync();
        var draft = await NewDraftAsync(_alice);
        var picker = await PressAsync(_alice, draft, CardVerbs.DraftAlignOpen);
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var eve = await other.PersonAsync("Eve");
        var elsewhere = await other.KeyResultAsync(await other.ObjectiveAsync(eve), eve);

        var refused = Assert.IsType<AlignPickerView>(await PressAsync(_alice, picker, CardVerbs.DraftAlignSave, new Dictionary<string, string?>
        {
            [CardVerbs.AlignInput] = CardVerbs.AlignmentValue(AlignmentKind.KeyResult, elsewhere.Id),
        }));
        var garbage = Assert.IsType<AlignPickerView>(await PressAsync(_alice, picker, CardVerbs.DraftAlignSave, new Dictionary<string, string?>
        {
            [CardVerbs.AlignInput] = "kr:42",
        }));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.NotFound, "parent"), refused.Error);
        Assert.NotNull(garbage.Error);
    }

    [Fact]
    public async Task Editing_the_objective_and_discarding_the_draft_work_from_the_cards()
    {
        await ArrangeAsync();
        var draft = await NewDraftAsync(_alice);

        var form = Assert.IsType<ObjectiveFormView>(await PressAsync(_alice, draft, CardVerbs.DraftEdit));
        Assert.Equal("Make checkout effortless", form.Form.Title);
        var refused = Assert.IsType<ObjectiveFormView>(await PressAsync(_alice, form, CardVerbs.DraftSave, new Dictionary<string, string?>
        {
            [CardVerbs.ObjectiveTitleInput] = new string('x', 301), [CardVerbs.VisibilityInput] = "Private",
        }));
        Assert.Equal((BotText.English.Refusal(OkrErrorCode.Invalid, "title"), Visibility.Private), (refused.Error, refused.Form.Visibility));
        draft = Assert.IsType<DraftView>(await PressAsync(_alice, form, CardVerbs.DraftSave, new Dictionary<string, string?>
        {
            [CardVerbs.ObjectiveTitleInput] = "Checkout in three taps", [CardVerbs.VisibilityInput] = "Private",
        }));
        Assert.Equal(("Checkout in three taps", Visibility.Private), (draft.Draft.Title, draft.Draft.Visibility));

        var discarded = Assert.IsType<NoticeView>(await PressAsync(_alice, draft, CardVerbs.DraftDiscard));
        Assert.Equal(BotText.English.Discarded("Checkout in three taps"), discarded.Message);
        await using var db = Store.Database.Open();
        Assert.False(await db.Objectives.AnyAsync(o => o.Id == draft.Draft.ObjectiveId));
    }

    // ---- Changing a published key result --------------------------------------------------------------------------

    [Fact]
    public async Task A_target_change_asks_the_manager_through_the_queue_and_the_approval_reaches_the_requester_the_same_way()
    {
        await ArrangeAsync(approval: true);
        var objective = await _org.ObjectiveAsync(_alice, "Delight customers");
        var kr = await _org.KeyResultAsync(objective, _alice, "Raise NPS", start: 0, target: 100, current: 40);

        var card = Assert.IsType<KeyResultCardView>(await ActAsync(_alice, CardVerbs.KrShow, new Dictionary<string, string> { [CardVerbs.KeyResultKey] = kr.Id.ToString() }));
        Assert.True(card.CanChange);
        Assert.Contains(CardVerbs.KrChangeOpen, Cards.CardJson.Verbs(AdaptiveCardRenderer.Render(card)));
        Assert.False(Assert.IsType<KeyResultCardView>(await ActAsync(_bob, CardVerbs.KrShow, new Dictionary<string, string> { [CardVerbs.KeyResultKey] = kr.Id.ToString() })).CanChange);

        var form = Assert.IsType<KrChangeFormView>(await PressAsync(_alice, card, CardVerbs.KrChangeOpen));
        Assert.Equal((true, "Maya"), (form.Form.NeedsApproval, form.Form.ApproverName));
        var asked = Assert.IsType<KeyResultCardView>(await PressAsync(_alice, form, CardVerbs.KrChangeSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.ChangeTargetInput] = "120", [CardVerbs.ChangeReasonInput] = "The market is bigger",
        }));
        Assert.Equal(BotText.English.KrChangeAsked("Maya", BotText.English.KrChangeWhat(KeyResultChangeKind.Target, "Raise NPS", "100", "120")), asked.Message);
        Assert.Equal(100m, asked.KeyResult.TargetValue);

        // The request waits in the delivery queue for Maya, and is her approval card when it is sent.
        var request = await DeliveryAsync(DeliveryKind.KrChangeRequest);
        Assert.Equal(_maya.Id, request.PersonId);
        var requestView = Assert.IsType<KrChangeRequestView>((await RenderAsync(request, _maya)).View);
        Assert.Equal(("Alice", "The market is bigger"), (requestView.Change.RequestedByName, requestView.Change.Reason));

        var outcome = Assert.IsType<KrChangeOutcomeView>(await PressAsync(_maya, requestView, CardVerbs.KrChangeDecide, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionChoiceInput] = CardVerbs.Approve, [CardVerbs.DecisionNoteInput] = "Go for it",
        }));
        Assert.Equal((KeyResultChangeState.Applied, false), (outcome.Change.State, outcome.ForRequester));

        var decision = await DeliveryAsync(DeliveryKind.KrChangeDecision);
        Assert.Equal(_alice.Id, decision.PersonId);
        var told = Assert.IsType<KrChangeOutcomeView>((await RenderAsync(decision, _alice)).View);
        Assert.Equal((KeyResultChangeState.Applied, true, "Go for it"), (told.Change.State, told.ForRequester, told.Change.DecisionNote));
        // Once decided, the request card is not sent any more (a retry after a crash, say).
        Assert.Null((await RenderAsync(request, _maya)).View);
        // Approving twice is refused with a clear view.
        var twice = Assert.IsType<NoticeView>(await PressAsync(_maya, requestView, CardVerbs.KrChangeDecide, new Dictionary<string, string?>
        {
            [CardVerbs.DecisionChoiceInput] = CardVerbs.Approve,
        }));
        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Invalid, "changeApplied"), twice.Message);
    }

    [Fact]
    public async Task Someone_who_is_not_the_manager_cannot_decide_and_a_decision_needs_a_choice()
    {
        await ArrangeAsync(approval: true);
        var kr = await _org.KeyResultAsync(await _org.ObjectiveAsync(_alice, "Delight customers"), _alice, "Raise NPS", start: 0, target: 100);
        var form = await ActAsync(_alice, CardVerbs.KrChangeOpen, new Dictionary<string, string> { [CardVerbs.KeyResultKey] = kr.Id.ToString() });
        await PressAsync(_alice, form, CardVerbs.KrChangeSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.ChangeKindInput] = "Delete", [CardVerbs.ChangeReasonInput] = "We stopped the survey",
        });
        var requestView = Assert.IsType<KrChangeRequestView>((await RenderAsync(await DeliveryAsync(DeliveryKind.KrChangeRequest), _maya)).View);

        var byBob = Assert.IsType<NoticeView>(await PressAsync(_bob, requestView, CardVerbs.KrChangeDecide, new Dictionary<string, string?> { [CardVerbs.DecisionChoiceInput] = CardVerbs.Approve }));
        var noChoice = Assert.IsType<KrChangeRequestView>(await PressAsync(_maya, requestView, CardVerbs.KrChangeDecide));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Forbidden, "changeId"), byBob.Message);
        Assert.Equal(BotText.English.ErrorDecisionChoiceRequired, noChoice.Error);
        await using var db = Store.Database.Open();
        Assert.True(await db.KeyResults.AnyAsync(k => k.Id == kr.Id));
        Assert.Equal(KeyResultChangeState.Pending, (await db.KeyResultChanges.SingleAsync()).State);
    }

    [Fact]
    public async Task Without_approval_a_deletion_applies_at_once_and_an_impossible_target_comes_back_on_the_form()
    {
        await ArrangeAsync();
        var kr = await _org.KeyResultAsync(await _org.ObjectiveAsync(_alice, "Delight customers"), _alice, "Raise NPS", start: 0, target: 100);
        var form = await ActAsync(_alice, CardVerbs.KrChangeOpen, new Dictionary<string, string> { [CardVerbs.KeyResultKey] = kr.Id.ToString() });

        var refused = Assert.IsType<KrChangeFormView>(await PressAsync(_alice, form, CardVerbs.KrChangeSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.ChangeTargetInput] = "-10", [CardVerbs.ChangeReasonInput] = "Why not",
        }));
        var deleted = Assert.IsType<NoticeView>(await PressAsync(_alice, form, CardVerbs.KrChangeSubmit, new Dictionary<string, string?>
        {
            [CardVerbs.ChangeKindInput] = "Delete", [CardVerbs.ChangeReasonInput] = "We stopped the survey",
        }));

        Assert.Equal(BotText.English.Refusal(OkrErrorCode.Invalid, "newTarget"), refused.Error);
        Assert.Equal((NoticeKind.Success, BotText.English.KrDeleted("Raise NPS")), (deleted.Kind, deleted.Message));
        await using var db = Store.Database.Open();
        Assert.False(await db.KeyResults.AnyAsync(k => k.Id == kr.Id));
        Assert.False(await db.Deliveries.AnyAsync(d => d.Kind == DeliveryKind.KrChangeRequest));
    }

    [Fact]
    public async Task The_change_cards_render_for_feishu_with_inputs_the_turn_reads()
    {
        await ArrangeAsync(approval: true);
        var kr = await _org.KeyResultAsync(await _org.ObjectiveAsync(_alice, "Delight customers"), _alice, "Raise NPS", start: 0, target: 100);
        var form = await ActAsync(_alice, CardVerbs.KrChangeOpen, new Dictionary<string, string> { [CardVerbs.KeyResultKey] = kr.Id.ToString() });

        var names = Feishu.Cards.FeishuCardJson.Inputs(FeishuCardRenderer.Render(form)).Keys;

        Assert.Equal(new[] { CardVerbs.ChangeKindInput, CardVerbs.ChangeTargetInput, CardVerbs.ChangeReasonInput }.Order(), names.Order());
    }

    private async Task<Core.Model.Delivery> DeliveryAsync(DeliveryKind kind)
    {
        await using var db = Store.Database.Open();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Kind == kind);
    }

    private async Task<DeliveryContent> RenderAsync(Core.Model.Delivery delivery, Person recipient)
    {
        var claim = new DeliveryClaim(delivery.Id, delivery.TenantId, delivery.PersonId, delivery.Channel, delivery.Kind, delivery.PeriodKey, delivery.Payload,
            1, "node", Store.Clock.GetUtcNow().AddMinutes(2), delivery.CreatedAt);
        return await DeliveryWorld.OkrContent(Store, Store.Clock, Queue).RenderAsync(claim, new DeliveryRecipient(recipient, _org.Tenant, null), CancellationToken.None);
    }
}
