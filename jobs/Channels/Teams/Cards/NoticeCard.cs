using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

internal static class NoticeCard
{
    public static JsonObject Render(NoticeView view, BotText text)
    {
        var (style, color) = view.Kind switch
        {
            NoticeKind.Success => ("good", "Good"),
            NoticeKind.Warning => ("warning", "Warning"),
            NoticeKind.Error => ("attention", "Attention"),
            _ => ("emphasis", "Accent"),
        };
        var body = new JsonNode?[]
        {
            Ac.Container(
            [
                Ac.Text(text.NoticeTitle(view.Kind), weight: "Bolder", color: color),
                Ac.Rich(Ac.Run(view.Message)),
            ], style: style),
        };
        return Ac.Card(text, body, view.Buttons.Select(b => Ac.Execute(b.Title, b.Action)));
    }
}
