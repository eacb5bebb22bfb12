namespace OkrBot.Core.Messages;

/// <summary>
/// What the bot shows one person, channel-neutral: data only, rendered by the channel (Adaptive Card on Teams,
/// card JSON 2.0 on Feishu). Texts come from <see cref="Texts.BotText"/> for <see cref="Locale"/> at rendering.
/// </summary>
/// <param name="Locale">The viewer's BCP 47 locale (Person.Locale), e.g. en-US or zh-CN.</param>
public abstract record View(string Locale);
