using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Bot.Conversation;

/// <summary>One thing a person did in chat, whatever the channel: typed text, or a button on a card.</summary>
public sealed record Turn(Channel Channel, Person Person, TurnInput Input, string? DemoPersonName = null)
{
    /// <summary>The message of the card acted on, when the channel says (the answer replaces it).</summary>
    public string? SourceMessageId { get; init; }

    public Actor Actor => new(Person.TenantId, Person.Id);
    public string Locale => Person.Locale;
}

public abstract record TurnInput
{
    public sealed record Text(string Value) : TurnInput;

    /// <summary>A card button: its verb and data with the card's inputs merged in, all untrusted strings.</summary>
    public sealed record CardAction(string Verb, IReadOnlyDictionary<string, string> Data) : TurnInput;
}

/// <summary>
/// What the bot answers the person acting: one view, replacing the card they acted on when they acted on a card, so it
/// cannot be submitted twice. What other people must hear (a manager told about a risk) goes through the durable
/// delivery queue, not through the answer, so it survives a restart and respects the platform's rate limits.
/// </summary>
public sealed record TurnAnswer(View View);
