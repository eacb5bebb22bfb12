using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>
/// The mid-cycle review: each KR the person owns, to keep, adjust (with a new target) or drop, with a note saying why.
/// Prefilled with the decisions recorded so far. One submit (<see cref="CardVerbs.ReviewSubmit"/>) sends them all.
/// </summary>
/// <param name="IsReminder">Sent again to someone who has not reviewed yet: the card says so.</param>
/// <param name="Error">A message in the viewer's language shown above the inputs after a refusal.</param>
public sealed record ReviewCardView(string Locale, string PersonName, ReviewSheet Sheet, string? Error = null, bool IsReminder = false) : View(Locale)
{
    public ReviewCardView WithRefusal(OkrError error) => this with { Error = BotText.For(Locale).Refusal(error) };
}
