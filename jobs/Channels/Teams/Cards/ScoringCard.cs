using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// The end-of-cycle scoring: per KR where it ended, the score its progress suggests, a score 0.0-1.0 in tenths
/// (prefilled with the score given, else the suggestion) and a required reason; one submit.
/// </summary>
internal static class ScoringCard
{
    public static JsonObject Render(ScoringCardView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.Sheet.Items.Count, CardSize.IsWithinLimit);

    private static JsonObject Render(ScoringCardView view, BotText text, Density density, int keep)
    {
        var sheet = view.Sheet;
        var body = SheetCard.Top(text.ScoringTitle, text.ScoringSubtitle(view.PersonName, sheet.CycleName, sheet.EndDate),
            view.IsReminder ? text.ScoringReminder : null, view.Error);
        if (sheet.Items.Count == 0) return SheetCard.NothingToDo(text, body, text.ScoringNothingToDo(sheet.CycleName));

        // The guidance is what makes scores comparable: it stays on the card at every density.
        body.Add(Ac.Text(text.ScoringIntro, size: density == Density.Full ? null : "Small"));
        if (sheet.Items.Any(i => i.Score is not null))
            body.Add(Ac.Text(text.ScoringAlreadyDone, color: "Accent", size: "Small"));

        var shown = sheet.Items.Take(keep).ToList();
        body.AddRange(ObjectiveGroups.Layout<ScoringItem, JsonNode?>(shown, i => i.ObjectiveTitle,
            title => [Ac.Rich([Ac.Run(CardFit.Title(title, density), size: "Medium", weight: "Bolder")], spacing: "Large", separator: true)],
            i => [Item(i, text, density)]));
        if (shown.Count < sheet.Items.Count)
            body.Add(Ac.Container([Ac.Text(text.MoreNotShown(sheet.Items.Count - shown.Count), weight: "Bolder")], style: "warning", spacing: "Medium"));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSubmitScores, CardVerbs.ScoringSubmitAction(sheet.CycleId, shown.Select(i => i.KeyResult.Id)), style: "positive"),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction(), sendsInputs: false),
        ]);
    }

    private static JsonObject Item(ScoringItem item, BotText text, Density density)
    {
        var kr = item.KeyResult;
        var where = text.Standing(kr);
        var prefill = item.Score is { } given && IsStep(given) ? given : item.SuggestedScore;
        if (!IsStep(prefill)) prefill = ScoreGuidance.HealthyAim;
        var items = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(CardFit.Title(kr.Title, density), weight: "Bolder")),
            Ac.Rich(ProgressBar.Runs(text, kr.Progress, where)),
            Ac.Rich(Ac.Run(text.SuggestedScore(text.Score(item.SuggestedScore)), size: "Small", color: "Accent")),
            Ac.ChoiceInput(CardVerbs.ScoreInput(kr.Id), text.LabelScore, CardVerbs.ScoreSteps.Select(s => (text.Score(s), CardVerbs.ScoreValue(s))),
                CardVerbs.ScoreValue(prefill), required: true, text.ErrorScoreRequired).With("spacing", "Small"),
            Ac.TextInput(CardVerbs.ScoreReasonInput(kr.Id), text.LabelScoreReason, density == Density.Full ? text.PlaceholderScoreReason : null,
                item.Reason, CardVerbs.MaxTextLength, multiline: true, required: true, text.ErrorScoreReasonRequired),
        };
        return Ac.Container(items, spacing: "Medium");
    }

    private static bool IsStep(decimal score) => CardVerbs.ScoreSteps.Contains(score);
}
