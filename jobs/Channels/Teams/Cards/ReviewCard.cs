using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// The mid-cycle review: per KR where it stands, keep / adjust / drop (a milestone has no target to adjust), the new
/// target for a metric or a percentage, and a note; one submit.
/// </summary>
internal static class ReviewCard
{
    public static JsonObject Render(ReviewCardView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.Sheet.Items.Count, CardSize.IsWithinLimit);

    private static JsonObject Render(ReviewCardView view, BotText text, Density density, int keep)
    {
        var sheet = view.Sheet;
        var body = SheetCard.Top(text.ReviewTitle, text.ReviewSubtitle(view.PersonName, sheet.CycleName, sheet.Midpoint),
            view.IsReminder ? text.ReviewReminder : null, view.Error);
        if (sheet.Items.Count == 0) return SheetCard.NothingToDo(text, body, text.ReviewNothingToDo(sheet.CycleName));

        if (density == Density.Full) body.Add(Ac.Text(text.ReviewIntro));
        if (sheet.Items.Any(i => i.Decision is not null))
            body.Add(Ac.Text(text.ReviewAlreadyDone, color: "Accent", size: "Small"));

        var shown = sheet.Items.Take(keep).ToList();
        body.AddRange(ObjectiveGroups.Layout<ReviewItem, JsonNode?>(shown, i => i.ObjectiveTitle,
            title => [Ac.Rich([Ac.Run(CardFit.Title(title, density), size: "Medium", weight: "Bolder")], spacing: "Large", separator: true)],
            i => [Item(i, text, density)]));
        if (shown.Count < sheet.Items.Count)
            body.Add(Ac.Container([Ac.Text(text.MoreNotShown(sheet.Items.Count - shown.Count), weight: "Bolder")], style: "warning", spacing: "Medium"));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSubmitReview, CardVerbs.ReviewSubmitAction(sheet.CycleId, shown.Select(i => i.KeyResult.Id)), style: "positive"),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction(), sendsInputs: false),
        ]);
    }

    private static JsonObject Item(ReviewItem item, BotText text, Density density)
    {
        var kr = item.KeyResult;
        var isMilestone = kr.Kind == KeyResultKind.Milestone;
        var where = text.Standing(kr);
        var items = new List<JsonNode?>
        {
            Ac.Columns(
            [
                Ac.Column("stretch", Ac.Rich(Ac.Run(CardFit.Title(kr.Title, density), weight: "Bolder"))),
                Ac.Column("auto", Ac.Rich(Ac.StatusRun(text, kr.Status))),
            ]),
            Ac.Rich(ProgressBar.Runs(text, kr.Progress, where)),
        };

        var decisions = isMilestone
            ? new[] { ReviewDecisionKind.Keep, ReviewDecisionKind.Drop }
            : Enum.GetValues<ReviewDecisionKind>();
        // Undecided KRs start at keep, the usual answer: a review of several KRs is then one change and a submit.
        var decided = item.Decision is { } d && decisions.Contains(d) ? d : ReviewDecisionKind.Keep;
        var decision = Ac.ChoiceInput(CardVerbs.DecisionInput(kr.Id), text.LabelDecision, decisions.Select(x => (text.Decision(x), CardVerbs.DecisionValue(x))),
            CardVerbs.DecisionValue(decided), required: true, text.ErrorDecisionRequired, expanded: true);
        items.Add(isMilestone
            ? decision.With("spacing", "Small")
            : Ac.Columns([Ac.Column("1", decision), Ac.Column("1", TargetInput(item, text))], spacing: "Small"));

        items.Add(Ac.TextInput(CardVerbs.ReviewNoteInput(kr.Id), text.LabelReviewNote, density == Density.Full ? text.PlaceholderReviewNote : null,
            item.Note, CardVerbs.MaxTextLength, multiline: true));
        return Ac.Container(items, spacing: "Medium");
    }

    private static JsonObject TargetInput(ReviewItem item, BotText text)
    {
        var kr = item.KeyResult;
        var value = item.Decision == ReviewDecisionKind.Adjust ? item.NewTarget : null;
        return kr.Kind == KeyResultKind.Percentage
            ? Ac.NumberInput(CardVerbs.TargetInput(kr.Id), text.LabelNewTargetWithUnit("%"), value, 0m, 100m, required: false, text.ErrorPercentage)
            : Ac.NumberInput(CardVerbs.TargetInput(kr.Id), string.IsNullOrWhiteSpace(kr.Unit) ? text.LabelNewTarget : text.LabelNewTargetWithUnit(kr.Unit.Trim()),
                value, null, null, required: false, text.ErrorNewTarget);
    }
}
