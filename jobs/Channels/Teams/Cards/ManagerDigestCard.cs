using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// A manager's week: how many reports checked in and who has not, the KRs at risk with the reasons (each with a
/// button to its card), the biggest movers, and each report's objectives as progress bars.
/// </summary>
internal static class ManagerDigestCard
{
    private const int MaxReasonShown = 200;

    /// <remarks>For a big team the risks and the objectives are what grows: both are cut to what fits, each saying how many it left out.</remarks>
    public static JsonObject Render(ManagerDigestView view, BotText text) =>
        CardFit.Render((density, keep) => Render(view, text, density, keep), Math.Max(view.Digest.Risks.Count, view.Digest.Objectives.Count), CardSize.IsWithinLimit);

    private static JsonObject Render(ManagerDigestView view, BotText text, Density density, int keep)
    {
        var digest = view.Digest;
        var body = new List<JsonNode?>
        {
            Ac.Heading(text.DigestTitle),
            Ac.Rich(Ac.Run(text.DigestSubtitle(digest.ManagerName, digest.WeekOf, digest.CycleName), subtle: true)),
        };
        body.AddRange(Completion(digest, text));
        body.AddRange(Risks(digest, text, density, keep));
        body.AddRange(Movers(digest, text, density));
        body.AddRange(Wins(digest, text, density));
        body.AddRange(Objectives(digest, text, density, keep));
        return Ac.Card(text, body, [Ac.Execute(text.ButtonMyOkrs, CardVerbs.MyOkrsAction())]);
    }

    private static IEnumerable<JsonNode> Completion(ManagerDigest digest, BotText text)
    {
        if (digest.ExpectedCount == 0)
        {
            yield return Ac.Text(text.DigestNobodyExpected, spacing: "Medium");
        }
        else
        {
            yield return Ac.Text(text.DigestCompletion(digest.CheckedInCount, digest.ExpectedCount), size: "Medium", weight: "Bolder", spacing: "Medium");
            yield return Ac.Rich(ProgressBar.Runs(text, digest.Completion));
            var missing = digest.Missing.Select(r => r.Name).ToList();
            yield return missing.Count == 0
                ? Ac.Text(text.DigestEveryoneCheckedIn, color: "Good")
                : Ac.Rich(Ac.Run(text.Labelled(text.DigestMissingLabel), weight: "Bolder", color: "Warning"), Ac.Run(text.Names(missing)));
        }
        var away = digest.Reports.Where(r => r.Away).Select(r => r.Name).ToList();
        if (away.Count > 0)
            yield return Ac.Rich(Ac.Run(text.Labelled(text.DigestAwayLabel), weight: "Bolder", subtle: true), Ac.Run(text.Names(away), subtle: true));
    }

    private static IEnumerable<JsonNode> Risks(ManagerDigest digest, BotText text, Density density, int keep)
    {
        yield return Ac.Text(text.DigestRisksTitle(digest.Risks.Count), size: "Medium", weight: "Bolder", spacing: "Large", separator: true);
        if (digest.Risks.Count == 0) yield return Ac.Text(text.DigestNoRisks, subtle: true);
        foreach (var risk in digest.Risks.Take(keep))
        {
            var items = new List<JsonNode?>
            {
                Ac.Columns(
                [
                    Ac.Column("stretch",
                        Ac.Rich(Ac.Run(CardFit.Title(risk.Title, density), weight: "Bolder")),
                        Ac.Rich(Ac.Run(risk.OwnerName, size: "Small", subtle: true))),
                    Ac.Column("auto", Ac.Rich(Ac.StatusRun(text, risk.Status))),
                ]),
            };
            if (!string.IsNullOrWhiteSpace(risk.Reason))
                items.Add(Ac.Rich(Ac.Run(text.Labelled(text.FactReason), weight: "Bolder", size: "Small"),
                    Ac.Run(Ac.Clip(risk.Reason, density switch { Density.Full => MaxReasonShown, Density.Compact => 100, _ => 60 }), size: "Small")));
            items.Add(Ac.ActionSet([Ac.Execute(text.ButtonOpenKeyResult, CardVerbs.KrShowAction(risk.KeyResultId))], spacing: "Small"));
            yield return Ac.Container(items, style: "emphasis", spacing: "Small");
        }
        if (keep < digest.Risks.Count)
            yield return Ac.Text(text.MoreNotShown(digest.Risks.Count - keep), weight: "Bolder", spacing: "Small");
    }

    private static IEnumerable<JsonNode> Movers(ManagerDigest digest, BotText text, Density density)
    {
        yield return Ac.Text(text.DigestMoversTitle, size: "Medium", weight: "Bolder", spacing: "Large", separator: true);
        if (digest.Movers.Count == 0) yield return Ac.Text(text.DigestNoMovers, subtle: true);
        foreach (var mover in digest.Movers)
        {
            yield return Ac.Rich([Ac.Run(CardFit.Title(mover.Title, density), weight: "Bolder")], spacing: "Small");
            yield return Ac.Rich(
                Ac.Run(text.ProgressChange(mover.ProgressBefore, mover.ProgressNow), weight: "Bolder", color: mover.Delta >= 0 ? "Good" : "Attention"),
                Ac.Run("  \u00b7  " + mover.OwnerName, subtle: true));
        }
    }

    /// <summary>Shown only when there are any: a quiet week needs no "no small wins" line.</summary>
    private static IEnumerable<JsonNode> Wins(ManagerDigest digest, BotText text, Density density)
    {
        if (digest.Wins.Count == 0) yield break;
        yield return Ac.Text(text.DigestWinsTitle(digest.Wins.Count), size: "Medium", weight: "Bolder", spacing: "Large", separator: true);
        foreach (var win in digest.Wins.Take(DigestWins.MaxShown))
            yield return Ac.Rich([Ac.Run("\u2728 " + DigestWins.Clip(win.Text, density)), Ac.Run("  \u00b7  " + win.PersonName, size: "Small", subtle: true)],
                spacing: "Small");
        if (digest.Wins.Count > DigestWins.MaxShown)
            yield return Ac.Text(text.MoreNotShown(digest.Wins.Count - DigestWins.MaxShown), subtle: true, spacing: "Small");
    }

    private static IEnumerable<JsonNode> Objectives(ManagerDigest digest, BotText text, Density density, int keep)
    {
        yield return Ac.Text(text.DigestObjectivesTitle, size: "Medium", weight: "Bolder", spacing: "Large", separator: true);
        if (digest.Objectives.Count == 0) yield return Ac.Text(text.DigestNoObjectives, subtle: true);
        foreach (var objective in digest.Objectives.Take(keep))
        {
            yield return Ac.Rich([Ac.Run(CardFit.Title(objective.Title, density), weight: "Bolder"), Ac.Run("  \u00b7  " + objective.OwnerName, size: "Small", subtle: true)],
                spacing: "Small");
            yield return Ac.Rich(ProgressBar.Runs(text, objective.Progress));
        }
        if (keep < digest.Objectives.Count)
            yield return Ac.Text(text.MoreObjectivesNotShown(digest.Objectives.Count - keep), weight: "Bolder", spacing: "Small");
    }
}
