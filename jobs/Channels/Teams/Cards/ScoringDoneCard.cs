using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Rules;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Replaces the scoring card once it is recorded: each score against its suggestion, the reason, and the rules' hint.</summary>
internal static class ScoringDoneCard
{
    private const int MaxReasonShown = 280;

    public static JsonObject Render(ScoringDoneView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.Items.Count, CardSize.IsWithinLimit);

    private static JsonObject Render(ScoringDoneView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?>
        {
            Ac.Container(
            [
                Ac.Text("\u2714 " + text.ScoringDoneTitle, size: "Large", weight: "Bolder", color: "Good"),
                Ac.Rich(Ac.Run(text.ScoringDoneSummary(view.Items.Count, view.CycleName))),
            ], style: "good"),
        };
        foreach (var item in view.Items.Take(keep))
        {
            var facts = new List<JsonObject> { Ac.Run(text.ScoreLine(text.Score(item.Score), text.Score(item.SuggestedScore)), weight: "Bolder") };
            if (item.Amended) facts.Add(Ac.Run("  \u00b7  " + text.Amended, subtle: true, italic: true));

            var items = new List<JsonNode?>
            {
                Ac.Rich(Ac.Run(CardFit.Title(item.Title, density), weight: "Bolder")),
                Ac.Rich(facts),
                Ac.Rich(ProgressBar.Runs(text, item.Progress)),
            };
            if (!string.IsNullOrWhiteSpace(item.Reason) && density != Density.Minimal)
                items.Add(Ac.Rich(Ac.Run("\u201c" + Ac.Clip(item.Reason, density == Density.Full ? MaxReasonShown : 60) + "\u201d", italic: true, subtle: true)));
            items.AddRange(item.Hints.Select(h => Ac.Text(text.ScoreHintText(h), size: "Small", weight: h == ScoreHint.Healthy ? null : "Bolder", color: HintColor(h))));
            body.Add(Ac.Container(items, spacing: "Medium", separator: true));
        }
        if (keep < view.Items.Count)
            body.Add(Ac.Text(text.MoreNotShown(view.Items.Count - keep), weight: "Bolder", spacing: "Medium", separator: true));
        if (view.Unscored > 0)
            body.Add(Ac.Container([Ac.Text(text.ScoringUnscored(view.Unscored), weight: "Bolder")], style: "warning", spacing: "Medium"));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonChangeScores, CardVerbs.ScoringOpenAction(view.CycleId)),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]);
    }

    private static string HintColor(ScoreHint hint) => hint switch
    {
        ScoreHint.Healthy => "Good",
        ScoreHint.TargetMaybeTooLow => "Accent",
        _ => "Warning",
    };
}
