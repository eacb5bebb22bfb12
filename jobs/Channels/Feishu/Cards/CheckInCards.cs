using System.Globalization;
using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>Objectives with their progress, and under each its KRs, each with a button to its card.</summary>
internal static class OkrListCard
{
    public static JsonObject Render(OkrListView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.List.KeyResults.Count());

    private static JsonObject Render(OkrListView view, BotText text, Density density, int keep)
    {
        var list = view.List;
        var body = new List<JsonNode?> { Fc.Subtle(text.CycleLine(list.CycleName, list.Today)) };
        body.Add(list.Objectives.Count == 0 ? Fc.Text(text.OkrListEmpty) : Fc.Subtle(text.OkrListHint));
        var shown = list.KeyResults.Take(keep).Select(k => k.Id).ToHashSet();
        var total = list.KeyResults.Count();
        // An objective whose KRs were all left out is left out too, unless it never had any.
        foreach (var objective in list.Objectives.Where(o => o.KeyResults.Count == 0 ? shown.Count == total : o.KeyResults.Any(k => shown.Contains(k.Id))))
        {
            var tags = new List<string>();
            if (objective.Visibility == Visibility.Private) tags.Add(text.Private);
            if (objective.State == ObjectiveState.Draft) tags.Add(text.Draft);
            body.Add(Fc.Hr());
            body.Add(Fc.Heading(CardFit.Title(objective.Title, density)));
            body.Add(Fc.Subtle(Fc.Lines(Fc.Line([text.OwnedBy(objective.OwnerName), .. tags]), Fc.Progress(text, objective.Progress))));
            foreach (var kr in objective.KeyResults.Where(k => shown.Contains(k.Id)))
                body.AddRange(KeyResult(kr, text, density));
        }
        if (shown.Count < total) body.Add(Fc.Text(text.MoreNotShown(total - shown.Count), color: "orange"));

        body.Add(Fc.Buttons(
        [
            view.Subject == OkrListSubject.Own
                ? Fc.Button(text.ButtonCheckIn, CardVerbs.CheckInOpenAction(), "primary_filled")
                : Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()),
            Fc.Button(text.ButtonHelp, CardVerbs.HelpAction()),
        ]));
        return Fc.Card(text.OkrListTitle(view.Subject, view.SubjectName), "blue", body);
    }

    private static IEnumerable<JsonNode> KeyResult(KeyResultView kr, BotText text, Density density)
    {
        var detail = kr.Kind == KeyResultKind.Milestone
            ? text.Value(kr, kr.CurrentValue)
            : $"{text.Value(kr, kr.CurrentValue)} / {text.Value(kr, kr.TargetValue)}";
        yield return Fc.Text(CardFit.Title(kr.Title, density));
        yield return kr.IsDropped
            ? Fc.Subtle(Fc.Line(text.Dropped, detail, kr.OwnerName))
            : Fc.Text(Fc.Lines(Fc.Line(Fc.Status(text, kr.Status), detail, kr.OwnerName), density == Density.Full ? Fc.Progress(text, kr.Progress) : null),
                size: "notation", color: Fc.StatusColor(kr.Status));
        yield return Fc.Button(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(kr.Id), "primary_text");
    }
}

/// <summary>
/// One form with every KR: a value that fits the kind (a number, a percentage 0-100, done / not done), status,
/// confidence 1-10 and a note per KR, one blockers box and one submit.
/// </summary>
internal static class CheckInCard
{
    public const string FormName = "checkin";

    public static JsonObject Render(CheckInCardView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.KeyResults.Count());

    private static JsonObject Render(CheckInCardView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?> { Fc.Subtle(text.CheckInSubtitle(view.PersonName, view.WeekOf, view.CycleName)) };
        if (view.IsReminder) body.Add(Fc.Text(text.CheckInReminder, color: "orange"));
        if (view.Error is { } error) body.Add(Fc.Text(error, color: "red"));
        var template = view.IsReminder ? "orange" : "blue";

        var all = view.KeyResults.ToList();
        if (all.Count == 0)
        {
            body.Add(Fc.Text(text.CheckInNothingToDo));
            body.Add(Fc.Buttons([Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()), Fc.Button(text.ButtonHelp, CardVerbs.HelpAction())]));
            return Fc.Card(text.CheckInTitle, template, body);
        }

        if (density == Density.Full) body.Add(Fc.Text(text.CheckInIntro));
        if (all.Any(k => IsOwnThisWeek(k.LastCheckIn, view))) body.Add(Fc.Text(text.CheckInAlreadyDone, size: "notation", color: "blue"));

        var shown = all.Take(keep).Select(k => k.Id).ToHashSet();
        var form = new List<JsonNode?>();
        foreach (var objective in view.Objectives)
        {
            var krs = objective.KeyResults.Where(k => shown.Contains(k.Id)).ToList();
            if (krs.Count == 0) continue;
            form.Add(Fc.Hr());
            form.Add(Fc.Heading(CardFit.Title(objective.Title, density)));
            form.AddRange(krs.SelectMany(kr => KeyResult(kr, view, text, density)));
        }
        if (shown.Count < all.Count)
        {
            form.Add(Fc.Text(text.MoreNotShown(all.Count - shown.Count), color: "orange"));
            form.Add(Fc.Subtle(text.CheckInMoreHint));
        }
        form.Add(Fc.Hr());
        form.Add(Fc.TextInput(CardVerbs.BlockersInput, text.LabelBlockers, density == Density.Full ? text.PlaceholderBlockers : null, null, multiline: true));
        form.Add(Fc.Submit(text.ButtonSubmitCheckIn, CardVerbs.CheckInSubmitAction(view.WeekOf, all.Where(k => shown.Contains(k.Id)).Select(k => k.Id))));
        body.Add(Fc.Form(FormName, form));
        body.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Fc.Card(text.CheckInTitle, template, body);
    }

    /// <remarks>
    /// A card holds at most 200 elements, texts and labels included: the KR's progress and last check-in share one
    /// paragraph, labels say what an input takes, and only the note keeps a placeholder (while there is room for it).
    /// </remarks>
    private static IEnumerable<JsonNode> KeyResult(KeyResultView kr, CheckInCardView view, BotText text, Density density)
    {
        var range = kr.Kind == KeyResultKind.Milestone ? null : text.Range(text.Value(kr, kr.StartValue), text.Value(kr, kr.TargetValue));
        if (density == Density.Minimal)
        {
            yield return Fc.Text(Fc.Lines(CardFit.Title(kr.Title, density), Fc.Progress(text, kr.Progress)));
        }
        else
        {
            yield return Fc.Text(CardFit.Title(kr.Title, density));
            // The value another system posted since the last check-in (and prefilled below) says where it came from.
            yield return Fc.Subtle(Fc.Lines(Fc.Progress(text, kr.Progress, range), LastCheckIn(kr, text, density),
                kr.PostedValue is { } posted ? text.ValuePostedBy(posted.Source, text.Value(kr, posted.Value)) : null));
        }
        yield return ValueInput(kr, text);
        yield return Fc.Select(CardVerbs.StatusInput(kr.Id), text.LabelStatus, Fc.StatusOptions(text, Enum.GetValues<KrStatus>()),
            CardVerbs.StatusValue(kr.Status), required: true);
        yield return Fc.TextInput(CardVerbs.ConfidenceInput(kr.Id), text.LabelConfidence, null, kr.Confidence?.ToString(CultureInfo.InvariantCulture));
        yield return Fc.TextInput(CardVerbs.NoteInput(kr.Id), text.LabelNote, density == Density.Full ? text.PlaceholderNote : null,
            IsOwnThisWeek(kr.LastCheckIn, view) ? kr.LastCheckIn!.Note : null);
    }

    /// <summary>
    /// Feishu has no number input: a number goes into a text input prefilled with the current value, its label saying
    /// what it takes; the handler parses it as it parses typed text.
    /// </summary>
    private static JsonObject ValueInput(KeyResultView kr, BotText text) => kr.Kind switch
    {
        KeyResultKind.Milestone => Fc.Select(CardVerbs.ValueInput(kr.Id), text.LabelMilestone,
            [(text.MilestoneDone, CardVerbs.MilestoneDone), (text.MilestoneNotDone, CardVerbs.MilestoneNotDone)],
            kr.CurrentValue >= 1m ? CardVerbs.MilestoneDone : CardVerbs.MilestoneNotDone, required: true),
        KeyResultKind.Percentage => Fc.TextInput(CardVerbs.ValueInput(kr.Id), text.LabelPercentage, null, Fc.Number(kr.CurrentValue), required: true),
        _ => Fc.TextInput(CardVerbs.ValueInput(kr.Id), string.IsNullOrWhiteSpace(kr.Unit) ? text.LabelValue : text.LabelValueWithUnit(kr.Unit.Trim()),
            null, Fc.Number(kr.CurrentValue), required: true),
    };

    private static string LastCheckIn(KeyResultView kr, BotText text, Density density)
    {
        if (kr.LastCheckIn is not { } last) return text.NoCheckInYet;
        var line = text.LastCheckIn(last.WeekOf, text.Value(kr, last.Value), last.Status, last.AuthorName);
        // Enough of the note to remember it by; the whole note is on the KR's card.
        return string.IsNullOrWhiteSpace(last.Note) ? line : line + " " + Fc.Quote(last.Note, density == Density.Full ? 140 : 60);
    }

    /// <summary>The person's own check-in of this card's week: submitting again amends it, so its note is kept.</summary>
    private static bool IsOwnThisWeek(LastCheckInView? last, CheckInCardView view) =>
        last is not null && last.WeekOf == view.WeekOf && last.AuthorName == view.PersonName;
}

/// <summary>Replaces the check-in card once it is recorded: what each KR now says, with its progress and status.</summary>
internal static class CheckInDoneCard
{
    private const int MaxNoteShown = 280;

    public static JsonObject Render(CheckInDoneView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.Items.Count);

    private static JsonObject Render(CheckInDoneView view, BotText text, Density density, int keep)
    {
        var body = new List<JsonNode?> { Fc.Text(text.CheckInDoneSummary(view.Items.Count, view.WeekOf)) };
        foreach (var item in view.Items.Take(keep))
        {
            body.Add(Fc.Hr());
            body.Add(Fc.Text(CardFit.Title(item.Title, density)));
            body.Add(Fc.Text(Fc.Lines(Fc.Line(text.Value(item.Kind, item.Value, item.Unit), Fc.Status(text, item.Status),
                item.Confidence is { } c ? text.Confidence(c) : null, item.Amended ? text.Amended : null), Fc.Progress(text, item.Progress)),
                color: Fc.StatusColor(item.Status)));
            if (!string.IsNullOrWhiteSpace(item.Note) && density != Density.Minimal)
                body.Add(Fc.Subtle(Fc.Quote(item.Note, FeishuCardFit.NoteLength(density, MaxNoteShown))));
        }
        if (keep < view.Items.Count) body.Add(Fc.Text(text.MoreNotShown(view.Items.Count - keep), color: "orange"));
        if (!string.IsNullOrWhiteSpace(view.Blockers))
        {
            body.Add(Fc.Hr());
            body.Add(Fc.Text(text.Labelled(text.LabelBlockersRecorded) + Fc.Clip(view.Blockers, MaxNoteShown)));
        }
        body.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Fc.Card("\u2714 " + text.CheckInDoneTitle, "green", body);
    }
}
