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

    /// <summary>
    /// Replaces the message <paramref name="messageId"/> sent earlier into the person's stored conversation with
    /// <paramref name="view"/> (a prompt card that now says "checked in"). Gone means the message or conversation is gone.
    /// </summary>
    Task<DeliveryOutcome> UpdateAsync(DeliveryRecipient recipient, string messageId, View view, CancellationToken ct);
}

/// <summary>
/// What a delivery shows, decided when it is sent rather than when it was planned: (delivery, person) -> a view, or nothing
/// when there is nothing to send any more (the person checked in meanwhile, the cycle closed, they are away).
/// </summary>
public interface IDeliveryContent
{
    Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct);
}

/// <summary>
/// Content that makes some kinds of delivery together, a claimed batch at a time, with the queries of one: a digest run
/// claims many manager digests of one tenant at once, and each alone costs as many queries as all of them together.
/// </summary>
public interface IBatchedDeliveryContent : IDeliveryContent
{
    /// <summary>Whether deliveries of <paramref name="kind"/> are made by <see cref="RenderManyAsync"/> rather than one at a time.</summary>
    bool RendersTogether(DeliveryKind kind);

    /// <summary>
    /// The content of each delivery (all of one tenant, of kinds <see cref="RendersTogether"/> accepts), in the order given,
    /// each the same as <see cref="IDeliveryContent.RenderAsync"/> would make it alone.
    /// </summary>
    Task<IReadOnlyList<DeliveryContent>> RenderManyAsync(IReadOnlyList<(DeliveryClaim Delivery, DeliveryRecipient Recipient)> deliveries,
        CancellationToken ct);
}

/// <summary>
/// A view to send, or the reason there is none (recorded on the cancelled delivery). With <see cref="ReplaceMessageId"/>
/// the view replaces that message instead of going out as a new one.
/// </summary>
public sealed record DeliveryContent(View? View, string? Reason, string? ReplaceMessageId = null)
{
    public static DeliveryContent Send(View view) => new(view, null);

    public static DeliveryContent Replace(string messageId, View view) => new(view, null, messageId);

    public static DeliveryContent Nothing(string reason) => new(null, reason);
}
