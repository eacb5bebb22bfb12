using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>Asks why a KR is at risk and how badly; submitting sends <see cref="CardVerbs.KrAtRiskSubmit"/>.</summary>
/// <param name="Status">The status preselected: at risk or off track.</param>
/// <param name="Reason">The reason prefilled (the one given before, or the one refused).</param>
/// <param name="Error">A message in the viewer's language shown above the inputs after a refusal.</param>
/// <remarks>Buttons: <see cref="CardVerbs.KrAtRiskSubmit"/>, and <see cref="CardVerbs.KrShow"/> to go back.</remarks>
public sealed record MarkAtRiskFormView(
    string Locale, Guid KeyResultId, string KeyResultTitle, string OwnerName, KrStatus CurrentStatus,
    KrStatus Status = KrStatus.AtRisk, string? Reason = null, string? Error = null) : View(Locale)
{
    public static MarkAtRiskFormView From(string locale, KeyResultView kr) =>
        new(locale, kr.Id, kr.Title, kr.OwnerName, kr.Status, kr.Status == KrStatus.OffTrack ? KrStatus.OffTrack : KrStatus.AtRisk,
            kr.Status == KrStatus.OnTrack ? null : kr.StatusReason);

    /// <summary>The same form with a service's refusal shown on it, keeping what was entered.</summary>
    public MarkAtRiskFormView WithRefusal(OkrError error, string? reason = null) =>
        this with { Error = BotText.For(Locale).Refusal(error), Reason = reason ?? Reason };
}
