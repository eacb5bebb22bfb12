using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>One KR: where it stands, why, its recent check-ins, and what the viewer may do with it.</summary>
internal static class KeyResultCard
{
    private const int MaxNoteShown = 200;

    public static JsonObject Render(KeyResultCardView view, BotText text)
    {
        var kr = view.KeyResult;
        var body = new List<JsonNode?>();
        if (view.Message is { } message)
            body.Add(Ac.Container([Ac.Rich(Ac.Run(message, weight: "Bolder", color: "Good"))], style: "good"));
        body.Add(Ac.Text(text.KeyResultLabel, size: "Small", subtle: true));
        body.Add(Ac.Rich(Ac.Run(kr.Title, size: "Large", weight: "Bolder")));
        body.Add(Ac.Rich(Ac.Run(text.ObjectiveLine(view.ObjectiveTitle) + "  \u00b7  " + view.CycleName, size: "Small", subtle: true)));

        if (kr.IsDropped) body.Add(Ac.Container([Ac.Text(text.Dropped, weight: "Bolder")], style: "emphasis"));
        body.Add(Ac.Rich(ProgressBar.Runs(text, kr.Progress)));
        body.Add(Ac.Fact(text.FactStatus, "\u25cf " + text.Status(kr.Status), Ac.StatusColor(kr.Status)));
        if (kr.Status != KrStatus.OnTrack && !string.IsNullOrWhiteSpace(kr.StatusReason))
            body.Add(Ac.Fact(text.FactReason, kr.StatusReason));
        body.Add(Ac.Fact(text.FactOwner, kr.OwnerName));
        body.Add(Ac.Fact(text.FactCurrent, text.Value(kr, kr.CurrentValue)));
        if (kr.Kind != KeyResultKind.Milestone)
            body.Add(Ac.Fact(text.FactTarget, text.Range(text.Value(kr, kr.StartValue), text.Value(kr, kr.TargetValue))));
        if (kr.Confidence is { } confidence)
            body.Add(Ac.Fact(text.FactConfidence, $"{confidence}/10"));

        body.Add(Ac.Text(text.HistoryTitle, weight: "Bolder", spacing: "Large", separator: true));
        if (view.History.Count == 0) body.Add(Ac.Text(text.HistoryEmpty, subtle: true));
        foreach (var entry in view.History.Take(KeyResultCardView.MaxHistory))
        {
            var runs = new List<JsonObject>
            {
                Ac.Run(text.HistoryEntry(entry.WeekOf, text.Value(kr, entry.Value), entry.Status, entry.AuthorName), size: "Small"),
            };
            if (!string.IsNullOrWhiteSpace(entry.Note))
                runs.Add(Ac.Run(" \u201c" + Ac.Clip(entry.Note, MaxNoteShown) + "\u201d", size: "Small", subtle: true, italic: true));
            body.Add(Ac.Rich(runs, spacing: "Small"));
        }
        if (!view.CanUpdate) body.Add(Ac.Text(text.ReadOnlyNote, size: "Small", subtle: true, spacing: "Medium"));

        var actions = new List<JsonObject>();
        if (view.CanUpdate && !kr.IsDropped)
            actions.Add(Ac.Execute(text.ButtonUpdate, CardVerbs.KrUpdateAction(kr.Id), style: "positive"));
        if (!kr.IsDropped)
            actions.Add(Ac.Execute(text.ButtonMarkAtRisk, CardVerbs.KrAtRiskOpenAction(kr.Id)));
        if (view.CanChange)
            actions.Add(Ac.Execute(text.ButtonChangeKeyResult, CardVerbs.KrChangeOpenAction(kr.Id)));
        actions.Add(Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Ac.Card(text, body, actions);
    }
}
