using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>
/// The weekly check-in: one card with every KR the person checks in on, each prefilled with its current value,
/// status and confidence and showing the last check-in. One submit (<see cref="CardVerbs.CheckInSubmit"/>) sends them all.
/// </summary>
/// <param name="WeekOf">The Monday of the person's local week the card is for (<see cref="OkrList.WeekOf"/>).</param>
/// <param name="Objectives">The objectives with just the KRs to check in on; dropped KRs are left out.</param>
/// <param name="Error">A message in the viewer's language shown above the inputs, when the card comes back after a refusal.</param>
/// <param name="IsReminder">Sent as a reminder to someone who has not checked in yet: the card says so.</param>
public sealed record CheckInCardView(
    string Locale, string PersonName, string CycleName, DateOnly WeekOf, IReadOnlyList<ObjectiveView> Objectives, string? Error = null,
    bool IsReminder = false) : View(Locale)
{
    public IEnumerable<KeyResultView> KeyResults => Objectives.SelectMany(o => o.KeyResults);

    /// <summary>
    /// The check-in of <paramref name="personId"/> from their own list (<c>OkrQueryService.ForPersonAsync</c> with
    /// them as viewer): every KR they own this cycle that was not dropped. KRs they only take part in carry no
    /// participant list in the view; add those with the constructor if they should be on the card.
    /// </summary>
    public static CheckInCardView For(string locale, Guid personId, string personName, OkrList list) =>
        Select(locale, personName, list, kr => kr.OwnerId == personId);

    /// <summary>A check-in card for one KR of the list (<see cref="CardVerbs.KrUpdate"/>); empty when it is not there or was dropped.</summary>
    public static CheckInCardView ForKeyResult(string locale, string personName, OkrList list, Guid keyResultId) =>
        Select(locale, personName, list, kr => kr.Id == keyResultId);

    /// <summary>The same card with a service's refusal shown on it, in the viewer's language.</summary>
    public CheckInCardView WithRefusal(OkrError error) => this with { Error = BotText.For(Locale).Refusal(error) };

    private static CheckInCardView Select(string locale, string personName, OkrList list, Func<KeyResultView, bool> take)
    {
        var objectives = list.Objectives
            .Select(o => o with { KeyResults = o.KeyResults.Where(k => !k.IsDropped && take(k)).ToList() })
            .Where(o => o.KeyResults.Count > 0)
            .ToList();
        return new CheckInCardView(locale, personName, list.CycleName, list.WeekOf, objectives);
    }
}
