namespace OkrBot.Core.Messages;

/// <summary>The first message after install or the first hello: what the bot does, with the buttons to start.</summary>
/// <param name="PersonName">The name the channel knows the person by.</param>
/// <param name="DemoPersonName">When they play a person of the demo organisation: that person's name.</param>
/// <remarks>Buttons: <see cref="CardVerbs.CheckInOpen"/>, <see cref="CardVerbs.MyOkrs"/>, <see cref="CardVerbs.Help"/>.</remarks>
public sealed record WelcomeView(string Locale, string PersonName, string? DemoPersonName = null) : View(Locale);
