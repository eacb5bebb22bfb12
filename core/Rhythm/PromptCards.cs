using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Rhythm;

/// <summary>A sent prompt or reminder card to turn into "checked in": the message it became, and the week the person checked in for.</summary>
public sealed record OpenPromptCard(Guid DeliveryId, string MessageId, DateOnly CheckedInWeek);

/// <summary>What a <see cref="DeliveryKind.CheckInClosed"/> delivery carries: the week the person checked in for.</summary>
public sealed record CheckInClosedPayload(DateOnly WeekOf);

/// <summary>
/// The check-in cards the rhythm sent, and closing them once the person has checked in: each card the check-in answers
/// gets a <see cref="DeliveryKind.CheckInClosed"/> delivery (period: the card's delivery id), so the update is durable,
/// goes through the same rate limit as every send, and happens once per card however often the person amends.
/// </summary>
public sealed class PromptCards(OkrDatabase database, DeliveryQueue queue, RhythmStore rhythm, TimeProvider clock)
{
    /// <summary>
    /// Plans the update of the cards a check-in booked into <paramref name="week"/> answers: that week's prompt, the
    /// reminders of the week before (they come in this week and show this week's card), and, when the check-in came before
    /// this week's prompt (a Monday answer to Friday's prompt), the week before's prompt too. <paramref name="keepMessageId"/>
    /// is the card the check-in came from, which the answer replaced already.
    /// </summary>
    /// <returns>How many updates were planned now (not counting those planned before).</returns>
    public async Task<int> CloseAsync(Person person, Channel channel, DateOnly week, string? keepMessageId, CancellationToken ct = default)
    {
        var before = week.AddDays(-7);
        await using var db = database.Open();
        var sent = await db.Deliveries.AsNoTracking()
            .Where(d => d.PersonId == person.Id && d.TenantId == person.TenantId && d.Channel == channel && d.State == DeliveryState.Sent
                        && (d.Kind == DeliveryKind.CheckInPrompt || d.Kind == DeliveryKind.CheckInReminder) && d.MessageId != null)
            .Where(d => d.PeriodKey.StartsWith(RhythmPeriods.Week(week)) || d.PeriodKey.StartsWith(RhythmPeriods.Week(before)))
            .Select(d => new { d.Id, d.Kind, d.PeriodKey, d.MessageId }).ToListAsync(ct);
        if (sent.Count == 0) return 0;
        // Only last week's prompt needs the person's schedule, read (from the rhythm's cache) when there is one.
        var answersLastPrompt = sent.Any(d => d.Kind == DeliveryKind.CheckInPrompt && d.MessageId != keepMessageId
                                              && RhythmPeriods.TryWeek(d.PeriodKey, out var of) && of == before)
                                && await BeforeThisWeeksPromptAsync(person, week, ct);
        var requests = sent
            .Where(d => d.MessageId != keepMessageId && RhythmPeriods.TryWeek(d.PeriodKey, out var of) && (d.Kind, of) switch
            {
                (DeliveryKind.CheckInPrompt, var w) when w == week => true,
                (DeliveryKind.CheckInReminder, var w) when w == before => true,
                (DeliveryKind.CheckInPrompt, var w) when w == before => answersLastPrompt,
                _ => false,
            })
            .Select(d => new DeliveryRequest(person.TenantId, person.Id, channel, DeliveryKind.CheckInClosed, Period(d.Id))
                .WithPayload(new CheckInClosedPayload(week)))
            .ToList();
        if (requests.Count == 0) return 0;
        return (await queue.EnqueueManyAsync(requests, ct)).Count(r => r.Created);
    }

    /// <summary>The card a <see cref="DeliveryKind.CheckInClosed"/> delivery closes; null when its period names no sent card of the person.</summary>
    public async Task<OpenPromptCard?> FindAsync(Guid personId, string periodKey, CheckInClosedPayload? payload, CancellationToken ct = default)
    {
        if (!Guid.TryParseExact(periodKey, "N", out var deliveryId) || payload is null) return null;
        await using var db = database.Open();
        var messageId = await db.Deliveries.AsNoTracking()
            .Where(d => d.Id == deliveryId && d.PersonId == personId && d.State == DeliveryState.Sent && d.MessageId != null
                        && (d.Kind == DeliveryKind.CheckInPrompt || d.Kind == DeliveryKind.CheckInReminder))
            .Select(d => d.MessageId).FirstOrDefaultAsync(ct);
        return messageId is null ? null : new OpenPromptCard(deliveryId, messageId, payload.WeekOf);
    }

    public static string Period(Guid promptDeliveryId) => promptDeliveryId.ToString("N");

    private async Task<bool> BeforeThisWeeksPromptAsync(Person person, DateOnly week, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tenant = await rhythm.TenantAsync(person.TenantId, now, ct);
        var schedule = tenant?.ScheduleOf(person) ?? CheckInSchedule.Default;
        return now < RhythmRules.PromptAt(week, schedule, TimeZones.Find(person.TimeZoneId));
    }
}
