using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>In the last month of a cycle: it ends soon, draft the next one's OKRs (carry over, align, stay focused).</summary>
internal static class PlanningReminderCard
{
    public static JsonObject Render(PlanningReminderView view, BotText text)
    {
        var body = new List<JsonNode?>
        {
            Ac.Heading(text.PlanningTitle),
            Ac.Rich(Ac.Run(text.PlanningEnds(view.CycleName, view.EndDate), weight: "Bolder")),
            view.NextCycleName is { } next
                ? Ac.Rich(Ac.Run(text.PlanningNext(next, view.NextCycleStart)))
                : Ac.Text(text.PlanningNoNextCycle),
            Ac.Text(text.PlanningTips, subtle: true, spacing: "Medium"),
        };
        return Ac.Card(text, body, [Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction(), style: "positive")]);
    }
}
