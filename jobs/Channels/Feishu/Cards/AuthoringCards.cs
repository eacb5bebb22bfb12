using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

// Drafting OKRs and changing published key results, as Feishu cards (JSON 2.0). Each mirrors its Teams card in
// jobs/Channels/Teams/Cards/AuthoringCards.cs: the same texts, the same information, the same buttons. A card's inputs
// sit in its one form; buttons that only navigate sit outside it.

internal static class AuthoringFc
{
    /// <summary>The form every authoring card keeps its inputs in (names are unique per card, and a card has one form).</summary>
    public const string FormName = "authoring";

    public static JsonObject? Error(string? error) => error is null ? null : Fc.Text(error, color: "red");

    public static JsonObject? Message(string? message) => message is null ? null : Fc.Text(message, color: "green");

    /// <summary>A multi-choice drop-down named after <paramref name="inputId"/>; its values come back as a list (joined by commas for the turn).</summary>
    public static JsonObject MultiSelect(string inputId, string placeholder, IEnumerable<(string Text, string Value)> options, IReadOnlyList<string> selected)
    {
        var select = new JsonObject
        {
            ["tag"] = "multi_select_static",
            ["name"] = FeishuInputNames.Encode(inputId),
            ["placeholder"] = new JsonObject { ["tag"] = "plain_text", ["content"] = placeholder },
            ["options"] = new JsonArray(options.Select(o => (JsonNode)new JsonObject
            {
                ["text"] = new JsonObject { ["tag"] = "plain_text", ["content"] = o.Text },
                ["value"] = o.Value,
            }).ToArray()),
        };
        if (selected.Count > 0) select["selected_values"] = new JsonArray(selected.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        select["width"] = "fill";
        return select;
    }
}

internal static class ObjectiveFormCard
{
    public static JsonObject Render(ObjectiveFormView view, BotText text)
    {
        var form = view.Form;
        var body = new List<JsonNode?>
        {
            Fc.Subtle(text.ObjectiveFormIntro),
            AuthoringFc.Error(view.Error),
            Fc.Form(AuthoringFc.FormName,
            [
                Fc.TextInput(CardVerbs.ObjectiveTitleInput, text.LabelObjectiveTitle, text.PlaceholderObjectiveTitle, form.Title, required: true),
                Fc.TextInput(CardVerbs.ObjectiveDescriptionInput, text.LabelDescription, text.PlaceholderDescription, form.Description, multiline: true),
                Fc.Subtle(text.LabelVisibility),
                Fc.Select(CardVerbs.VisibilityInput, null, Enum.GetValues<Visibility>().Select(v => (text.VisibilityChoice(v), v.ToString())),
                    form.Visibility.ToString(), required: true),
                Fc.Subtle(text.LabelCycle),
                Fc.Select(CardVerbs.CycleInput, null, form.Cycles.Select(c => (text.CycleChoice(c.Name, c.State), c.Id.ToString("D"))),
                    form.CycleId.ToString("D"), required: true),
                Fc.Submit(text.ButtonSaveDraft, CardVerbs.DraftSaveAction(form.ObjectiveId)),
            ]),
            Fc.Button(text.ButtonCancel, form.ObjectiveId is { } id ? CardVerbs.DraftOpenAction(id) : CardVerbs.DraftsMineAction()),
        };
        return Fc.Card(form.ObjectiveId is null ? text.NewObjectiveTitle : text.EditObjectiveTitle, "blue", body);
    }
}

internal static class DraftCard
{
    public static JsonObject Render(DraftView view, BotText text)
    {
        var draft = view.Draft;
        var body = new List<JsonNode?>
        {
            AuthoringFc.Message(view.Message),
            AuthoringFc.Error(view.Error),
            Fc.Heading(draft.Title),
            Fc.Subtle(text.DraftSubtitle(draft.OwnerName, draft.CycleName, draft.Visibility)),
        };
        if (draft.Description is { } description) body.Add(Fc.Text(description));
        body.Add(draft.Parent is { } parent
            ? Fc.Text("\u2197 " + text.AlignedTo(parent.Kind, parent.Title, parent.OwnerName), color: "blue")
            : Fc.Text(text.NotAligned, size: "notation", color: "orange"));

        var focus = new List<string?> { text.FocusSummary(draft.Focus.Objectives, draft.Focus.KeyResults) };
        focus.AddRange(draft.Focus.Warnings.Select(text.FocusWarningText));
        if (draft.Focus.Warnings.Count == 0 && draft.Focus.ObjectivesAboveAim) focus.Add(text.FocusAboveAim(true));
        if (draft.Focus.Warnings.Count == 0 && draft.Focus.KeyResultsAboveAim) focus.Add(text.FocusAboveAim(false));
        body.Add(Fc.Text(Fc.Lines([.. focus]), size: "notation", color: draft.Focus.Warnings.Count > 0 ? "orange" : "grey"));

        body.Add(Fc.Hr());
        if (draft.KeyResults.Count == 0) body.Add(Fc.Text(text.DraftNoKeyResults));
        foreach (var kr in draft.KeyResults.Take(DraftView.MaxKeyResults))
        {
            body.Add(Fc.Text(kr.Title));
            body.Add(Fc.Subtle(Fc.Lines(Fc.Line(text.KeyResultShape(kr.Kind, kr.Start, kr.Target, kr.Unit, kr.Weight), text.OwnedBy(kr.OwnerName)),
                kr.Participants.Count > 0 ? text.Participants(text.Names(kr.Participants.Select(p => p.Name))) : null)));
            if (kr.Problems.Count > 0)
                body.Add(Fc.Text(Fc.Lines([.. kr.Problems.Select(p => "\u2716 " + text.KeyResultProblemText(p))]), size: "notation", color: "red"));
            if (kr.Hints.Count > 0)
                body.Add(Fc.Text(Fc.Lines([.. kr.Hints.Select(h => "\u26a0 " + text.MeasurabilityHintText(h))]), size: "notation", color: "orange"));
            body.Add(Fc.Buttons(
            [
                Fc.Button(text.ButtonEditKeyResult, CardVerbs.DraftKrOpenAction(draft.ObjectiveId, kr.Id), "primary_text"),
                Fc.Button(text.ButtonRemoveKeyResult, CardVerbs.DraftKrRemoveAction(draft.ObjectiveId, kr.Id), "danger_text"),
            ]));
        }
        body.Add(Fc.Hr());
        body.Add(Fc.Text(draft.IsReady ? text.DraftReady : text.DraftNotReady, color: draft.IsReady ? "green" : "orange"));
        body.Add(Fc.Buttons(
        [
            Fc.Button(text.ButtonPublish, CardVerbs.DraftPublishAction(draft.ObjectiveId), "primary_filled"),
            Fc.Button(text.ButtonAddKeyResult, CardVerbs.DraftKrOpenAction(draft.ObjectiveId)),
            Fc.Button(text.ButtonAlign, CardVerbs.DraftAlignOpenAction(draft.ObjectiveId)),
            Fc.Button(text.ButtonEditObjective, CardVerbs.DraftEditAction(draft.ObjectiveId)),
            Fc.Button(text.ButtonDiscard, CardVerbs.DraftDiscardAction(draft.ObjectiveId), "danger"),
        ]));
        return Fc.Card(text.DraftLabel, "wathet", body);
    }
}

internal static class DraftListCard
{
    public static JsonObject Render(DraftListView view, BotText text)
    {
        var body = new List<JsonNode?>();
        if (view.Drafts.Count == 0) body.Add(Fc.Text(text.DraftsEmpty));
        foreach (var d in view.Drafts)
        {
            body.Add(Fc.Text(d.Title));
            body.Add(Fc.Subtle(text.DraftLine(d.CycleName, d.KeyResults, d.IsReady)));
            body.Add(Fc.Button(text.ButtonOpenDraft, CardVerbs.DraftOpenAction(d.ObjectiveId), "primary_text"));
        }
        body.Add(Fc.Buttons(
        [
            Fc.Button(text.ButtonNewObjective, CardVerbs.DraftNewAction(), "primary_filled"),
            Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]));
        return Fc.Card(text.MyDraftsTitle, "wathet", body);
    }
}

internal static class KeyResultFormCard
{
    public static JsonObject Render(KeyResultFormView view, BotText text)
    {
        var form = view.Form;
        var people = form.People.Select(p => (p.Name, p.Id.ToString("D"))).ToList();
        var body = new List<JsonNode?>
        {
            Fc.Subtle(text.ObjectiveLine(form.ObjectiveTitle)),
            Fc.Subtle(text.KeyResultFormIntro),
            AuthoringFc.Error(view.Error),
            Fc.Form(AuthoringFc.FormName,
            [
                Fc.TextInput(CardVerbs.KrTitleInput, text.LabelKeyResultTitle, text.PlaceholderKeyResultTitle, form.Title, required: true),
                Fc.Subtle(text.LabelKind),
                Fc.Select(CardVerbs.KrKindInput, null, Enum.GetValues<KeyResultKind>().Select(k => (text.KindChoice(k), k.ToString())), form.Kind.ToString(), required: true),
                Fc.TextInput(CardVerbs.KrStartInput, text.LabelStart, null, form.Start is { } s ? Fc.Number(s) : null),
                Fc.TextInput(CardVerbs.KrTargetInput, text.LabelTarget, null, form.Target is { } t ? Fc.Number(t) : null),
                Fc.TextInput(CardVerbs.KrUnitInput, text.LabelUnit, text.PlaceholderUnit, form.Kind == KeyResultKind.Metric ? form.Unit : null),
                Fc.TextInput(CardVerbs.KrWeightInput, text.LabelWeight, null, Fc.Number(form.Weight)),
                Fc.Subtle(text.KeyResultFormTip),
                Fc.Subtle(text.LabelOwner),
                Fc.Select(CardVerbs.KrOwnerInput, null, people, form.OwnerId.ToString("D"), required: true),
                Fc.Subtle(text.LabelParticipants),
                AuthoringFc.MultiSelect(CardVerbs.KrParticipantsInput, text.LabelParticipants, people, form.ParticipantIds.Select(p => p.ToString("D")).ToList()),
                Fc.Submit(text.ButtonSaveKeyResult, CardVerbs.DraftKrSaveAction(form.ObjectiveId, form.KeyResultId)),
            ]),
            Fc.Button(text.ButtonCancel, CardVerbs.DraftOpenAction(form.ObjectiveId)),
        };
        return Fc.Card(form.KeyResultId is null ? text.NewKeyResultTitle : text.EditKeyResultTitle, "wathet", body);
    }
}

internal static class AlignPickerCard
{
    public static JsonObject Render(AlignPickerView view, BotText text)
    {
        var choices = view.Choices;
        var all = choices.Current is { } current && !choices.Choices.Any(c => c.Kind == current.Kind && c.Id == current.Id)
            ? [current, .. choices.Choices] : choices.Choices;
        var options = new List<(string, string)> { (text.AlignNoneChoice, CardVerbs.AlignNone) };
        options.AddRange(all.Select(c => (text.AlignChoice(c.Source, c.Kind, c.Title, c.OwnerName), CardVerbs.AlignmentValue(c.Kind, c.Id))));
        var body = new List<JsonNode?>
        {
            Fc.Text(choices.DraftTitle),
            Fc.Subtle(text.AlignIntro),
            AuthoringFc.Error(view.Error),
        };
        if (choices.Choices.Count == 0) body.Add(Fc.Text(text.AlignNothingToChoose, color: "orange"));
        body.Add(Fc.Form(AuthoringFc.FormName,
        [
            Fc.Subtle(text.LabelAlignTo),
            Fc.Select(CardVerbs.AlignInput, null, options, choices.Current is { } c2 ? CardVerbs.AlignmentValue(c2.Kind, c2.Id) : CardVerbs.AlignNone, required: true),
            Fc.Submit(text.ButtonSaveAlignment, CardVerbs.DraftAlignSaveAction(choices.ObjectiveId)),
        ]));
        body.Add(Fc.Button(text.ButtonCancel, CardVerbs.DraftOpenAction(choices.ObjectiveId)));
        return Fc.Card(text.AlignTitle, "wathet", body);
    }
}

internal static class KrChangeFormCard
{
    public static JsonObject Render(KrChangeFormView view, BotText text)
    {
        var form = view.Form;
        var kinds = form.KrKind == KeyResultKind.Milestone ? [KeyResultChangeKind.Delete] : Enum.GetValues<KeyResultChangeKind>();
        var body = new List<JsonNode?>
        {
            Fc.Heading(form.Title),
            Fc.Subtle(text.ObjectiveLine(form.ObjectiveTitle)),
            Fc.Text(Fc.Lines(text.Labelled(text.FactCurrent) + text.Value(form.KrKind, form.Current, form.Unit),
                form.KrKind == KeyResultKind.Milestone ? null
                    : text.Labelled(text.FactTarget) + text.Range(text.Value(form.KrKind, form.Start, form.Unit), text.Value(form.KrKind, form.Target, form.Unit)))),
            Fc.Text(form.NeedsApproval ? text.KrChangeNeedsApproval(form.ApproverName ?? "?") : text.KrChangeAppliesNow, size: "notation", color: "blue"),
        };
        if (form.Pending is { } pending)
            body.Add(Fc.Text(text.KrChangePending(text.KrChangeWhat(pending), pending.RequestedByName, pending.ApproverName ?? "?"), color: "orange"));
        body.Add(AuthoringFc.Error(view.Error));
        var inputs = new List<JsonNode?>
        {
            Fc.Subtle(text.LabelChangeKind),
            Fc.Select(CardVerbs.ChangeKindInput, null, kinds.Select(k => (text.ChangeKindChoice(k), k.ToString())), kinds[0].ToString(), required: true),
        };
        if (form.KrKind != KeyResultKind.Milestone)
            inputs.Add(Fc.TextInput(CardVerbs.ChangeTargetInput, text.LabelChangeTarget(form.Unit ?? ""), null, Fc.Number(form.Target)));
        inputs.Add(Fc.TextInput(CardVerbs.ChangeReasonInput, text.LabelChangeReason, text.PlaceholderChangeReason, null, multiline: true, required: true));
        inputs.Add(Fc.Submit(form.NeedsApproval ? text.ButtonAskApproval : text.ButtonApplyChange, CardVerbs.KrChangeSubmitAction(form.KeyResultId)));
        body.Add(Fc.Form(AuthoringFc.FormName, inputs));
        body.Add(Fc.Button(text.ButtonCancel, CardVerbs.KrShowAction(form.KeyResultId)));
        return Fc.Card(text.KrChangeTitle, "orange", body);
    }
}

internal static class KrChangeRequestCard
{
    public static JsonObject Render(KrChangeRequestView view, BotText text)
    {
        var change = view.Change;
        var body = new List<JsonNode?>
        {
            Fc.Text(text.KrChangeRequestBody(change.RequestedByName, text.KrChangeWhat(change), change.OwnerName)),
            Fc.Text(text.Labelled(text.FactReason) + change.Reason),
            Fc.Subtle(text.KrChangeRequestHint),
            AuthoringFc.Error(view.Error),
            Fc.Form(AuthoringFc.FormName,
            [
                Fc.Subtle(text.LabelDecision),
                Fc.Select(CardVerbs.DecisionChoiceInput, text.ErrorDecisionChoiceRequired,
                    [(text.DecisionChoice(true), CardVerbs.Approve), (text.DecisionChoice(false), CardVerbs.Reject)], null, required: true),
                Fc.TextInput(CardVerbs.DecisionNoteInput, text.LabelDecisionNote, text.PlaceholderDecisionNote, null, multiline: true),
                Fc.Submit(text.ButtonSendDecision, CardVerbs.KrChangeDecideAction(change.Id)),
            ]),
        };
        if (change.CurrentTarget is not null) body.Add(Fc.Button(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(change.KeyResultId)));
        return Fc.Card(text.KrChangeRequestTitle, "orange", body);
    }
}

internal static class KrChangeOutcomeCard
{
    public static JsonObject Render(KrChangeOutcomeView view, BotText text)
    {
        var change = view.Change;
        var template = change.State switch
        {
            KeyResultChangeState.Applied => "green",
            KeyResultChangeState.Rejected or KeyResultChangeState.Stale => "orange",
            _ => "blue",
        };
        var current = change.CurrentTarget is { } t ? text.Value(change.KrKind, t, change.Unit) : "";
        var body = new List<JsonNode?>
        {
            Fc.Text(text.KrChangeOutcome(change.State, view.ForRequester, change.DecidedByName ?? "?", change.RequestedByName, text.KrChangeWhat(change), current)),
            Fc.Text(text.Labelled(text.FactReason) + change.Reason),
        };
        if (change.DecisionNote is { } note) body.Add(Fc.Text(text.Labelled(text.LabelDecisionNoteShown) + note));
        var buttons = new List<JsonObject>();
        if (change.CurrentTarget is not null) buttons.Add(Fc.Button(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(change.KeyResultId), "primary_filled"));
        buttons.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        body.Add(Fc.Buttons(buttons));
        return Fc.Card(text.KrChangeOutcomeTitle(change.State), template, body);
    }
}
