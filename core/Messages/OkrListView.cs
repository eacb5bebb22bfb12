using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>Whose OKRs a list shows; it picks the card's title.</summary>
public enum OkrListSubject
{
    /// <summary>The viewer's own.</summary>
    Own,
    /// <summary>A colleague's.</summary>
    Colleague,
    /// <summary>A team's.</summary>
    Team,
}

/// <summary>The OKRs of a person or a team this cycle, as <c>OkrQueryService</c> returned them for the viewer.</summary>
/// <param name="SubjectName">The colleague's or the team's name (for <see cref="OkrListSubject.Own"/>, the viewer's).</param>
/// <remarks>
/// Each KR opens its card (<see cref="CardVerbs.KrShow"/>). Buttons: <see cref="CardVerbs.CheckInOpen"/> on the
/// viewer's own list, <see cref="CardVerbs.Help"/>.
/// </remarks>
public sealed record OkrListView(string Locale, OkrListSubject Subject, string SubjectName, OkrList List) : View(Locale);
