using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Tells the owner's manager (or the owner) that someone flagged a KR, why, and leads back to it.</summary>
internal static class AtRiskAlertCard
{
    public static JsonObject Render(AtRiskAlertView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Ac.Container(
            [
                Ac.Text("\u26a0 " + text.AtRiskAlertTitle(view.Status), size: "Large", weight: "Bolder", color: Ac.StatusColor(view.Status)),
                Ac.Rich(Ac.Run(text.AtRiskAlertBody(view.RaisedByName, view.KeyResultTitle, view.OwnerName, view.Status, view.RecipientIsOwner))),
            ], style: "attention"),
            Ac.Fact(text.FactStatus, "\u25cf " + text.Status(view.Status), Ac.StatusColor(view.Status)),
            Ac.Fact(text.FactReason, view.Reason),
            Ac.Fact(text.FactOwner, view.OwnerName),
            Ac.Text(text.AtRiskAlertHint, size: "Small", subtle: true, spacing: "Medium"),
        };
        return Ac.Card(text, body, [Ac.Execute(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(view.KeyResultId), style: "positive")]);
    }
}
