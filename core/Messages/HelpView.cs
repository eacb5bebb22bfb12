namespace OkrBot.Core.Messages;

/// <summary>What the bot can do, and the words it understands.</summary>
/// <param name="NotUnderstood">The text that was not understood, when that is why help is shown.</param>
/// <remarks>Buttons: <see cref="CardVerbs.CheckInOpen"/>, <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record HelpView(string Locale, string? NotUnderstood = null) : View(Locale);
