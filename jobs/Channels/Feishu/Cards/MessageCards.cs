using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

// The short cards: a greeting, help, a notice, an alert, a reminder. Each mirrors its Teams card in jobs/Channels/Teams/Cards.

internal static class WelcomeCard
{
    public static JsonObject Render(WelcomeView view, BotText text)
    {
        var body = new List<JsonNode?> { Fc.Text(text.WelcomeIntro) };
        if (view.DemoPersonName is { } demo) body.Add(Fc.Text(text.WelcomeDemo(demo), color: "blue"));
        body.Add(Fc.Text(text.WelcomeNext));
        body.Add(Fc.Buttons(
        [
            Fc.Button(text.ButtonCheckIn, CardVerbs.CheckInOpenAction(), "primary_filled"),
            Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
            Fc.Button(text.ButtonHelp, CardVerbs.HelpAction()),
        ]));
        return Fc.Card(text.WelcomeTitle(view.PersonName), "blue", body);
    }
}

internal static class HelpCard
{
    private const int MaxEcho = 200;

    public static JsonObject Render(HelpView view, BotText text)
    {
        var body = new List<JsonNode?>();
        if (!string.IsNullOrWhiteSpace(view.NotUnderstood))
            body.Add(Fc.Text(text.HelpNotUnderstood(Fc.Clip(view.NotUnderstood, MaxEcho)), color: "orange"));
        body.Add(Fc.Text(text.HelpIntro));
        body.AddRange(text.HelpEntries.Select(e => Fc.Text(text.Labelled(e.Command) + e.Description)));
        body.Add(Fc.Subtle(text.HelpButtonsTip));
        body.Add(Fc.Subtle(text.HelpAtRiskTip));
        body.Add(Fc.Buttons(
        [
            Fc.Button(text.ButtonCheckIn, CardVerbs.CheckInOpenAction(), "primary_filled"),
            Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]));
        return Fc.Card(text.HelpTitle, "blue", body);
    }
}

internal static class NoticeCard
{
    public static JsonObject Render(NoticeView view, BotText text)
    {
        var template = view.Kind switch
        {
            NoticeKind.Success => "green",
            NoticeKind.Warning => "orange",
            NoticeKind.Error => "red",
            _ => "blue",
        };
        var body = new List<JsonNode?> { Fc.Text(view.Message) };
        if (view.Buttons.Count > 0) body.Add(Fc.Buttons(view.Buttons.Select(b => Fc.Button(b.Title, b.Action))));
        return Fc.Card(text.NoticeTitle(view.Kind), template, body);
    }
}

internal static class AtRiskAlertCard
{
    public static JsonObject Render(AtRiskAlertView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Fc.Text(text.AtRiskAlertBody(view.RaisedByName, view.KeyResultTitle, view.OwnerName, view.Status, view.RecipientIsOwner)),
            Fc.Text(text.Labelled(text.FactStatus) + Fc.Status(text, view.Status), color: Fc.StatusColor(view.Status)),
            Fc.Text(text.Labelled(text.FactReason) + view.Reason),
            Fc.Text(text.Labelled(text.FactOwner) + view.OwnerName),
            Fc.Subtle(text.AtRiskAlertHint),
            Fc.Button(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(view.KeyResultId), "primary_filled"),
        };
        return Fc.Card("\u26a0 " + text.AtRiskAlertTitle(view.Status), view.Status == KrStatus.OffTrack ? "red" : "orange", body);
    }
}

internal static class PlanningReminderCard
{
    public static JsonObject Render(PlanningReminderView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Fc.Text(text.PlanningEnds(view.CycleName, view.EndDate)),
            Fc.Text(view.NextCycleName is { } next ? text.PlanningNext(next, view.NextCycleStart) : text.PlanningNoNextCycle),
            Fc.Subtle(text.PlanningTips),
            Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction(), "primary_filled"),
        };
        return Fc.Card(text.PlanningTitle, "blue", body);
    }
}

/// <summary>Asks why a KR is at risk (required) and how serious it is; Cancel, outside the form, goes back to the KR without sending the inputs.</summary>
internal static class MarkAtRiskFormCard
{
    public const string FormName = "atrisk";

    public static JsonObject Render(MarkAtRiskFormView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Fc.Text(Fc.Line(view.KeyResultTitle, Fc.Status(text, view.CurrentStatus))),
            Fc.Text(text.AtRiskFormIntro(view.OwnerName)),
        };
        if (view.Error is { } error) body.Add(Fc.Text(error, color: "red"));
        var status = view.Status == KrStatus.OffTrack ? KrStatus.OffTrack : KrStatus.AtRisk;
        body.Add(Fc.Form(FormName,
        [
            Fc.Subtle(text.LabelRiskStatus),
            Fc.Select(CardVerbs.RiskStatusInput, null, Fc.StatusOptions(text, [KrStatus.AtRisk, KrStatus.OffTrack]),
                CardVerbs.StatusValue(status), required: true),
            Fc.TextInput(CardVerbs.ReasonInput, text.LabelReason, text.PlaceholderReason, view.Reason, multiline: true, required: true),
            Fc.Submit(text.ButtonSendRisk, CardVerbs.KrAtRiskSubmitAction(view.KeyResultId), "danger_filled"),
        ]));
        body.Add(Fc.Button(text.ButtonCancel, CardVerbs.KrShowAction(view.KeyResultId)));
        return Fc.Card(text.AtRiskFormTitle, "orange", body);
    }
}

/// <summary>One KR: where it stands, why, its recent check-ins, and what the viewer may do with it.</summary>
internal static class KeyResultCard
{
    private const int MaxNoteShown = 200;

    public static JsonObject Render(KeyResultCardView view, BotText text)
    {
        var kr = view.KeyResult;
        var body = new List<JsonNode?>();
        if (view.Message is { } message) body.Add(Fc.Text(message, color: "green"));
        body.Add(Fc.Heading(kr.Title));
        body.Add(Fc.Subtle(Fc.Line(text.ObjectiveLine(view.ObjectiveTitle), view.CycleName)));
        if (kr.IsDropped) body.Add(Fc.Text(text.Dropped, color: "grey"));
        body.Add(Fc.Text(Fc.Progress(text, kr.Progress)));
        body.Add(Fc.Text(text.Labelled(text.FactStatus) + Fc.Status(text, kr.Status), color: Fc.StatusColor(kr.Status)));
        if (kr.Status != KrStatus.OnTrack && !string.IsNullOrWhiteSpace(kr.StatusReason))
            body.Add(Fc.Text(text.Labelled(text.FactReason) + kr.StatusReason));
        body.Add(Fc.Text(text.Labelled(text.FactOwner) + kr.OwnerName));
        body.Add(Fc.Text(text.Labelled(text.FactCurrent) + text.Value(kr, kr.CurrentValue)));
        if (kr.Kind != KeyResultKind.Milestone)
            body.Add(Fc.Text(text.Labelled(text.FactTarget) + text.Range(text.Value(kr, kr.StartValue), text.Value(kr, kr.TargetValue))));
        if (kr.Confidence is { } confidence) body.Add(Fc.Text(text.Labelled(text.FactConfidence) + $"{confidence}/10"));

        body.Add(Fc.Hr());
        body.Add(Fc.Text(text.HistoryTitle));
        if (view.History.Count == 0) body.Add(Fc.Subtle(text.HistoryEmpty));
        foreach (var entry in view.History.Take(KeyResultCardView.MaxHistory))
        {
            var line = text.HistoryEntry(entry.WeekOf, text.Value(kr, entry.Value), entry.Status, entry.AuthorName);
            body.Add(Fc.Text(string.IsNullOrWhiteSpace(entry.Note) ? line : line + " " + Fc.Quote(entry.Note, MaxNoteShown), size: "notation"));
        }
        if (!view.CanUpdate) body.Add(Fc.Subtle(text.ReadOnlyNote));

        var buttons = new List<JsonObject>();
        if (view.CanUpdate && !kr.IsDropped) buttons.Add(Fc.Button(text.ButtonUpdate, CardVerbs.KrUpdateAction(kr.Id), "primary_filled"));
        if (!kr.IsDropped) buttons.Add(Fc.Button(text.ButtonMarkAtRisk, CardVerbs.KrAtRiskOpenAction(kr.Id)));
        if (view.CanChange) buttons.Add(Fc.Button(text.ButtonChangeKeyResult, CardVerbs.KrChangeOpenAction(kr.Id)));
        buttons.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        body.Add(Fc.Buttons(buttons));
        return Fc.Card(text.KeyResultLabel, "blue", body);
    }
}
