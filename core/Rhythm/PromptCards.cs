using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Rhythm;

/// <summary>A sent prompt or reminder card to turn into "checked in": the delivery that sent it and the message it became.</summary>
public sealed record OpenPromptCard(Guid DeliveryId, DateOnly Week, string MessageId);

/// <summary>
/// The check-in cards the rhythm sent, and closing them once the person has checked in: each one still open gets a
/// <see cref="DeliveryKind.CheckInClosed"/> delivery (period: the card's delivery id), so the update is durable, goes
/// through the same rate limit as every send, and happens once per card however often the person amends.
/// </summary>
public sealed class PromptCards(OkrDatabase database, DeliveryQueue queue)
{
    /// <summary>
    /// Plans the update of every prompt and reminder card sent to <paramref name="person"/> for the week of the
    /// check-in or the week before (a Monday answer to Friday's prompt is booked into the new week), except
    /// <paramref name="keepMessageId"/>: the card the check-in came from, which the answer replaced already.
    /// </summary>
    /// <returns>How many updates were planned now (not counting those planned before).</returns>
    public async Task<int> CloseAsync(Person person, Channel channel, DateOnly week, string? keepMessageId, CancellationToken ct = default)
    {
        var weeks = new[] { RhythmPeriods.Week(week), RhythmPeriods.Week(week.AddDays(-7)) };
        await using var db = database.Open();
        var sent = await db.Deliveries.AsNoTracking()
            .Where(d => d.PersonId == person.Id && d.TenantId == person.TenantId && d.Channel == channel && d.State == DeliveryState.Sent
                        && (d.Kind == DeliveryKind.CheckInPrompt || d.Kind == DeliveryKind.CheckInReminder) && d.MessageId != null)
            .Where(d => weeks.Contains(d.PeriodKey.Substring(0, 10)))
            .Select(d => new { d.Id, d.MessageId }).ToListAsync(ct);
        var requests = sent.Where(d => d.MessageId != keepMessageId)
            .Select(d => new DeliveryRequest(person.TenantId, person.Id, channel, DeliveryKind.CheckInClosed, Period(d.Id))).ToList();
        if (requests.Count == 0) return 0;
        return (await queue.EnqueueManyAsync(requests, ct)).Count(r => r.Created);
    }

    /// <summary>The card a <see cref="DeliveryKind.CheckInClosed"/> delivery closes; null when its period names no sent card of the person.</summary>
    public async Task<OpenPromptCard?> FindAsync(Guid personId, string periodKey, CancellationToken ct = default)
    {
        if (!Guid.TryParseExact(periodKey, "N", out var deliveryId)) return null;
        await using var db = database.Open();
        var card = await db.Deliveries.AsNoTracking()
            .Where(d => d.Id == deliveryId && d.PersonId == personId && d.State == DeliveryState.Sent && d.MessageId != null
                        && (d.Kind == DeliveryKind.CheckInPrompt || d.Kind == DeliveryKind.CheckInReminder))
            .Select(d => new { d.PeriodKey, d.MessageId }).FirstOrDefaultAsync(ct);
        return card is not null && RhythmPeriods.TryWeek(card.PeriodKey, out var week) ? new OpenPromptCard(deliveryId, week, card.MessageId!) : null;
    }

    public static string Period(Guid promptDeliveryId) => promptDeliveryId.ToString("N");
}
