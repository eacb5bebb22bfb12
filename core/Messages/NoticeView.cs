using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

public enum NoticeKind { Info, Success, Warning, Error }

/// <summary>
/// A short message: a confirmation, a warning, or why something was refused. Unlike the other views its text is
/// already in the viewer's language (make it with <see cref="BotText.For"/>, or with <see cref="Refusal"/>).
/// </summary>
/// <param name="Buttons">Follow-up buttons, titles in the viewer's language; none by default.</param>
public sealed record NoticeView(string Locale, NoticeKind Kind, string Message, IReadOnlyList<CardButton>? Buttons = null) : View(Locale)
{
    public IReadOnlyList<CardButton> Buttons { get; init; } = Buttons ?? [];

    /// <summary>
    /// A service's refusal in the viewer's language. The service's own English message is never shown: the text
    /// comes from the error's code and field. A stale check-in card gets a button to this week's.
    /// </summary>
    public static NoticeView Refusal(string locale, OkrError error)
    {
        var text = BotText.For(locale);
        var kind = error.Code switch
        {
            OkrErrorCode.Invalid or OkrErrorCode.Conflict => NoticeKind.Warning,
            OkrErrorCode.StaleWeek or OkrErrorCode.CycleNotOpen => NoticeKind.Info,
            _ => NoticeKind.Error,
        };
        IReadOnlyList<CardButton> buttons = error.Code == OkrErrorCode.StaleWeek
            ? [new(text.ButtonOpenThisWeek, CardVerbs.CheckInOpenAction())]
            : [];
        return new NoticeView(locale, kind, text.Refusal(error), buttons);
    }
}
