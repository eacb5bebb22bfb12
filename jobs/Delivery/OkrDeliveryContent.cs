using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Delivery;

/// <summary>
/// The views deliveries carry, made when they are sent. Kinds the rhythm does not plan yet (prompts, reminders,
/// digests: the planner's part) are answered "nothing to send" with a reason, so a stray row is cancelled visibly.
/// </summary>
public sealed class OkrDeliveryContent(PeopleService people) : IDeliveryContent
{
    public Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct) => delivery.Kind switch
    {
        DeliveryKind.AtRiskAlert => AtRiskAlertAsync(delivery, recipient, ct),
        _ => Task.FromResult(DeliveryContent.Nothing($"OkrBot does not send {delivery.Kind} deliveries yet")),
    };

    private async Task<DeliveryContent> AtRiskAlertAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (delivery.PayloadAs<AtRiskAlertPayload>() is not { } alert)
            return DeliveryContent.Nothing("the alert has no payload");
        var named = await people.FindAsync(delivery.TenantId, [alert.OwnerId, alert.RaisedById], ct);
        string NameOf(Guid id) => named.FirstOrDefault(p => p.Id == id)?.DisplayName ?? "?";
        return DeliveryContent.Send(AtRiskAlertView.From(recipient.Person.Locale, recipient.Person.Id, alert.ToNotice(),
            NameOf(alert.OwnerId), NameOf(alert.RaisedById)));
    }
}
