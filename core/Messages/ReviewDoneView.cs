using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>What the mid-cycle review recorded for one KR.</summary>
/// <param name="PreviousTarget">The target before this review changed it (the one on the card).</param>
/// <param name="Target">The target now: the new one when adjusted, else the one it had.</param>
/// <param name="Amended">The KR had a decision already, and this one replaced it.</param>
public sealed record ReviewDoneItem(
    Guid KeyResultId, string Title, KeyResultKind Kind, string? Unit, ReviewDecisionKind Decision, decimal PreviousTarget, decimal Target,
    string? Note, bool Amended);

/// <summary>The confirmation that replaces the review card: the decision taken on each KR, and how many are still undecided.</summary>
/// <param name="Undecided">KRs on the person's sheet that still have no decision.</param>
/// <remarks>Buttons: <see cref="CardVerbs.ReviewOpen"/> for <paramref name="CycleId"/> (to change a decision), <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record ReviewDoneView(
    string Locale, string PersonName, Guid CycleId, string CycleName, IReadOnlyList<ReviewDoneItem> Items, int Undecided = 0) : View(Locale)
{
    /// <summary>
    /// From what the service recorded (decision, target, amended), the notes that were sent with it, and the sheet the
    /// card was made from (titles, kinds, units, the targets before, and what was decided before).
    /// </summary>
    public static ReviewDoneView From(
        string locale, string personName, ReviewSheet sheet, IReadOnlyList<ReviewReceipt> receipts, IReadOnlyDictionary<Guid, string?> notes)
    {
        var onSheet = sheet.Items.GroupBy(i => i.KeyResult.Id).ToDictionary(g => g.Key, g => g.First());
        var items = receipts.Select(r =>
        {
            var kr = onSheet.GetValueOrDefault(r.KeyResultId)?.KeyResult;
            return new ReviewDoneItem(r.KeyResultId, kr?.Title ?? "?", kr?.Kind ?? KeyResultKind.Metric, kr?.Unit, r.Decision,
                kr?.TargetValue ?? r.TargetValue, r.TargetValue, notes.GetValueOrDefault(r.KeyResultId)?.Trim() is { Length: > 0 } n ? n : null, r.Amended);
        }).ToList();
        var decided = receipts.Select(r => r.KeyResultId).ToHashSet();
        var undecided = sheet.Items.Count(i => i.Decision is null && !decided.Contains(i.KeyResult.Id));
        return new ReviewDoneView(locale, personName, sheet.CycleId, sheet.CycleName, items, undecided);
    }
}
