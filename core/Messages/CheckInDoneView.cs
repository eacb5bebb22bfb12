using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>What one KR's part of a check-in recorded.</summary>
/// <param name="Amended">This week's check-in was changed, not made for the first time.</param>
public sealed record CheckInDoneItem(
    Guid KeyResultId, string Title, KeyResultKind Kind, string? Unit, decimal Value, decimal Progress, KrStatus Status,
    int? Confidence, string? Note, bool Amended);

/// <summary>The confirmation that replaces the check-in card: what was recorded for each KR, its progress and status.</summary>
/// <remarks>Buttons: <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record CheckInDoneView(string Locale, string PersonName, DateOnly WeekOf, IReadOnlyList<CheckInDoneItem> Items, string? Blockers = null) : View(Locale)
{
    /// <summary>
    /// From what the service recorded (progress, status, amended), what was asked (value, confidence, note,
    /// blockers) and the KRs as the card showed them (title, kind, unit).
    /// </summary>
    public static CheckInDoneView From(string locale, string personName, CheckInReceipt receipt, CheckInRequest request, IEnumerable<KeyResultView> keyResults)
    {
        var krs = keyResults.GroupBy(k => k.Id).ToDictionary(g => g.Key, g => g.First());
        var asked = request.Items.ToDictionary(i => i.KeyResultId);
        var items = receipt.Items.Select(r =>
        {
            var kr = krs.GetValueOrDefault(r.KeyResultId);
            var input = asked.GetValueOrDefault(r.KeyResultId);
            return new CheckInDoneItem(r.KeyResultId, kr?.Title ?? "?", kr?.Kind ?? KeyResultKind.Metric, kr?.Unit,
                input?.Value ?? kr?.CurrentValue ?? 0m, r.Progress, r.Status, input?.Confidence, input?.Note, r.Amended);
        }).ToList();
        var blockers = request.Items.Select(i => i.Blockers).FirstOrDefault(b => !string.IsNullOrWhiteSpace(b));
        return new CheckInDoneView(locale, personName, receipt.WeekOf, items, blockers);
    }
}
