using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>One key result: owner, progress, status and why, recent check-ins, and what the viewer may do with it.</summary>
/// <param name="History">Recent check-ins, newest first; the card shows at most <see cref="MaxHistory"/>.</param>
/// <param name="CanUpdate">The viewer may check in on it (owner, participant, or in the owner's manager chain).</param>
/// <param name="Message">A line in the viewer's language on top, e.g. the confirmation after marking it at risk.</param>
/// <param name="CanChange">The viewer may change its target or delete it (<see cref="CardVerbs.KrChangeOpen"/>).</param>
/// <remarks>
/// Buttons: <see cref="CardVerbs.KrUpdate"/> when <paramref name="CanUpdate"/>, <see cref="CardVerbs.KrAtRiskOpen"/>
/// (anyone who sees a KR may flag it) unless it was dropped, <see cref="CardVerbs.MyOkrs"/>.
/// </remarks>
public sealed record KeyResultCardView(
    string Locale, KeyResultView KeyResult, string ObjectiveTitle, string CycleName, IReadOnlyList<LastCheckInView> History,
    bool CanUpdate, string? Message = null, bool CanChange = false) : View(Locale)
{
    public const int MaxHistory = 5;
}
