using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// One card with every KR: a value input that fits the kind (a number, a percentage 0-100, done / not done),
/// status, confidence 1-10 and a note per KR, one blockers box and one submit.
/// </summary>
internal static class CheckInCard
{
    public static JsonObject Render(CheckInCardView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.KeyResults.Count(), CardSize.IsWithinLimit);

    private static JsonObject Render(CheckInCardView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?>
        {
            Ac.Heading(text.CheckInTitle),
            Ac.Rich(Ac.Run(text.CheckInSubtitle(view.PersonName, view.WeekOf, view.CycleName), subtle: true)),
        };
        if (view.IsReminder)
            body.Add(Ac.Container([Ac.Text(text.CheckInReminder, weight: "Bolder")], style: "warning"));
        if (view.Error is { } error)
            body.Add(Ac.Container([Ac.Rich(Ac.Run(error, weight: "Bolder", color: "Attention"))], style: "attention"));

        var all = view.KeyResults.ToList();
        if (all.Count == 0)
        {
            body.Add(Ac.Text(text.CheckInNothingToDo, spacing: "Medium"));
            return Ac.Card(text, body,
            [
                Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
                Ac.Execute(text.ButtonHelp, CardVerbs.HelpAction()),
            ]);
        }

        if (density == Density.Full) body.Add(Ac.Text(text.CheckInIntro));
        if (all.Any(k => IsOwnThisWeek(k.LastCheckIn, view)))
            body.Add(Ac.Text(text.CheckInAlreadyDone, color: "Accent", size: "Small"));

        var shown = all.Take(keep).Select(k => k.Id).ToHashSet();
        foreach (var objective in view.Objectives)
        {
            var krs = objective.KeyResults.Where(k => shown.Contains(k.Id)).ToList();
            if (krs.Count == 0) continue;
            body.Add(Ac.Rich([Ac.Run(CardFit.Title(objective.Title, density), size: "Medium", weight: "Bolder")], spacing: "Large", separator: true));
            body.AddRange(krs.Select(kr => KeyResult(kr, view, text, density)));
        }
        if (shown.Count < all.Count)
        {
            body.Add(Ac.Container(
            [
                Ac.Text(text.MoreNotShown(all.Count - shown.Count), weight: "Bolder"),
                Ac.Text(text.CheckInMoreHint, size: "Small"),
            ], style: "warning", spacing: "Medium"));
        }

        body.Add(Ac.TextInput(CardVerbs.BlockersInput, text.LabelBlockers, density == Density.Full ? text.PlaceholderBlockers : null, null,
            CardVerbs.MaxTextLength, multiline: true).With("spacing", "Large").With("separator", true));

        return Ac.Card(text, body,
        [
            Ac.Execute(text.ButtonSubmitCheckIn, CardVerbs.CheckInSubmitAction(view.WeekOf, all.Where(k => shown.Contains(k.Id)).Select(k => k.Id)),
                style: "positive"),
            Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction(), sendsInputs: false),
        ]);
    }

    private static JsonObject KeyResult(KeyResultView kr, CheckInCardView view, BotText text, Density density)
    {
        var range = kr.Kind == KeyResultKind.Milestone || density == Density.Minimal
            ? null
            : text.Range(text.Value(kr, kr.StartValue), text.Value(kr, kr.TargetValue));
        var items = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(CardFit.Title(kr.Title, density), weight: "Bolder")),
            Ac.Rich(ProgressBar.Runs(text, kr.Progress, range)),
        };
        if (density != Density.Minimal) items.Add(LastCheckIn(kr, text, density));
        if (density != Density.Minimal && kr.PostedValue is { } posted)
            items.Add(Ac.Rich(Ac.Run(text.ValuePostedBy(posted.Source, text.Value(kr, posted.Value)), size: "Small", color: "Accent")));
        items.Add(Ac.Columns(
        [
            Ac.Column("1", ValueInput(kr, text)),
            Ac.Column("1", Ac.ChoiceInput(CardVerbs.StatusInput(kr.Id), text.LabelStatus, Ac.StatusChoices(text, Enum.GetValues<KrStatus>()),
                CardVerbs.StatusValue(kr.Status), required: true, text.ErrorStatusRequired)),
        ], spacing: "Small"));
        items.Add(Ac.Columns(
        [
            Ac.Column("1", Ac.NumberInput(CardVerbs.ConfidenceInput(kr.Id), text.LabelConfidence, kr.Confidence,
                CheckInService.MinConfidence, CheckInService.MaxConfidence, required: false, text.ErrorConfidence)),
            Ac.Column("1", Ac.TextInput(CardVerbs.NoteInput(kr.Id), text.LabelNote, density == Density.Full ? text.PlaceholderNote : null,
                IsOwnThisWeek(kr.LastCheckIn, view) ? kr.LastCheckIn!.Note : null, CardVerbs.MaxTextLength, multiline: false)),
        ], spacing: "Small"));
        return Ac.Container(items, spacing: "Medium");
    }

    private static JsonObject ValueInput(KeyResultView kr, BotText text) => kr.Kind switch
    {
        KeyResultKind.Milestone => Ac.ChoiceInput(CardVerbs.ValueInput(kr.Id), text.LabelMilestone,
            [(text.MilestoneDone, CardVerbs.MilestoneDone), (text.MilestoneNotDone, CardVerbs.MilestoneNotDone)],
            kr.CurrentValue >= 1m ? CardVerbs.MilestoneDone : CardVerbs.MilestoneNotDone, required: true, text.ErrorMilestone, expanded: true),
        KeyResultKind.Percentage => Ac.NumberInput(CardVerbs.ValueInput(kr.Id), text.LabelPercentage, kr.CurrentValue, 0m, 100m,
            required: true, text.ErrorPercentage),
        _ => Ac.NumberInput(CardVerbs.ValueInput(kr.Id), string.IsNullOrWhiteSpace(kr.Unit) ? text.LabelValue : text.LabelValueWithUnit(kr.Unit.Trim()),
            kr.CurrentValue, null, null, required: true, text.ErrorValueRequired),
    };

    private static JsonObject LastCheckIn(KeyResultView kr, BotText text, Density density)
    {
        if (kr.LastCheckIn is not { } last) return Ac.Rich(Ac.Run(text.NoCheckInYet, size: "Small", subtle: true));
        var runs = new List<JsonObject> { Ac.Run(text.LastCheckIn(last.WeekOf, text.Value(kr, last.Value), last.Status, last.AuthorName), size: "Small", subtle: true) };
        if (!string.IsNullOrWhiteSpace(last.Note))
        {
            // Enough of the note to remember it by; the whole note is on the KR's card.
            var note = Ac.Clip(last.Note, density == Density.Full ? 140 : 60);
            runs.Add(Ac.Run(" \u201c" + note + "\u201d", size: "Small", subtle: true, italic: true));
        }
        return Ac.Rich(runs);
    }

    /// <summary>The person's own check-in of this card's week: submitting again amends it, so its note is kept.</summary>
    private static bool IsOwnThisWeek(LastCheckInView? last, CheckInCardView view) =>
        last is not null && last.WeekOf == view.WeekOf && last.AuthorName == view.PersonName;
}
