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
    /// From what the service recorded (the KR, its progress and status, amended) and what was asked (value, confidence,
    /// note, blockers): nothing is read again to confirm.
    /// </summary>
    public static CheckInDoneView From(string locale, string personName, CheckInReceipt receipt, CheckInRequest request)
    {
        var asked = request.Items.ToDictionary(i => i.KeyResultId);
        var items = receipt.Items.Select(r =>
        {
            var input = asked[r.KeyResultId];
            return new CheckInDoneItem(r.KeyResultId, r.Title, r.Kind, r.Unit, input.Value, r.Progress, r.Status, input.Confidence, input.Note, r.Amended);
        }).ToList();
        var blockers = request.Items.Select(i => i.Blockers).FirstOrDefault(b => !string.IsNullOrWhiteSpace(b));
        return new CheckInDoneView(locale, personName, receipt.WeekOf, items, blockers);
    }
}
