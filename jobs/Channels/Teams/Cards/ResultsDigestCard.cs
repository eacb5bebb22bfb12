using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>A team's published results: each objective with its score, each KR with where it ended, its score and the owner's reason.</summary>
internal static class ResultsDigestCard
{
    private const int MaxReasonShown = 280;

    public static JsonObject Render(ResultsDigestView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), view.Results.KeyResults.Count(), CardSize.IsWithinLimit);

    private static JsonObject Render(ResultsDigestView view, BotText text, Density density, int keep)
    {
        var results = view.Results;
        var total = results.KeyResults.Count();
        var body = new List<JsonNode?>
        {
            Ac.Rich(Ac.Run(text.ResultsTitle(results.CycleName), size: "Large", weight: "Bolder")),
            Ac.Rich(Ac.Run(results.TeamName is { } team ? text.ResultsForTeam(team) : text.ResultsOwn, subtle: true)),
        };
        if (results.Objectives.Count == 0)
            body.Add(Ac.Text(text.ResultsEmpty, spacing: "Medium"));
        else
            body.Add(Ac.Text(text.ResultsSummary(results.ScoredCount, total), weight: "Bolder"));

        var shown = results.KeyResults.Take(keep).Select(k => k.KeyResultId).ToHashSet();
        foreach (var objective in results.Objectives)
        {
            var krs = objective.KeyResults.Where(k => shown.Contains(k.KeyResultId)).ToList();
            if (krs.Count == 0) continue;
            var items = new List<JsonNode?>
            {
                Ac.Rich(Ac.Run(CardFit.Title(objective.Title, density), size: "Medium", weight: "Bolder")),
                Ac.Rich(Ac.Run(text.OwnedBy(objective.OwnerName) + "  \u00b7  ", size: "Small", subtle: true), ScoreRun(objective.Score, text)),
            };
            items.AddRange(krs.Select(k => KeyResult(k, text, density)));
            body.Add(Ac.Container(items, spacing: "Large", separator: true));
        }
        if (shown.Count < total)
            body.Add(Ac.Text(text.MoreNotShown(total - shown.Count), weight: "Bolder", spacing: "Medium", separator: true));

        return Ac.Card(text, body, [Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction())]);
    }

    private static JsonObject KeyResult(ResultKeyResult kr, BotText text, Density density)
    {
        var items = new List<JsonNode?>
        {
            Ac.Columns(
            [
                Ac.Column("stretch",
                    Ac.Rich(Ac.Run(CardFit.Title(kr.Title, density), weight: "Bolder")),
                    Ac.Rich(Ac.Run(kr.OwnerName, size: "Small", subtle: true))),
                Ac.Column("auto", Ac.Rich(ScoreRun(kr.Score, text))),
            ]),
            Ac.Rich(ProgressBar.Runs(text, kr.Progress)),
        };
        if (!string.IsNullOrWhiteSpace(kr.Reason) && density != Density.Minimal)
            items.Add(Ac.Rich(Ac.Run("\u201c" + Ac.Clip(kr.Reason, density == Density.Full ? MaxReasonShown : 80) + "\u201d", italic: true, subtle: true)));
        return Ac.Container(items, style: "emphasis", spacing: "Small");
    }

    private static JsonObject ScoreRun(decimal? score, BotText text) => score is { } s
        ? Ac.Run(text.ScoreOf(text.Score(s)), weight: "Bolder", color: "Accent")
        : Ac.Run(text.NotScoredYet, italic: true, subtle: true);
}
