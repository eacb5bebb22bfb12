using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

// Drafting OKRs and changing published key results (docs/decisions/0015). Each card mirrors its Feishu card in
// jobs/Channels/Feishu/Cards/AuthoringCards.cs. What people wrote goes into TextRuns; choices show it as it is.

internal static class AuthoringAc
{
    public static JsonObject? Error(string? error) => error is null
        ? null
        : Ac.Container([Ac.Rich(Ac.Run(error, weight: "Bolder", color: "Attention"))], style: "attention");

    public static JsonObject? Message(string? message) => message is null
        ? null
        : Ac.Container([Ac.Rich(Ac.Run(message, weight: "Bolder", color: "Good"))], style: "good");
}

internal static class ObjectiveFormCard
{
    public static JsonObject Render(ObjectiveFormView view, BotText text)
    {
        var form = view.Form;
        var body = new List<JsonNode?>
        {
            Ac.Heading(form.ObjectiveId is null ? text.NewObjectiveTitle : text.EditObjectiveTitle),
            Ac.Text(text.ObjectiveFormIntro, subtle: true),
            AuthoringAc.Error(view.Error),
            Ac.TextInput(CardVerbs.ObjectiveTitleInput, text.LabelObjectiveTitle, text.PlaceholderObjectiveTitle, form.Title, AuthoringService.TitleLength,
                multiline: false, required: true, text.ErrorObjectiveTitleRequired),
            Ac.TextInput(CardVerbs.ObjectiveDescriptionInput, text.LabelDescription, text.PlaceholderDescription, form.Description, CardVerbs.MaxTextLength, multiline: true),
            Ac.ChoiceInput(CardVerbs.VisibilityInput, text.LabelVisibility,
                Enum.GetValues<Visibility>().Select(v => (text.VisibilityChoice(v), v.ToString())), form.Visibility.ToString(), required: true,
                text.LabelVisibility, expanded: true),
            Ac.ChoiceInput(CardVerbs.CycleInput, text.LabelCycle, form.Cycles.Select(c => (text.CycleChoice(c.Name, c.State), c.Id.ToString("D"))),
                form.CycleId.ToString("D"), required: true, text.LabelCycle),
        };
        var cancel = form.ObjectiveId is { } id ? CardVerbs.DraftOpenAction(id) : CardVerbs.DraftsMineAction();
        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSaveDraft, CardVerbs.DraftSaveAction(form.ObjectiveId), style: "positive"),
            Ac.Execute(text.ButtonCancel, cancel, sendsInputs: false),
        ]);
    }
}

internal static class DraftCard
{
    public static JsonObject Render(DraftView view, BotText text)
    {
        var draft = view.Draft;
        var body = new List<JsonNode?>
        {
            AuthoringAc.Message(view.Message),
            AuthoringAc.Error(view.Error),
            Ac.Text(text.DraftLabel, size: "Small", subtle: true),
            Ac.Rich(Ac.Run(draft.Title, size: "Large", weight: "Bolder")),
            Ac.Rich(Ac.Run(text.DraftSubtitle(draft.OwnerName, draft.CycleName, draft.Visibility), size: "Small", subtle: true)),
        };
        if (draft.Description is { } description) body.Add(Ac.Rich(Ac.Run(description)));
        body.Add(draft.Parent is { } parent
            ? Ac.Rich(Ac.Run("\u2197 " + text.AlignedTo(parent.Kind, parent.Title, parent.OwnerName), color: "Accent"))
            : Ac.Text(text.NotAligned, size: "Small", color: "Warning"));

        var focus = new List<JsonNode?> { Ac.Text(text.FocusSummary(draft.Focus.Objectives, draft.Focus.KeyResults), size: "Small", weight: "Bolder") };
        focus.AddRange(draft.Focus.Warnings.Select(w => Ac.Text(text.FocusWarningText(w), size: "Small", color: "Warning")));
        if (draft.Focus.Warnings.Count == 0 && draft.Focus.ObjectivesAboveAim) focus.Add(Ac.Text(text.FocusAboveAim(true), size: "Small"));
        if (draft.Focus.Warnings.Count == 0 && draft.Focus.KeyResultsAboveAim) focus.Add(Ac.Text(text.FocusAboveAim(false), size: "Small"));
        body.Add(Ac.Container(focus, style: "emphasis", spacing: "Medium"));

        if (draft.KeyResults.Count == 0) body.Add(Ac.Text(text.DraftNoKeyResults, spacing: "Medium"));
        foreach (var kr in draft.KeyResults.Take(DraftView.MaxKeyResults)) body.Add(KeyResult(draft, kr, text));
        body.Add(Ac.Text(draft.IsReady ? text.DraftReady : text.DraftNotReady, color: draft.IsReady ? "Good" : "Warning", spacing: "Medium", separator: true));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonPublish, CardVerbs.DraftPublishAction(draft.ObjectiveId), style: "positive"),
            Ac.Execute(text.ButtonAddKeyResult, CardVerbs.DraftKrOpenAction(draft.ObjectiveId)),
            Ac.Execute(text.ButtonAlign, CardVerbs.DraftAlignOpenAction(draft.ObjectiveId)),
            Ac.Execute(text.ButtonEditObjective, CardVerbs.DraftEditAction(draft.ObjectiveId)),
            Ac.Execute(text.ButtonDiscard, CardVerbs.DraftDiscardAction(draft.ObjectiveId), style: "destructive"),
        ]);
    }

    private static JsonObject KeyResult(Draft draft, DraftKeyResult kr, BotText text)
    {
        var items = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(kr.Title, weight: "Bolder")),
            Ac.Rich(Ac.Run(text.KeyResultShape(kr.Kind, kr.Start, kr.Target, kr.Unit, kr.Weight) + "  \u00b7  " + text.OwnedBy(kr.OwnerName), size: "Small", subtle: true)),
        };
        if (kr.Participants.Count > 0) items.Add(Ac.Rich(Ac.Run(text.Participants(text.Names(kr.Participants.Select(p => p.Name))), size: "Small", subtle: true)));
        items.AddRange(kr.Problems.Select(p => Ac.Text("\u2716 " + text.KeyResultProblemText(p), size: "Small", color: "Attention")));
        items.AddRange(kr.Hints.Select(h => Ac.Text("\u26a0 " + text.MeasurabilityHintText(h), size: "Small", color: "Warning")));
        items.Add(Ac.ActionSet(
        [
            Ac.Execute(text.ButtonEditKeyResult, CardVerbs.DraftKrOpenAction(draft.ObjectiveId, kr.Id)),
            Ac.Execute(text.ButtonRemoveKeyResult, CardVerbs.DraftKrRemoveAction(draft.ObjectiveId, kr.Id)),
        ], spacing: "Small"));
        return Ac.Container(items, style: "emphasis", spacing: "Medium");
    }
}

internal static class DraftListCard
{
    public static JsonObject Render(DraftListView view, BotText text)
    {
        var body = new List<JsonNode?> { Ac.Heading(text.MyDraftsTitle) };
        if (view.Drafts.Count == 0) body.Add(Ac.Text(text.DraftsEmpty));
        foreach (var d in view.Drafts)
            body.Add(Ac.Container(
            [
                Ac.Rich(Ac.Run(d.Title, weight: "Bolder")),
                Ac.Rich(Ac.Run(text.DraftLine(d.CycleName, d.KeyResults, d.IsReady), size: "Small", subtle: true)),
            ], style: "emphasis", spacing: "Small", selectAction: Ac.Execute(text.ButtonOpenDraft, CardVerbs.DraftOpenAction(d.ObjectiveId))));
        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonNewObjective, CardVerbs.DraftNewAction(), style: "positive"),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]);
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
            Ac.Heading(form.KeyResultId is null ? text.NewKeyResultTitle : text.EditKeyResultTitle),
            Ac.Rich(Ac.Run(text.ObjectiveLine(form.ObjectiveTitle), subtle: true)),
            Ac.Text(text.KeyResultFormIntro, size: "Small", subtle: true),
            AuthoringAc.Error(view.Error),
            Ac.TextInput(CardVerbs.KrTitleInput, text.LabelKeyResultTitle, text.PlaceholderKeyResultTitle, form.Title, AuthoringService.TitleLength,
                multiline: false, required: true, text.ErrorKeyResultTitleRequired),
            Ac.ChoiceInput(CardVerbs.KrKindInput, text.LabelKind, Enum.GetValues<KeyResultKind>().Select(k => (text.KindChoice(k), k.ToString())),
                form.Kind.ToString(), required: true, text.LabelKind, expanded: true),
            Ac.Columns(
            [
                Ac.Column("1", Ac.NumberInput(CardVerbs.KrStartInput, text.LabelStart, form.Start, null, null, required: false, text.ErrorNumber)),
                Ac.Column("1", Ac.NumberInput(CardVerbs.KrTargetInput, text.LabelTarget, form.Target, null, null, required: false, text.ErrorNumber)),
            ], spacing: "Small"),
            Ac.Columns(
            [
                Ac.Column("1", Ac.TextInput(CardVerbs.KrUnitInput, text.LabelUnit, text.PlaceholderUnit, form.Kind == KeyResultKind.Metric ? form.Unit : null,
                    AuthoringService.UnitLength, multiline: false)),
                Ac.Column("1", Ac.NumberInput(CardVerbs.KrWeightInput, text.LabelWeight, form.Weight, null, AuthoringService.MaxWeight, required: false, text.ErrorNumber)),
            ], spacing: "Small"),
            Ac.Text(text.KeyResultFormTip, size: "Small", subtle: true),
            Ac.ChoiceInput(CardVerbs.KrOwnerInput, text.LabelOwner, people, form.OwnerId.ToString("D"), required: true, text.LabelOwner),
            Ac.ChoiceInput(CardVerbs.KrParticipantsInput, text.LabelParticipants, people,
                form.ParticipantIds.Count == 0 ? null : string.Join(',', form.ParticipantIds.Select(p => p.ToString("D"))), required: false, text.LabelParticipants)
                .With("isMultiSelect", true),
        };
        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSaveKeyResult, CardVerbs.DraftKrSaveAction(form.ObjectiveId, form.KeyResultId), style: "positive"),
            Ac.Execute(text.ButtonCancel, CardVerbs.DraftOpenAction(form.ObjectiveId), sendsInputs: false),
        ]);
    }
}

internal static class AlignPickerCard
{
    public static JsonObject Render(AlignPickerView view, BotText text)
    {
        var choices = view.Choices;
        var options = new List<(string, string)> { (text.AlignNoneChoice, CardVerbs.AlignNone) };
        var all = choices.Current is { } current && !choices.Choices.Any(c => c.Kind == current.Kind && c.Id == current.Id)
            ? [current, .. choices.Choices] : choices.Choices;
        options.AddRange(all.Select(c => (text.AlignChoice(c.Source, c.Kind, c.Title, c.OwnerName), CardVerbs.AlignmentValue(c.Kind, c.Id))));
        var body = new List<JsonNode?>
        {
            Ac.Heading(text.AlignTitle),
            Ac.Rich(Ac.Run(choices.DraftTitle, weight: "Bolder")),
            Ac.Text(text.AlignIntro, size: "Small", subtle: true),
            AuthoringAc.Error(view.Error),
        };
        if (choices.Choices.Count == 0) body.Add(Ac.Text(text.AlignNothingToChoose, color: "Warning"));
        body.Add(Ac.ChoiceInput(CardVerbs.AlignInput, text.LabelAlignTo, options,
            choices.Current is { } c2 ? CardVerbs.AlignmentValue(c2.Kind, c2.Id) : CardVerbs.AlignNone, required: true, text.LabelAlignTo, expanded: true));
        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSaveAlignment, CardVerbs.DraftAlignSaveAction(choices.ObjectiveId), style: "positive"),
            Ac.Execute(text.ButtonCancel, CardVerbs.DraftOpenAction(choices.ObjectiveId), sendsInputs: false),
        ]);
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
            Ac.Heading(text.KrChangeTitle),
            Ac.Rich(Ac.Run(form.Title, weight: "Bolder")),
            Ac.Rich(Ac.Run(text.ObjectiveLine(form.ObjectiveTitle), size: "Small", subtle: true)),
            Ac.Fact(text.FactCurrent, text.Value(form.KrKind, form.Current, form.Unit)),
        };
        if (form.KrKind != KeyResultKind.Milestone)
            body.Add(Ac.Fact(text.FactTarget, text.Range(text.Value(form.KrKind, form.Start, form.Unit), text.Value(form.KrKind, form.Target, form.Unit))));
        body.Add(Ac.Text(form.NeedsApproval ? text.KrChangeNeedsApproval(form.ApproverName ?? "?") : text.KrChangeAppliesNow, size: "Small", color: "Accent", spacing: "Medium"));
        if (form.Pending is { } pending)
            body.Add(Ac.Container([Ac.Rich(Ac.Run(text.KrChangePending(text.KrChangeWhat(pending), pending.RequestedByName, pending.ApproverName ?? "?")))], style: "warning"));
        body.Add(AuthoringAc.Error(view.Error));
        body.Add(Ac.ChoiceInput(CardVerbs.ChangeKindInput, text.LabelChangeKind, kinds.Select(k => (text.ChangeKindChoice(k), k.ToString())),
            kinds[0].ToString(), required: true, text.LabelChangeKind, expanded: true));
        if (form.KrKind != KeyResultKind.Milestone)
            body.Add(Ac.NumberInput(CardVerbs.ChangeTargetInput, text.LabelChangeTarget(form.Unit ?? ""), form.Target,
                form.KrKind == KeyResultKind.Percentage ? 0m : null, form.KrKind == KeyResultKind.Percentage ? 100m : null, required: false, text.ErrorNumber));
        body.Add(Ac.TextInput(CardVerbs.ChangeReasonInput, text.LabelChangeReason, text.PlaceholderChangeReason, null, CardVerbs.MaxTextLength,
            multiline: true, required: true, text.ErrorChangeReasonRequired));
        return Ac.Card(text, body,
        [
            Ac.Execute(form.NeedsApproval ? text.ButtonAskApproval : text.ButtonApplyChange, CardVerbs.KrChangeSubmitAction(form.KeyResultId), style: "positive"),
            Ac.Execute(text.ButtonCancel, CardVerbs.KrShowAction(form.KeyResultId), sendsInputs: false),
        ]);
    }
}

internal static class KrChangeRequestCard
{
    public static JsonObject Render(KrChangeRequestView view, BotText text)
    {
        var change = view.Change;
        var body = new List<JsonNode?>
        {
            Ac.Heading(text.KrChangeRequestTitle),
            Ac.Rich(Ac.Run(text.KrChangeRequestBody(change.RequestedByName, text.KrChangeWhat(change), change.OwnerName))),
            Ac.Fact(text.FactReason, change.Reason),
            Ac.Text(text.KrChangeRequestHint, size: "Small", subtle: true, spacing: "Medium"),
            AuthoringAc.Error(view.Error),
            Ac.ChoiceInput(CardVerbs.DecisionChoiceInput, text.LabelDecision,
                [(text.DecisionChoice(true), CardVerbs.Approve), (text.DecisionChoice(false), CardVerbs.Reject)], null, required: true,
                text.ErrorDecisionChoiceRequired, expanded: true),
            Ac.TextInput(CardVerbs.DecisionNoteInput, text.LabelDecisionNote, text.PlaceholderDecisionNote, null, CardVerbs.MaxTextLength, multiline: true),
        };
        var actions = new List<JsonObject> { Ac.Execute(text.ButtonSendDecision, CardVerbs.KrChangeDecideAction(change.Id), style: "positive") };
        if (change.CurrentTarget is not null) actions.Add(Ac.Execute(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(change.KeyResultId), sendsInputs: false));
        return Ac.Card(text, body, actions);
    }
}

internal static class KrChangeOutcomeCard
{
    public static JsonObject Render(KrChangeOutcomeView view, BotText text)
    {
        var change = view.Change;
        var (style, color) = change.State switch
        {
            KeyResultChangeState.Applied => ("good", "Good"),
            KeyResultChangeState.Rejected or KeyResultChangeState.Stale => ("warning", "Warning"),
            _ => ("emphasis", "Accent"),
        };
        var current = change.CurrentTarget is { } t ? text.Value(change.KrKind, t, change.Unit) : "";
        var body = new List<JsonNode?>
        {
            Ac.Container(
            [
                Ac.Text(text.KrChangeOutcomeTitle(change.State), weight: "Bolder", color: color),
                Ac.Rich(Ac.Run(text.KrChangeOutcome(change.State, view.ForRequester, change.DecidedByName ?? "?", change.RequestedByName,
                    text.KrChangeWhat(change), current))),
            ], style: style),
            Ac.Fact(text.FactReason, change.Reason),
        };
        if (change.DecisionNote is { } note) body.Add(Ac.Fact(text.LabelDecisionNoteShown, note));
        var actions = new List<JsonObject>();
        if (change.CurrentTarget is not null) actions.Add(Ac.Execute(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(change.KeyResultId)));
        actions.Add(Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Ac.Card(text, body, actions);
    }
}
