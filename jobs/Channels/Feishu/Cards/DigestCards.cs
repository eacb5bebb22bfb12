using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// A manager's week: how many reports checked in and who has not, the KRs at risk with the reasons (each with a
/// button to its card), the biggest movers, and each report's objectives as progress bars.
/// </summary>
internal static class ManagerDigestCard
{
    private const int MaxReasonShown = 200;

    /// <remarks>For a big team the risks and the objectives are what grows: both are cut to what fits, each saying how many it left out.</remarks>
    public static JsonObject Render(ManagerDigestView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), Math.Max(view.Digest.Risks.Count, view.Digest.Objectives.Count));

    private static JsonObject Render(ManagerDigestView view, BotText text, Density density, int keep)
    {
        var digest = view.Digest;
        var body = new List<JsonNode?> { Fc.Subtle(text.DigestSubtitle(digest.ManagerName, digest.WeekOf, digest.CycleName)) };
        body.AddRange(Completion(digest, text));
        body.AddRange(Risks(digest, text, density, keep));
        body.AddRange(Movers(digest, text, density));
        body.AddRange(Wins(digest, text, density));
        body.AddRange(Objectives(digest, text, density, keep));
        body.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Fc.Card(text.DigestTitle, "blue", body);
    }

    private static IEnumerable<JsonNode> Completion(ManagerDigest digest, BotText text)
    {
        if (digest.ExpectedCount == 0)
        {
            yield return Fc.Text(text.DigestNobodyExpected);
        }
        else
        {
            yield return Fc.Heading(text.DigestCompletion(digest.CheckedInCount, digest.ExpectedCount));
            yield return Fc.Text(Fc.Progress(text, digest.Completion));
            var missing = digest.Missing.Select(r => r.Name).ToList();
            yield return missing.Count == 0
                ? Fc.Text(text.DigestEveryoneCheckedIn, color: "green")
                : Fc.Text(text.Labelled(text.DigestMissingLabel) + text.Names(missing), color: "orange");
        }
        var away = digest.Reports.Where(r => r.Away).Select(r => r.Name).ToList();
        if (away.Count > 0) yield return Fc.Subtle(text.Labelled(text.DigestAwayLabel) + text.Names(away));
    }

    private static IEnumerable<JsonNode> Risks(ManagerDigest digest, BotText text, Density density, int keep)
    {
        yield return Fc.Hr();
        yield return Fc.Heading(text.DigestRisksTitle(digest.Risks.Count));
        if (digest.Risks.Count == 0) yield return Fc.Subtle(text.DigestNoRisks);
        foreach (var risk in digest.Risks.Take(keep))
        {
            yield return Fc.Text(CardFit.Title(risk.Title, density));
            yield return Fc.Text(Fc.Line(Fc.Status(text, risk.Status), risk.OwnerName), size: "notation", color: Fc.StatusColor(risk.Status));
            if (!string.IsNullOrWhiteSpace(risk.Reason))
                yield return Fc.Text(text.Labelled(text.FactReason) + Fc.Clip(risk.Reason, density switch { Density.Full => MaxReasonShown, Density.Compact => 100, _ => 60 }),
                    size: "notation");
            yield return Fc.Button(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(risk.KeyResultId), "primary_text");
        }
        if (keep < digest.Risks.Count) yield return Fc.Text(text.MoreNotShown(digest.Risks.Count - keep), color: "orange");
    }

    private static IEnumerable<JsonNode> Movers(ManagerDigest digest, BotText text, Density density)
    {
        yield return Fc.Hr();
        yield return Fc.Heading(text.DigestMoversTitle);
        if (digest.Movers.Count == 0) yield return Fc.Subtle(text.DigestNoMovers);
        foreach (var mover in digest.Movers)
        {
            yield return Fc.Text(CardFit.Title(mover.Title, density));
            yield return Fc.Text(Fc.Line(text.ProgressChange(mover.ProgressBefore, mover.ProgressNow), mover.OwnerName), size: "notation",
                color: mover.Delta >= 0 ? "green" : "red");
        }
    }

    /// <summary>Shown only when there are any: a quiet week needs no "no small wins" line.</summary>
    private static IEnumerable<JsonNode> Wins(ManagerDigest digest, BotText text, Density density)
    {
        if (digest.Wins.Count == 0) yield break;
        yield return Fc.Hr();
        yield return Fc.Heading(text.DigestWinsTitle(digest.Wins.Count));
        foreach (var win in digest.Wins.Take(DigestWins.MaxShown))
            yield return Fc.Text(Fc.Line("\u2728 " + DigestWins.Clip(win.Text, density), win.PersonName));
        if (digest.Wins.Count > DigestWins.MaxShown) yield return Fc.Subtle(text.MoreNotShown(digest.Wins.Count - DigestWins.MaxShown));
    }

    private static IEnumerable<JsonNode> Objectives(ManagerDigest digest, BotText text, Density density, int keep)
    {
        yield return Fc.Hr();
        yield return Fc.Heading(text.DigestObjectivesTitle);
        if (digest.Objectives.Count == 0) yield return Fc.Subtle(text.DigestNoObjectives);
        foreach (var objective in digest.Objectives.Take(keep))
        {
            yield return Fc.Text(Fc.Line(CardFit.Title(objective.Title, density), objective.OwnerName));
            yield return Fc.Text(Fc.Progress(text, objective.Progress), size: "notation");
        }
        if (keep < digest.Objectives.Count) yield return Fc.Text(text.MoreObjectivesNotShown(digest.Objectives.Count - keep), color: "orange");
    }
}

/// <summary>A team's published results: each objective with its score, each KR with where it ended, its score and the owner's reason.</summary>
internal static class ResultsDigestCard
{
    private const int MaxReasonShown = 280;

    public static JsonObject Render(ResultsDigestView view, BotText text) =>
        FeishuCardFit.Render((density, keep) => Render(view, text, density, keep), view.Results.KeyResults.Count());

    private static JsonObject Render(ResultsDigestView view, BotText text, Density density, int keep)
    {
        var results = view.Results;
        var total = results.KeyResults.Count();
        var body = new List<JsonNode?> { Fc.Subtle(results.TeamName is { } team ? text.ResultsForTeam(team) : text.ResultsOwn) };
        body.Add(results.Objectives.Count == 0 ? Fc.Text(text.ResultsEmpty) : Fc.Text(text.ResultsSummary(results.ScoredCount, total)));

        var shown = results.KeyResults.Take(keep).Select(k => k.KeyResultId).ToHashSet();
        foreach (var objective in results.Objectives)
        {
            var krs = objective.KeyResults.Where(k => shown.Contains(k.KeyResultId)).ToList();
            if (krs.Count == 0) continue;
            body.Add(Fc.Hr());
            body.Add(Fc.Heading(CardFit.Title(objective.Title, density)));
            body.Add(Fc.Subtle(Fc.Line(text.OwnedBy(objective.OwnerName), Score(objective.Score, text))));
            foreach (var kr in krs)
            {
                body.Add(Fc.Text(CardFit.Title(kr.Title, density)));
                body.Add(Fc.Text(Fc.Line(kr.OwnerName, Score(kr.Score, text), Fc.Progress(text, kr.Progress)), size: "notation",
                    color: kr.Score is null ? "grey" : "blue"));
                if (!string.IsNullOrWhiteSpace(kr.Reason) && density != Density.Minimal)
                    body.Add(Fc.Subtle(Fc.Quote(kr.Reason, density == Density.Full ? MaxReasonShown : 80)));
            }
        }
        if (shown.Count < total) body.Add(Fc.Text(text.MoreNotShown(total - shown.Count), color: "orange"));
        body.Add(Fc.Button(text.ButtonMyOkrs, CardVerbs.MyOkrsAction()));
        return Fc.Card(text.ResultsTitle(results.CycleName), "blue", body);
    }

    private static string Score(decimal? score, BotText text) => score is { } s ? text.ScoreOf(text.Score(s)) : text.NotScoredYet;
}
