using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

internal static class HelpCard
{
    private const int MaxEcho = 200;

    public static JsonObject Render(HelpView view, BotText text)
    {
        var body = new List<JsonNode?> { Ac.Heading(text.HelpTitle) };
        if (!string.IsNullOrWhiteSpace(view.NotUnderstood))
            body.Add(Ac.Container([Ac.Rich(Ac.Run(text.HelpNotUnderstood(Ac.Clip(view.NotUnderstood, MaxEcho))))], style: "warning"));
        body.Add(Ac.Text(text.HelpIntro));
        body.AddRange(text.HelpEntries.Select(e => Ac.Columns(
        [
            Ac.Column("auto", Ac.Rich(Ac.Run(e.Command, weight: "Bolder", monospace: true))),
            Ac.Column("stretch", Ac.Text(e.Description)),
        ], spacing: "Small")));
        body.Add(Ac.Text(text.HelpButtonsTip, spacing: "Medium", subtle: true));
        body.Add(Ac.Text(text.HelpAtRiskTip, subtle: true));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonCheckIn, CardVerbs.CheckInOpenAction(), style: "positive"),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]);
    }
}
