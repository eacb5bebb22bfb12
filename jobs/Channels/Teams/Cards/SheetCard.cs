using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>What the review and scoring cards share: their top (title, who and which cycle, reminder, refusal) and the card with nothing left to do.</summary>
internal static class SheetCard
{
    public static List<JsonNode?> Top(string title, string subtitle, string? reminder, string? error)
    {
        var body = new List<JsonNode?> { Ac.Heading(title), Ac.Rich(Ac.Run(subtitle, subtle: true)) };
        if (reminder is not null)
            body.Add(Ac.Container([Ac.Text(reminder, weight: "Bolder")], style: "warning"));
        if (error is not null)
            body.Add(Ac.Container([Ac.Rich(Ac.Run(error, weight: "Bolder", color: "Attention"))], style: "attention"));
        return body;
    }

    public static JsonObject NothingToDo(BotText text, List<JsonNode?> body, string message)
    {
        body.Add(Ac.Rich([Ac.Run(message)], spacing: "Medium"));
        return Ac.Card(text, body, [Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()), Ac.Execute(text.ButtonHelp, CardVerbs.HelpAction())]);
    }
}
