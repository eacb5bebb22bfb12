using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Asks why a KR is at risk (required) and how serious it is; Cancel goes back to the KR without checking the inputs.</summary>
internal static class MarkAtRiskFormCard
{
    public static JsonObject Render(MarkAtRiskFormView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Ac.Heading(text.AtRiskFormTitle),
            Ac.Rich(Ac.Run(view.KeyResultTitle + "  ", weight: "Bolder"), Ac.StatusRun(text, view.CurrentStatus)),
            Ac.Rich(Ac.Run(text.AtRiskFormIntro(view.OwnerName))),
        };
        if (view.Error is { } error)
            body.Add(Ac.Container([Ac.Rich(Ac.Run(error, weight: "Bolder", color: "Attention"))], style: "attention"));
        var status = view.Status == KrStatus.OffTrack ? KrStatus.OffTrack : KrStatus.AtRisk;
        body.Add(Ac.ChoiceInput(CardVerbs.RiskStatusInput, text.LabelRiskStatus, Ac.StatusChoices(text, [KrStatus.AtRisk, KrStatus.OffTrack]),
            CardVerbs.StatusValue(status), required: true, text.ErrorStatusRequired, expanded: true));
        body.Add(Ac.TextInput(CardVerbs.ReasonInput, text.LabelReason, text.PlaceholderReason, view.Reason, CardVerbs.MaxTextLength,
            multiline: true, required: true, text.ErrorReasonRequired));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSendRisk, CardVerbs.KrAtRiskSubmitAction(view.KeyResultId), style: "destructive"),
            Ac.Execute(text.ButtonCancel, CardVerbs.KrShowAction(view.KeyResultId), sendsInputs: false),
        ]);
    }
}
