using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Objectives with their progress, and under each its KRs; selecting a KR opens its card.</summary>
internal static class OkrListCard
{
    public static JsonObject Render(OkrListView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.List.KeyResults.Count(), CardSize.IsWithinLimit);

    private static JsonObject Render(OkrListView view, BotText text, Density density, int keep)
    {
        var list = view.List;
        var body = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(text.OkrListTitle(view.Subject, view.SubjectName), size: "Large", weight: "Bolder")),
            Ac.Rich(Ac.Run(text.CycleLine(list.CycleName, list.Today), subtle: true)),
        };
        if (list.Objectives.Count == 0)
            body.Add(Ac.Text(text.OkrListEmpty, spacing: "Medium"));
        else
            body.Add(Ac.Text(text.OkrListHint, size: "Small", subtle: true));
        var shown = list.KeyResults.Take(keep).Select(k => k.Id).ToHashSet();
        var total = list.KeyResults.Count();
        // An objective whose KRs were all left out is left out too, unless it never had any.
        body.AddRange(list.Objectives
            .Where(o => o.KeyResults.Count == 0 ? shown.Count == total : o.KeyResults.Any(k => shown.Contains(k.Id)))
            .Select(o => Objective(o with { KeyResults = o.KeyResults.Where(k => shown.Contains(k.Id)).ToList() }, text, density)));
        if (shown.Count < total)
            body.Add(Ac.Text(text.MoreNotShown(total - shown.Count), weight: "Bolder", spacing: "Medium", separator: true));

        var actions = new List<JsonObject>();
        if (view.Subject == OkrListSubject.Own)
            actions.Add(Ac.Execute(text.ButtonCheckIn, CardVerbs.CheckInOpenAction(), style: "positive"));
        else
            actions.Add(Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        actions.Add(Ac.Execute(text.ButtonHelp, CardVerbs.HelpAction()));
        return Ac.Card(text, body, actions);
    }

    private static JsonObject Objective(ObjectiveView objective, BotText text, Density density)
    {
        var tags = new List<string>();
        if (objective.Visibility == Visibility.Private) tags.Add(text.Private);
        if (objective.State == ObjectiveState.Draft) tags.Add(text.Draft);
        var owner = text.OwnedBy(objective.OwnerName) + string.Concat(tags.Select(t => "  \u00b7  " + t));

        var items = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(CardFit.Title(objective.Title, density), size: "Medium", weight: "Bolder")),
            Ac.Rich(Ac.Run(owner, size: "Small", subtle: true)),
            Ac.Rich(ProgressBar.Runs(text, objective.Progress)),
        };
        items.AddRange(objective.KeyResults.Select(k => KeyResult(k, text, density)));
        return Ac.Container(items, spacing: "Large", separator: true);
    }

    private static JsonObject KeyResult(KeyResultView kr, BotText text, Density density)
    {
        var detail = kr.Kind == KeyResultKind.Milestone
            ? text.Value(kr, kr.CurrentValue)
            : $"{text.Value(kr, kr.CurrentValue)} / {text.Value(kr, kr.TargetValue)}";
        var left = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(CardFit.Title(kr.Title, density), weight: "Bolder")),
            Ac.Rich(Ac.Run($"{detail}  \u00b7  {kr.OwnerName}", size: "Small", subtle: true)),
        };
        var right = kr.IsDropped
            ? Ac.Rich(Ac.Run(text.Dropped, size: "Small", subtle: true))
            : Ac.Rich(Ac.StatusRun(text, kr.Status));
        var items = new List<JsonNode?> { Ac.Columns([Ac.Column("stretch", [.. left]), Ac.Column("auto", right)]) };
        if (!kr.IsDropped && density == Density.Full) items.Add(Ac.Rich(ProgressBar.Runs(text, kr.Progress)));
        return Ac.Container(items, style: "emphasis", spacing: "Small",
            selectAction: Ac.Execute(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(kr.Id)));
    }
}
