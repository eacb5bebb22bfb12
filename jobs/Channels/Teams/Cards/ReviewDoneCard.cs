using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Replaces the review card once it is recorded: the decision on each KR, the new target, the note.</summary>
internal static class ReviewDoneCard
{
    private const int MaxNoteShown = 280;

    public static JsonObject Render(ReviewDoneView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.Items.Count, CardSize.IsWithinLimit);

    private static JsonObject Render(ReviewDoneView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?>
        {
            Ac.Container(
            [
                Ac.Text("\u2714 " + text.ReviewDoneTitle, size: "Large", weight: "Bolder", color: "Good"),
                Ac.Rich(Ac.Run(text.ReviewDoneSummary(view.Items.Count, view.CycleName))),
            ], style: "good"),
        };
        foreach (var item in view.Items.Take(keep))
        {
            var (line, color) = item.Decision switch
            {
                ReviewDecisionKind.Adjust when item.PreviousTarget != item.Target =>
                    (text.ReviewAdjusted(text.Value(item.Kind, item.PreviousTarget, item.Unit), text.Value(item.Kind, item.Target, item.Unit)), "Accent"),
                ReviewDecisionKind.Adjust => (text.ReviewTargetNow(text.Value(item.Kind, item.Target, item.Unit)), "Accent"),
                ReviewDecisionKind.Drop => (text.ReviewDropped, "Attention"),
                _ => (text.ReviewKept, "Good"),
            };
            var facts = new List<JsonObject> { Ac.Run(line, weight: "Bolder", color: color) };
            if (item.Amended) facts.Add(Ac.Run("  \u00b7  " + text.Amended, subtle: true, italic: true));

            var items = new List<JsonNode?>
            {
                Ac.Rich(Ac.Run(CardFit.Title(item.Title, density), weight: "Bolder")),
                Ac.Rich(facts),
            };
            if (!string.IsNullOrWhiteSpace(item.Note) && density != Density.Minimal)
                items.Add(Ac.Rich(Ac.Run("\u201c" + Ac.Clip(item.Note, density == Density.Full ? MaxNoteShown : 60) + "\u201d", italic: true, subtle: true)));
            body.Add(Ac.Container(items, spacing: "Medium", separator: true));
        }
        if (keep < view.Items.Count)
            body.Add(Ac.Text(text.MoreNotShown(view.Items.Count - keep), weight: "Bolder", spacing: "Medium", separator: true));
        if (view.Undecided > 0)
            body.Add(Ac.Container([Ac.Text(text.ReviewUndecided(view.Undecided), weight: "Bolder")], style: "warning", spacing: "Medium"));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonChangeReview, CardVerbs.ReviewOpenAction(view.CycleId)),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]);
    }
}
