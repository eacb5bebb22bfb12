using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Delivery;

/// <summary>
/// Sends a view to one person on one messenger and classifies what happened. Implementations never throw for HTTP or
/// transport failures (those are outcomes); only the caller's cancellation throws.
/// </summary>
public interface IChannelSender
{
    Channel Channel { get; }

    /// <summary>
    /// Sends <paramref name="view"/> to the person in <paramref name="recipient"/>: through their stored conversation, or one
    /// created now (and stored) when they have none. The dispatcher never calls this for an inactive conversation.
    /// <paramref name="deliveryId"/> is the delivery's id, for messengers that deduplicate sends by a key.
    /// </summary>
    Task<DeliveryOutcome> SendAsync(DeliveryRecipient recipient, View view, Guid deliveryId, CancellationToken ct);
}

/// <summary>
/// What a delivery shows, decided when it is sent rather than when it was planned: (delivery, person) -> a view, or nothing
/// when there is nothing to send any more (the person checked in meanwhile, the cycle closed, they are away).
/// </summary>
public interface IDeliveryContent
{
    Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct);
}

/// <summary>A view to send, or the reason there is none (recorded on the cancelled delivery).</summary>
public sealed record DeliveryContent(View? View, string? Reason)
{
    public static DeliveryContent Send(View view) => new(view, null);

    public static DeliveryContent Nothing(string reason) => new(null, reason);
}
