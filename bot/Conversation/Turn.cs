using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Bot.Conversation;

/// <summary>One thing a person did in chat, whatever the channel: typed text, or a button on a card.</summary>
public sealed record Turn(Channel Channel, Person Person, TurnInput Input, string? DemoPersonName = null)
{
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
/// What the bot answers: one view for the person (replacing the card they acted on, when they acted on a card, so
/// it cannot be submitted twice), plus views for other people who must hear about it.
/// </summary>
public sealed record TurnAnswer(View View, IReadOnlyList<Notification> Notifications)
{
    public TurnAnswer(View view) : this(view, []) { }
}

/// <summary>A view for someone other than the person acting, e.g. the manager of a KR just marked at risk.</summary>
public sealed record Notification(Person Recipient, View View);
