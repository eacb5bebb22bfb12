using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

internal static class WelcomeCard
{
    public static JsonObject Render(WelcomeView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(text.WelcomeTitle(view.PersonName), size: "Large", weight: "Bolder")),
            Ac.Text(text.WelcomeIntro),
        };
        if (view.DemoPersonName is { } demo)
            body.Add(Ac.Container([Ac.Rich(Ac.Run(text.WelcomeDemo(demo)))], style: "emphasis"));
        body.Add(Ac.Text(text.WelcomeNext, weight: "Bolder"));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonCheckIn, CardVerbs.CheckInOpenAction(), style: "positive"),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
            Ac.Execute(text.ButtonHelp, CardVerbs.HelpAction()),
        ]);
    }
}
