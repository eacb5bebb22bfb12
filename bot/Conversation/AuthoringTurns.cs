using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Bot.Conversation;

/// <summary>
/// The turns of drafting OKRs (create -> refine -> align -> finalize -> publish) and of changing published key results,
/// for the <see cref="TurnHandler"/>: each reads the card's untrusted values, calls one core service and answers with a
/// view. A form that is refused comes back with the refusal and what was entered; a draft that cannot be published
/// comes back saying why. The manager asked to approve a change, and the person who asked, hear it through the durable
/// delivery queue, as at-risk alerts do.
/// </summary>
public sealed class AuthoringTurns(
    AuthoringService authoring, KeyResultChangeService changes, OkrQueryService okrs, DeliveryQueue deliveries, DeliveryNudge nudge)
{
    private static readonly HashSet<string> Verbs =
    [
        CardVerbs.DraftNew, CardVerbs.DraftEdit, CardVerbs.DraftSave, CardVerbs.DraftOpen, CardVerbs.DraftsMine, CardVerbs.DraftKrOpen,
        CardVerbs.DraftKrSave, CardVerbs.DraftKrRemove, CardVerbs.DraftAlignOpen, CardVerbs.DraftAlignSave, CardVerbs.DraftPublish,
        CardVerbs.DraftDiscard, CardVerbs.KrChangeOpen, CardVerbs.KrChangeSubmit, CardVerbs.KrChangeDecide,
    ];

    /// <summary>Whether a card verb is one of these turns'.</summary>
    public static bool Handles(string verb) => Verbs.Contains(verb);

    /// <summary>"new objective": the form for a new draft.</summary>
    public async Task<TurnAnswer> NewObjectiveAsync(Turn turn, CancellationToken ct)
    {
        var form = await authoring.ObjectiveFormAsync(turn.Actor, null, ct);
        return form.Error is { } error ? Refused(turn, error) : new(new ObjectiveFormView(turn.Locale, form.Value!));
    }

    /// <summary>"my drafts".</summary>
    public async Task<TurnAnswer> MyDraftsAsync(Turn turn, CancellationToken ct)
    {
        var drafts = await authoring.MyDraftsAsync(turn.Actor, ct);
        return drafts.Error is { } error ? Refused(turn, error) : new(new DraftListView(turn.Locale, drafts.Value!));
    }

    /// <summary>Whether the key result card offers to change the target or delete the key result.</summary>
    public Task<bool> CanChangeAsync(Turn turn, Guid keyResultId, CancellationToken ct) => changes.CanRequestAsync(turn.Actor, keyResultId, ct);

    public Task<TurnAnswer> HandleAsync(Turn turn, TurnInput.CardAction action, CancellationToken ct)
    {
        var data = action.Data;
        Guid? objective = Guid.TryParse(data.GetValueOrDefault(CardVerbs.ObjectiveKey), out var o) ? o : null;
        Guid? kr = Guid.TryParse(data.GetValueOrDefault(CardVerbs.KeyResultKey), out var k) ? k : null;
        // A key a card of ours carries must be an id; one that is present and is not, is a card we did not make.
        if ((data.ContainsKey(CardVerbs.ObjectiveKey) && objective is null) || (data.ContainsKey(CardVerbs.KeyResultKey) && kr is null))
            return Task.FromResult(Refused(turn, NotOurCard));
        return (action.Verb, objective, kr) switch
        {
            (CardVerbs.DraftNew, _, _) => NewObjectiveAsync(turn, ct),
            (CardVerbs.DraftsMine, _, _) => MyDraftsAsync(turn, ct),
            (CardVerbs.DraftEdit, { } id, _) => ObjectiveFormAsync(turn, id, ct),
            (CardVerbs.DraftSave, var id, _) => SaveObjectiveAsync(turn, id, data, ct),
            (CardVerbs.DraftOpen, { } id, _) => DraftAsync(turn, id, null, ct),
            (CardVerbs.DraftKrOpen, { } id, var krId) => KeyResultFormAsync(turn, id, krId, ct),
            (CardVerbs.DraftKrSave, { } id, var krId) => SaveKeyResultAsync(turn, id, krId, data, ct),
            (CardVerbs.DraftKrRemove, { } id, { } krId) => DraftResultAsync(turn, authoring.RemoveKeyResultAsync(turn.Actor, id, krId, ct)),
            (CardVerbs.DraftAlignOpen, { } id, _) => AlignPickerAsync(turn, id, null, ct),
            (CardVerbs.DraftAlignSave, { } id, _) => AlignAsync(turn, id, data, ct),
            (CardVerbs.DraftPublish, { } id, _) => PublishAsync(turn, id, ct),
            (CardVerbs.DraftDiscard, { } id, _) => DiscardAsync(turn, id, ct),
            (CardVerbs.KrChangeOpen, _, { } krId) => ChangeFormAsync(turn, krId, null, ct),
            (CardVerbs.KrChangeSubmit, _, { } krId) => RequestChangeAsync(turn, krId, data, ct),
            (CardVerbs.KrChangeDecide, _, _) when Guid.TryParse(data.GetValueOrDefault(CardVerbs.ChangeKey), out var change) => DecideAsync(turn, change, data, ct),
            _ => Task.FromResult(Refused(turn, NotOurCard)),
        };
    }

    // ---- Objective --------------------------------------------------------------------------------------------------

    private async Task<TurnAnswer> ObjectiveFormAsync(Turn turn, Guid objectiveId, CancellationToken ct)
    {
        var form = await authoring.ObjectiveFormAsync(turn.Actor, objectiveId, ct);
        return form.Error is { } error ? Refused(turn, error) : new(new ObjectiveFormView(turn.Locale, form.Value!));
    }

    private async Task<TurnAnswer> SaveObjectiveAsync(Turn turn, Guid? objectiveId, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var title = data.GetValueOrDefault(CardVerbs.ObjectiveTitleInput);
        var description = data.GetValueOrDefault(CardVerbs.ObjectiveDescriptionInput);
        var visibilityText = data.GetValueOrDefault(CardVerbs.VisibilityInput);
        var visibility = Visibility.Public;
        OkrError? problem = null;
        if (!string.IsNullOrEmpty(visibilityText) && !CardVerbs.TryParseName(visibilityText, out visibility))
            problem = new OkrError(OkrErrorCode.Invalid, "Not a visibility.", "visibility");
        Guid? cycle = null;
        if (data.GetValueOrDefault(CardVerbs.CycleInput) is { Length: > 0 } cycleText)
        {
            if (Guid.TryParse(cycleText, out var c)) cycle = c;
            else problem ??= new OkrError(OkrErrorCode.NotFound, "Not a cycle.", "cycleId");
        }

        var input = new ObjectiveInput(title, description, visibility, cycle);
        var saved = problem is null
            ? await (objectiveId is { } id ? authoring.UpdateDraftAsync(turn.Actor, id, input, ct) : authoring.CreateDraftAsync(turn.Actor, input, ct))
            : Result<Draft>.Fail(problem);
        if (saved.IsOk) return new(new DraftView(turn.Locale, saved.Value!, BotText.For(turn.Locale).DraftSaved));
        var refusal = saved.Error!;
        if (refusal.Code is not (OkrErrorCode.Invalid or OkrErrorCode.CycleNotOpen) && refusal.Field is not "cycleId") return Refused(turn, refusal);
        // The form again, with the refusal and what was entered.
        var form = await authoring.ObjectiveFormAsync(turn.Actor, objectiveId, ct);
        if (form.Error is { } formError) return Refused(turn, formError);
        var again = form.Value! with { Title = title, Description = description, Visibility = Enum.IsDefined(visibility) ? visibility : Visibility.Public };
        return new(new ObjectiveFormView(turn.Locale, again, BotText.For(turn.Locale).Refusal(refusal)));
    }

    private async Task<TurnAnswer> DraftAsync(Turn turn, Guid objectiveId, string? error, CancellationToken ct)
    {
        var draft = await authoring.DraftAsync(turn.Actor, objectiveId, ct);
        return draft.Error is { } refused ? Refused(turn, refused) : new(new DraftView(turn.Locale, draft.Value!, Error: error));
    }

    private async Task<TurnAnswer> DraftResultAsync(Turn turn, Task<Result<Draft>> change)
    {
        var draft = await change;
        return draft.Error is { } refused ? Refused(turn, refused) : new(new DraftView(turn.Locale, draft.Value!, BotText.For(turn.Locale).DraftSaved));
    }

    private async Task<TurnAnswer> DiscardAsync(Turn turn, Guid objectiveId, CancellationToken ct)
    {
        var discarded = await authoring.DiscardAsync(turn.Actor, objectiveId, ct);
        if (discarded.Error is { } refused) return Refused(turn, refused);
        var text = BotText.For(turn.Locale);
        return new(new NoticeView(turn.Locale, NoticeKind.Success, text.Discarded(discarded.Value!),
            [new CardButton(text.ButtonMyDrafts, CardVerbs.DraftsMineAction()), new CardButton(text.ButtonNewObjective, CardVerbs.DraftNewAction())]));
    }

    // ---- Key results ----------------------------------------------------------------------------------------------

    private async Task<TurnAnswer> KeyResultFormAsync(Turn turn, Guid objectiveId, Guid? keyResultId, CancellationToken ct)
    {
        var form = await authoring.KeyResultFormAsync(turn.Actor, objectiveId, keyResultId, ct);
        return form.Error is { } error ? Refused(turn, error) : new(new KeyResultFormView(turn.Locale, form.Value!));
    }

    private async Task<TurnAnswer> SaveKeyResultAsync(Turn turn, Guid objectiveId, Guid? keyResultId, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        var title = data.GetValueOrDefault(CardVerbs.KrTitleInput);
        var unit = data.GetValueOrDefault(CardVerbs.KrUnitInput);
        string? problem = null;
        if (!CardVerbs.TryParseName<KeyResultKind>(data.GetValueOrDefault(CardVerbs.KrKindInput), out var kind))
            problem = text.Refusal(OkrErrorCode.Invalid, "kind");
        var start = Number(data, CardVerbs.KrStartInput, ref problem, text);
        var target = Number(data, CardVerbs.KrTargetInput, ref problem, text);
        var weight = Number(data, CardVerbs.KrWeightInput, ref problem, text);
        Guid? owner = null;
        if (data.GetValueOrDefault(CardVerbs.KrOwnerInput) is { Length: > 0 } ownerText)
        {
            if (Guid.TryParse(ownerText, out var id)) owner = id;
            else problem ??= text.Refusal(OkrErrorCode.NotFound, "owner");
        }
        if (!CardVerbs.TryParseIds(data.GetValueOrDefault(CardVerbs.KrParticipantsInput), out var participants))
            problem ??= text.Refusal(OkrErrorCode.Invalid, "participants");

        if (problem is null)
        {
            var saved = await authoring.SaveKeyResultAsync(turn.Actor, objectiveId, keyResultId,
                new KeyResultInput(title, kind, start, target, unit, weight, owner, participants), ct);
            if (saved.IsOk) return new(new DraftView(turn.Locale, saved.Value!, text.DraftSaved));
            if (saved.Error!.Code is not OkrErrorCode.Invalid && saved.Error.Field is not "owner") return Refused(turn, saved.Error);
            problem = text.Refusal(saved.Error);
        }
        // The form again, with the refusal and what was entered (numbers that are numbers, people that are offered).
        var form = await authoring.KeyResultFormAsync(turn.Actor, objectiveId, keyResultId, ct);
        if (form.Error is { } formError) return Refused(turn, formError);
        var offered = form.Value!.People.Select(p => p.Id).ToHashSet();
        var again = form.Value with
        {
            Title = title, Kind = Enum.IsDefined(kind) ? kind : KeyResultKind.Metric, Start = start, Target = target, Unit = unit,
            Weight = weight is > 0m and <= AuthoringService.MaxWeight ? weight.Value : form.Value.Weight,
            OwnerId = owner is { } o && offered.Contains(o) ? o : form.Value.OwnerId,
            ParticipantIds = participants.Where(offered.Contains).ToList(),
        };
        return new(new KeyResultFormView(turn.Locale, again, problem));
    }

    /// <summary>A number input: empty is null; anything else must be a number within what a key result can hold.</summary>
    private static decimal? Number(IReadOnlyDictionary<string, string> data, string input, ref string? problem, BotText text)
    {
        if (data.GetValueOrDefault(input) is not { Length: > 0 } value || string.IsNullOrWhiteSpace(value)) return null;
        if (CardVerbs.TryParseNumber(value.Trim(), out var number) && Math.Abs(number) <= OkrBot.Core.Rules.KeyResultRules.MaxMagnitude) return number;
        problem ??= text.CardValueNotANumber;
        return null;
    }

    // ---- Align ----------------------------------------------------------------------------------------------------

    private async Task<TurnAnswer> AlignPickerAsync(Turn turn, Guid objectiveId, string? error, CancellationToken ct)
    {
        var choices = await authoring.AlignmentChoicesAsync(turn.Actor, objectiveId, ct);
        return choices.Error is { } refused ? Refused(turn, refused) : new(new AlignPickerView(turn.Locale, choices.Value!, error));
    }

    private async Task<TurnAnswer> AlignAsync(Turn turn, Guid objectiveId, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        if (!CardVerbs.TryParseAlignment(data.GetValueOrDefault(CardVerbs.AlignInput), out var target))
            return await AlignPickerAsync(turn, objectiveId, text.Refusal(OkrErrorCode.NotFound, "parent"), ct);
        var aligned = await authoring.AlignAsync(turn.Actor, objectiveId, target, ct);
        if (aligned.IsOk) return new(new DraftView(turn.Locale, aligned.Value!, text.DraftSaved));
        return aligned.Error!.Field is "parent" or "parentCycle"
            ? await AlignPickerAsync(turn, objectiveId, text.Refusal(aligned.Error), ct)
            : Refused(turn, aligned.Error);
    }

    // ---- Publish --------------------------------------------------------------------------------------------------

    private async Task<TurnAnswer> PublishAsync(Turn turn, Guid objectiveId, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        var published = await authoring.PublishAsync(turn.Actor, objectiveId, ct);
        if (published.Error is { Code: OkrErrorCode.Invalid, Field: "notReady" or "noKeyResults" } notReady)
            return await DraftAsync(turn, objectiveId, text.Refusal(notReady), ct);
        if (published.Error is { } refused) return Refused(turn, refused);
        var p = published.Value!;
        return new(new NoticeView(turn.Locale, NoticeKind.Success, text.Published(p.Title, p.KeyResults, p.CycleName, p.Visibility),
            [new CardButton(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()), new CardButton(text.ButtonNewObjective, CardVerbs.DraftNewAction())]));
    }

    // ---- Changing a published key result ------------------------------------------------------------------------

    private async Task<TurnAnswer> ChangeFormAsync(Turn turn, Guid keyResultId, string? error, CancellationToken ct)
    {
        var form = await changes.FormAsync(turn.Actor, keyResultId, ct);
        return form.Error is { } refused ? Refused(turn, refused) : new(new KrChangeFormView(turn.Locale, form.Value!, error));
    }

    private async Task<TurnAnswer> RequestChangeAsync(Turn turn, Guid keyResultId, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        if (!CardVerbs.TryParseName<KeyResultChangeKind>(data.GetValueOrDefault(CardVerbs.ChangeKindInput), out var kind))
            return await ChangeFormAsync(turn, keyResultId, text.Refusal(OkrErrorCode.Invalid, "changeKind"), ct);
        string? problem = null;
        var target = kind == KeyResultChangeKind.Target ? Number(data, CardVerbs.ChangeTargetInput, ref problem, text) : null;
        if (problem is not null) return await ChangeFormAsync(turn, keyResultId, problem, ct);

        var requested = await changes.RequestAsync(turn.Actor, keyResultId, new KeyResultChangeInput(kind, target, data.GetValueOrDefault(CardVerbs.ChangeReasonInput)), ct);
        if (requested.Error is { Code: OkrErrorCode.Invalid } invalid) return await ChangeFormAsync(turn, keyResultId, text.Refusal(invalid), ct);
        if (requested.Error is { } refused) return Refused(turn, refused);
        var change = requested.Value!;
        if (change.State == KeyResultChangeState.Pending)
        {
            // Durable, like an at-risk alert: the dispatcher sends it (here or on another node), retried as the platform asks.
            await deliveries.EnqueueAsync(new DeliveryRequest(turn.Person.TenantId, change.ApproverId!.Value, turn.Channel, DeliveryKind.KrChangeRequest,
                Period(change.Id)), ct);
            nudge.Nudge();
            return await KeyResultCardAsync(turn, keyResultId, text.KrChangeAsked(change.ApproverName ?? "?", text.KrChangeWhat(change)), ct);
        }
        if (change.Kind == KeyResultChangeKind.Delete)
            return new(new NoticeView(turn.Locale, NoticeKind.Success, text.KrDeleted(change.KeyResultTitle),
                [new CardButton(text.ButtonMyOkrs, CardVerbs.MyOkrsAction())]));
        return await KeyResultCardAsync(turn, keyResultId,
            text.KrTargetChanged(text.Value(change.KrKind, change.OldTarget, change.Unit), text.Value(change.KrKind, change.NewTarget!.Value, change.Unit)), ct);
    }

    private async Task<TurnAnswer> DecideAsync(Turn turn, Guid changeId, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        var choice = data.GetValueOrDefault(CardVerbs.DecisionChoiceInput);
        if (choice is not (CardVerbs.Approve or CardVerbs.Reject))
        {
            var current = await changes.ForPersonAsync(turn.Actor, changeId, ct);
            return current.Error is { } notFound ? Refused(turn, notFound)
                : new(new KrChangeRequestView(turn.Locale, current.Value!, text.ErrorDecisionChoiceRequired));
        }
        var decided = await changes.DecideAsync(turn.Actor, changeId, choice == CardVerbs.Approve, data.GetValueOrDefault(CardVerbs.DecisionNoteInput), ct);
        if (decided.Error is { } refused) return Refused(turn, refused);
        var change = decided.Value!;
        if (change.RequestedById != turn.Person.Id)
        {
            await deliveries.EnqueueAsync(new DeliveryRequest(turn.Person.TenantId, change.RequestedById, turn.Channel, DeliveryKind.KrChangeDecision,
                Period(change.Id)), ct);
            nudge.Nudge();
        }
        return new(new KrChangeOutcomeView(turn.Locale, change, ForRequester: false));
    }

    private async Task<TurnAnswer> KeyResultCardAsync(Turn turn, Guid keyResultId, string message, CancellationToken ct)
    {
        var detail = await okrs.KeyResultAsync(turn.Actor, keyResultId, KeyResultCardView.MaxHistory, ct);
        if (detail.Error is { } error) return Refused(turn, error);
        var d = detail.Value!;
        return new(new KeyResultCardView(turn.Locale, d.KeyResult, d.ObjectiveTitle, d.CycleName, d.History, d.CanUpdate, message,
            await CanChangeAsync(turn, keyResultId, ct)));
    }

    /// <summary>The period of a change's deliveries: its id, so each request and each decision is sent once.</summary>
    public static string Period(Guid changeId) => changeId.ToString("N");

    private static readonly OkrError NotOurCard = new(OkrErrorCode.Invalid, "Unknown card action.", "action");

    private static TurnAnswer Refused(Turn turn, OkrError error) => new(NoticeView.Refusal(turn.Locale, error));
}
