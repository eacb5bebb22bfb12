using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Replaces the check-in card once it is recorded: what each KR now says, with its progress and status.</summary>
internal static class CheckInDoneCard
{
    private const int MaxNoteShown = 280;

    public static JsonObject Render(CheckInDoneView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.Items.Count, CardSize.IsWithinLimit);

    private static JsonObject Render(CheckInDoneView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?>
        {
            Ac.Container(
            [
                Ac.Text("\u2714 " + text.CheckInDoneTitle, size: "Large", weight: "Bolder", color: "Good"),
                Ac.Text(text.CheckInDoneSummary(view.Items.Count, view.WeekOf)),
            ], style: "good"),
        };
        foreach (var item in view.Items.Take(keep))
        {
            var facts = new List<JsonObject>
            {
                Ac.Run(text.Value(item.Kind, item.Value, item.Unit) + "  ", weight: "Bolder"),
                Ac.StatusRun(text, item.Status),
            };
            if (item.Confidence is { } c) facts.Add(Ac.Run("  \u00b7  " + text.Confidence(c), subtle: true));
            if (item.Amended) facts.Add(Ac.Run("  \u00b7  " + text.Amended, subtle: true, italic: true));

            var items = new List<JsonNode?>
            {
                Ac.Rich(Ac.Run(CardFit.Title(item.Title, density), weight: "Bolder")),
                Ac.Rich(facts),
                Ac.Rich(ProgressBar.Runs(text, item.Progress)),
            };
            if (!string.IsNullOrWhiteSpace(item.Note) && density != Density.Minimal)
                items.Add(Ac.Rich(Ac.Run("\u201c" + Ac.Clip(item.Note, density == Density.Full ? MaxNoteShown : 60) + "\u201d", italic: true, subtle: true)));
            body.Add(Ac.Container(items, spacing: "Medium", separator: true));
        }
        if (keep < view.Items.Count)
            body.Add(Ac.Text(text.MoreNotShown(view.Items.Count - keep), weight: "Bolder", spacing: "Medium", separator: true));
        if (!string.IsNullOrWhiteSpace(view.Blockers))
        {
            body.Add(Ac.Rich([Ac.Run(text.Labelled(text.LabelBlockersRecorded), weight: "Bolder"), Ac.Run(Ac.Clip(view.Blockers, MaxNoteShown))],
                spacing: "Medium", separator: true));
        }
        return Ac.Card(text, body, [Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction())]);
    }
}
