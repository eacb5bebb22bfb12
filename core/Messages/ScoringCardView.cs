using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>
/// The end-of-cycle scoring: each KR the person owns (not dropped), its final progress, the suggested score, and inputs
/// for the score (0.0-1.0 in tenths) and its reason, prefilled with what was given so far (else the suggestion). One
/// submit (<see cref="CardVerbs.ScoringSubmit"/>) sends them all.
/// </summary>
/// <param name="IsReminder">Sent again to someone who has not scored everything yet: the card says so.</param>
public sealed record ScoringCardView(string Locale, string PersonName, ScoringSheet Sheet, string? Error = null, bool IsReminder = false) : View(Locale)
{
    public ScoringCardView WithRefusal(OkrError error) => this with { Error = BotText.For(Locale).Refusal(error) };
}
