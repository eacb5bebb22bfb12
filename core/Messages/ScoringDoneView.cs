using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>What the scoring recorded for one KR, with what the rules say about the score (<see cref="ScoreGuidance.Check"/>).</summary>
/// <param name="Amended">The KR had a score already, and this one replaced it.</param>
public sealed record ScoringDoneItem(
    Guid KeyResultId, string Title, decimal Progress, decimal Score, decimal SuggestedScore, string Reason, IReadOnlyList<ScoreHint> Hints,
    bool Amended);

/// <summary>
/// The confirmation that replaces the scoring card: each score with its reason and its hint (1.0 asks whether the
/// target was too low, 0 asks for an explanation), and how many KRs still have no score.
/// </summary>
/// <param name="Unscored">KRs on the person's sheet that still have no score.</param>
/// <remarks>Buttons: <see cref="CardVerbs.ScoringOpen"/> for <paramref name="CycleId"/> (to change a score), <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record ScoringDoneView(
    string Locale, string PersonName, Guid CycleId, string CycleName, IReadOnlyList<ScoringDoneItem> Items, int Unscored = 0) : View(Locale)
{
    /// <summary>From what the service recorded (score, suggestion, hints, amended), the reasons sent with it, and the sheet the card was made from.</summary>
    public static ScoringDoneView From(
        string locale, string personName, ScoringSheet sheet, IReadOnlyList<ScoreReceipt> receipts, IReadOnlyDictionary<Guid, string?> reasons)
    {
        var onSheet = sheet.Items.GroupBy(i => i.KeyResult.Id).ToDictionary(g => g.Key, g => g.First());
        var items = receipts.Select(r =>
        {
            var kr = onSheet.GetValueOrDefault(r.KeyResultId)?.KeyResult;
            return new ScoringDoneItem(r.KeyResultId, kr?.Title ?? "?", kr?.Progress ?? 0m, r.Score, r.SuggestedScore,
                reasons.GetValueOrDefault(r.KeyResultId)?.Trim() ?? "", r.Hints, r.Amended);
        }).ToList();
        var scored = receipts.Select(r => r.KeyResultId).ToHashSet();
        var unscored = sheet.Items.Count(i => i.Score is null && !scored.Contains(i.KeyResult.Id));
        return new ScoringDoneView(locale, personName, sheet.CycleId, sheet.CycleName, items, unscored);
    }
}
