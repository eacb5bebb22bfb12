using System.Collections.Concurrent;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Tests.Delivery;

/// <summary>
/// A real channel sender with a record of what went through it: each send that the messenger accepted (delivery, person,
/// when, the view) and each update. Calls the messenger refused are not recorded.
/// </summary>
public sealed class RecordingChannel(IChannelSender inner, TimeProvider clock) : IChannelSender
{
    public ConcurrentQueue<(Guid DeliveryId, Guid PersonId, DateTimeOffset At)> Calls { get; } = new();

    public ConcurrentDictionary<Guid, View> Views { get; } = new();

    public ConcurrentQueue<(Guid PersonId, string MessageId, View View, DateTimeOffset At)> Updates { get; } = new();

    public Channel Channel => inner.Channel;

    public async Task<DeliveryOutcome> SendAsync(DeliveryRecipient recipient, View view, Guid deliveryId, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var outcome = await inner.SendAsync(recipient, view, deliveryId, ct);
        if (outcome.Kind == DeliveryOutcomeKind.Sent)
        {
            Views[deliveryId] = view;
            Calls.Enqueue((deliveryId, recipient.Person.Id, at));
        }

        return outcome;
    }

    public async Task<DeliveryOutcome> UpdateAsync(DeliveryRecipient recipient, string messageId, View view, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var outcome = await inner.UpdateAsync(recipient, messageId, view, ct);
        if (outcome.Kind == DeliveryOutcomeKind.Sent) Updates.Enqueue((recipient.Person.Id, messageId, view, at));
        return outcome;
    }
}
