using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// The mid-cycle review: per KR where it stands, keep / adjust / drop (a milestone has no target to adjust), the new
/// target for a metric or a percentage, and a note; one submit.
/// </summary>
internal static class ReviewCard
{
    public const string FormName = "review";

    public static JsonObject Render(ReviewCardView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.Sheet.Items.Count);

    private static JsonObject Render(ReviewCardView view, BotText text, Density density, int keep)
    {
        var sheet = view.Sheet;
        var body = new List<JsonNode?> { Fc.Subtle(text.ReviewSubtitle(view.PersonName, sheet.CycleName, sheet.Midpoint)) };
        if (view.IsReminder) body.Add(Fc.Text(text.ReviewReminder, color: "orange"));
        if (view.Error is { } error) body.Add(Fc.Text(error, color: "red"));
        var template = view.IsReminder ? "orange" : "blue";

        if (sheet.Items.Count == 0)
        {
            body.Add(Fc.Text(text.ReviewNothingToDo(sheet.CycleName)));
            body.Add(Fc.Buttons([Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()), Fc.Button(text.ButtonHelp, CardVerbs.HelpAction())]));
            return Fc.Card(text.ReviewTitle, template, body);
        }

        if (density == Density.Full) body.Add(Fc.Text(text.ReviewIntro));
        if (sheet.Items.Any(i => i.Decision is not null)) body.Add(Fc.Text(text.ReviewAlreadyDone, size: "notation", color: "blue"));

        var shown = sheet.Items.Take(keep).ToList();
        var form = new List<JsonNode?>();
        form.AddRange(ObjectiveGroups.Layout<ReviewItem, JsonNode?>(shown, i => i.ObjectiveTitle,
            title => [Fc.Hr(), Fc.Heading(CardFit.Title(title, density))], i => Item(i, text, density)));
        if (shown.Count < sheet.Items.Count) form.Add(Fc.Text(text.MoreNotShown(sheet.Items.Count - shown.Count), color: "orange"));
        form.Add(Fc.Submit(text.ButtonSubmitReview, CardVerbs.ReviewSubmitAction(sheet.CycleId, shown.Select(i => i.KeyResult.Id))));
        body.Add(Fc.Form(FormName, form));
        body.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Fc.Card(text.ReviewTitle, template, body);
    }

    private static IEnumerable<JsonNode> Item(ReviewItem item, BotText text, Density density)
    {
        var kr = item.KeyResult;
        var isMilestone = kr.Kind == KeyResultKind.Milestone;
        var where = text.Standing(kr);
        var standing = Fc.Line(Fc.Status(text, kr.Status), Fc.Progress(text, kr.Progress, where));
        if (density == Density.Minimal)
        {
            yield return Fc.Text(Fc.Lines(CardFit.Title(kr.Title, density), standing));
        }
        else
        {
            yield return Fc.Text(CardFit.Title(kr.Title, density));
            yield return Fc.Text(standing, size: "notation", color: Fc.StatusColor(kr.Status));
        }

        var decisions = isMilestone ? new[] { ReviewDecisionKind.Keep, ReviewDecisionKind.Drop } : Enum.GetValues<ReviewDecisionKind>();
        // Undecided KRs start at keep, the usual answer: a review of several KRs is then one change and a submit.
        var decided = item.Decision is { } d && decisions.Contains(d) ? d : ReviewDecisionKind.Keep;
        yield return Fc.Select(CardVerbs.DecisionInput(kr.Id), null, decisions.Select(x => (text.Decision(x), CardVerbs.DecisionValue(x))),
            CardVerbs.DecisionValue(decided), required: true);
        if (!isMilestone)
        {
            // Feishu has no number input: the target is typed, the placeholder says what it takes while there is room for it.
            var target = item.Decision == ReviewDecisionKind.Adjust && item.NewTarget is { } t ? Fc.Number(t) : null;
            var full = density == Density.Full;
            yield return kr.Kind == KeyResultKind.Percentage
                ? Fc.TextInput(CardVerbs.TargetInput(kr.Id), text.LabelNewTargetWithUnit("%"), full ? text.ErrorPercentage : null, target)
                : Fc.TextInput(CardVerbs.TargetInput(kr.Id), string.IsNullOrWhiteSpace(kr.Unit) ? text.LabelNewTarget : text.LabelNewTargetWithUnit(kr.Unit.Trim()),
                    full ? text.ErrorNewTarget : null, target);
        }
        yield return Fc.TextInput(CardVerbs.ReviewNoteInput(kr.Id), text.LabelReviewNote, density == Density.Full ? text.PlaceholderReviewNote : null,
            item.Note, multiline: true);
    }
}

/// <summary>Replaces the review card once it is recorded: the decision on each KR, the new target, the note.</summary>
internal static class ReviewDoneCard
{
    private const int MaxNoteShown = 280;

    public static JsonObject Render(ReviewDoneView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.Items.Count);

    private static JsonObject Render(ReviewDoneView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?> { Fc.Text(text.ReviewDoneSummary(view.Items.Count, view.CycleName)) };
        foreach (var item in view.Items.Take(keep))
        {
            var (line, color) = item.Decision switch
            {
                ReviewDecisionKind.Adjust when item.PreviousTarget != item.Target =>
                    (text.ReviewAdjusted(text.Value(item.Kind, item.PreviousTarget, item.Unit), text.Value(item.Kind, item.Target, item.Unit)), "blue"),
                ReviewDecisionKind.Adjust => (text.ReviewTargetNow(text.Value(item.Kind, item.Target, item.Unit)), "blue"),
                ReviewDecisionKind.Drop => (text.ReviewDropped, "red"),
                _ => (text.ReviewKept, "green"),
            };
            body.Add(Fc.Hr());
            body.Add(Fc.Text(CardFit.Title(item.Title, density)));
            body.Add(Fc.Text(Fc.Line(line, item.Amended ? text.Amended : null), color: color));
            if (!string.IsNullOrWhiteSpace(item.Note) && density != Density.Minimal)
                body.Add(Fc.Subtle(Fc.Quote(item.Note, FeishuCardFit.NoteLength(density, MaxNoteShown))));
        }
        if (keep < view.Items.Count) body.Add(Fc.Text(text.MoreNotShown(view.Items.Count - keep), color: "orange"));
        if (view.Undecided > 0) body.Add(Fc.Text(text.ReviewUndecided(view.Undecided), color: "orange"));
        body.Add(Fc.Buttons(
        [
            Fc.Button(text.ButtonChangeReview, CardVerbs.ReviewOpenAction(view.CycleId)),
            Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]));
        return Fc.Card("\u2714 " + text.ReviewDoneTitle, "green", body);
    }
}

/// <summary>
/// The end-of-cycle scoring: per KR where it ended, the score its progress suggests, a score 0.0-1.0 in tenths
/// (prefilled with the score given, else the suggestion) and a required reason; one submit.
/// </summary>
internal static class ScoringCard
{
    public const string FormName = "scoring";

    public static JsonObject Render(ScoringCardView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.Sheet.Items.Count);

    private static JsonObject Render(ScoringCardView view, BotText text, Density density, int keep)
    {
        var sheet = view.Sheet;
        var body = new List<JsonNode?> { Fc.Subtle(text.ScoringSubtitle(view.PersonName, sheet.CycleName, sheet.EndDate)) };
        if (view.IsReminder) body.Add(Fc.Text(text.ScoringReminder, color: "orange"));
        if (view.Error is { } error) body.Add(Fc.Text(error, color: "red"));
        var template = view.IsReminder ? "orange" : "blue";

        if (sheet.Items.Count == 0)
        {
            body.Add(Fc.Text(text.ScoringNothingToDo(sheet.CycleName)));
            body.Add(Fc.Buttons([Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()), Fc.Button(text.ButtonHelp, CardVerbs.HelpAction())]));
            return Fc.Card(text.ScoringTitle, template, body);
        }

        // The guidance is what makes scores comparable: it stays on the card at every density.
        body.Add(Fc.Text(text.ScoringIntro, size: density == Density.Full ? null : "notation"));
        if (sheet.Items.Any(i => i.Score is not null)) body.Add(Fc.Text(text.ScoringAlreadyDone, size: "notation", color: "blue"));

        var shown = sheet.Items.Take(keep).ToList();
        var form = new List<JsonNode?>();
        form.AddRange(ObjectiveGroups.Layout<ScoringItem, JsonNode?>(shown, i => i.ObjectiveTitle,
            title => [Fc.Hr(), Fc.Heading(CardFit.Title(title, density))], i => Item(i, text, density)));
        if (shown.Count < sheet.Items.Count) form.Add(Fc.Text(text.MoreNotShown(sheet.Items.Count - shown.Count), color: "orange"));
        form.Add(Fc.Submit(text.ButtonSubmitScores, CardVerbs.ScoringSubmitAction(sheet.CycleId, shown.Select(i => i.KeyResult.Id))));
        body.Add(Fc.Form(FormName, form));
        body.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Fc.Card(text.ScoringTitle, template, body);
    }

    private static IEnumerable<JsonNode> Item(ScoringItem item, BotText text, Density density)
    {
        var kr = item.KeyResult;
        var where = text.Standing(kr);
        var prefill = item.Score is { } given && IsStep(given) ? given : item.SuggestedScore;
        if (!IsStep(prefill)) prefill = ScoreGuidance.HealthyAim;
        var suggested = text.SuggestedScore(text.Score(item.SuggestedScore));
        yield return Fc.Text(CardFit.Title(kr.Title, density));
        yield return Fc.Subtle(Fc.Progress(text, kr.Progress, where));
        if (density == Density.Full)
        {
            // The tenths as the only choices, as on Teams: a score the service refuses cannot be picked.
            yield return Fc.Text(Fc.Line(text.LabelScore, suggested), size: "notation", color: "blue");
            yield return Fc.Select(CardVerbs.ScoreInput(kr.Id), null, CardVerbs.ScoreSteps.Select(s => (text.Score(s), CardVerbs.ScoreValue(s))),
                CardVerbs.ScoreValue(prefill), required: true);
        }
        else
        {
            // Eleven choices are twelve of the card's 200 elements: a long sheet types the score, which the handler checks.
            yield return Fc.TextInput(CardVerbs.ScoreInput(kr.Id), Fc.Line(text.LabelScore, suggested), null, CardVerbs.ScoreValue(prefill), required: true);
        }
        yield return Fc.TextInput(CardVerbs.ScoreReasonInput(kr.Id), text.LabelScoreReason, density == Density.Full ? text.PlaceholderScoreReason : null,
            item.Reason, multiline: true, required: true);
    }

    private static bool IsStep(decimal score) => CardVerbs.ScoreSteps.Contains(score);
}

/// <summary>Replaces the scoring card once it is recorded: each score against its suggestion, the reason, and the rules' hint.</summary>
internal static class ScoringDoneCard
{
    private const int MaxReasonShown = 280;

    public static JsonObject Render(ScoringDoneView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.Items.Count);

    private static JsonObject Render(ScoringDoneView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?> { Fc.Text(text.ScoringDoneSummary(view.Items.Count, view.CycleName)) };
        foreach (var item in view.Items.Take(keep))
        {
            body.Add(Fc.Hr());
            body.Add(Fc.Text(CardFit.Title(item.Title, density)));
            body.Add(Fc.Text(Fc.Lines(Fc.Line(text.ScoreLine(text.Score(item.Score), text.Score(item.SuggestedScore)), item.Amended ? text.Amended : null),
                Fc.Progress(text, item.Progress))));
            if (!string.IsNullOrWhiteSpace(item.Reason) && density != Density.Minimal)
                body.Add(Fc.Subtle(Fc.Quote(item.Reason, FeishuCardFit.NoteLength(density, MaxReasonShown))));
            body.AddRange(item.Hints.Select(h => Fc.Text(text.ScoreHintText(h), size: "notation", color: HintColor(h))));
        }
        if (keep < view.Items.Count) body.Add(Fc.Text(text.MoreNotShown(view.Items.Count - keep), color: "orange"));
        if (view.Unscored > 0) body.Add(Fc.Text(text.ScoringUnscored(view.Unscored), color: "orange"));
        body.Add(Fc.Buttons(
        [
            Fc.Button(text.ButtonChangeScores, CardVerbs.ScoringOpenAction(view.CycleId)),
            Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
        ]));
        return Fc.Card("\u2714 " + text.ScoringDoneTitle, "green", body);
    }

    private static string HintColor(ScoreHint hint) => hint switch
    {
        ScoreHint.Healthy => "green",
        ScoreHint.TargetMaybeTooLow => "blue",
        _ => "orange",
    };
}
