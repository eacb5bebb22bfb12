using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;

namespace OkrBot.Jobs.Delivery;

/// <summary>
/// The views deliveries carry, made when they are sent, so they show the state at that moment: a prompt or reminder is
/// the person's check-in card as it is now, and is not sent at all when they checked in meanwhile, are away, or have no
/// key results. Kinds the rhythm does not plan yet (reviews, scoring, planning, digests) are answered "nothing to send"
/// with a reason, so a stray row is cancelled visibly.
/// </summary>
public sealed class OkrDeliveryContent(PeopleService people, OkrQueryService okrs, RhythmStore rhythm, TimeProvider clock) : IDeliveryContent
{
    public Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct) => delivery.Kind switch
    {
        DeliveryKind.AtRiskAlert => AtRiskAlertAsync(delivery, recipient, ct),
        DeliveryKind.CheckInPrompt => CheckInAsync(delivery, recipient, reminder: false, ct),
        DeliveryKind.CheckInReminder => CheckInAsync(delivery, recipient, reminder: true, ct),
        DeliveryKind.Escalation => EscalationAsync(delivery, recipient, ct),
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

    private async Task<DeliveryContent> CheckInAsync(DeliveryClaim delivery, DeliveryRecipient recipient, bool reminder, CancellationToken ct)
    {
        if (!RhythmPeriods.TryWeek(delivery.PeriodKey, out var week)) return DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no week");
        var person = recipient.Person;
        var now = clock.GetUtcNow();
        if (await WhyNotAsync(person, week, reminder, now, ct) is { } why) return DeliveryContent.Nothing(why);

        var list = await okrs.ForPersonAsync(new Actor(person.TenantId, person.Id), person.Id, ct);
        if (list.Error is { } error) return DeliveryContent.Nothing($"no check-in card: {error.Message}");
        // A prompt is this week's card; a reminder of last week's prompt comes in the new week and shows that week's card.
        if (list.Value!.WeekOf < week || list.Value.WeekOf > week.AddDays(reminder ? 7 : 0))
            return DeliveryContent.Nothing($"the week of {RhythmPeriods.Week(week)} is over");
        var card = CheckInCardView.For(person.Locale, person.Id, person.DisplayName, list.Value);
        if (!card.KeyResults.Any()) return DeliveryContent.Nothing("no key results to check in on");
        return DeliveryContent.Send(card with { IsReminder = reminder });
    }

    private async Task<DeliveryContent> EscalationAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (!RhythmPeriods.TryWeek(delivery.PeriodKey, out var week) || !RhythmPeriods.TryEscalatedPerson(delivery.PeriodKey, out var reportId))
            return DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no week and person");
        var report = (await people.FindAsync(delivery.TenantId, [reportId], ct)).FirstOrDefault();
        if (report is null || !report.IsActive) return DeliveryContent.Nothing("the person is no longer active here");
        if (report.ManagerId != recipient.Person.Id) return DeliveryContent.Nothing("the person has another manager now");
        if (await WhyNotAsync(report, week, reminder: true, clock.GetUtcNow(), ct) is { } why) return DeliveryContent.Nothing(why);
        var text = BotText.For(recipient.Person.Locale);
        return DeliveryContent.Send(new NoticeView(recipient.Person.Locale, NoticeKind.Warning, text.EscalationNotCheckedIn(report.DisplayName, week)));
    }

    /// <summary>Why a prompt (or, with <paramref name="reminder"/>, a reminder or escalation) for week <paramref name="week"/> is no longer wanted.</summary>
    private async Task<string?> WhyNotAsync(Person person, DateOnly week, bool reminder, DateTimeOffset now, CancellationToken ct)
    {
        if (!person.IsActive) return "the person is no longer active";
        var tenant = await rhythm.TenantAsync(person.TenantId, now, ct);
        if (tenant is null) return "the tenant is gone";
        var facts = (await rhythm.FactsAsync(tenant, [person], now, ct)).Single();
        if (person.IsAwayOn(Core.Rules.Weeks.LocalDate(now, facts.Zone))) return "the person is away";
        if (!facts.Facts.HasKeyResults) return "no key results in the active cycle";
        if (!reminder && facts.Facts.CheckIns.Any(c => c.WeekOf == week)) return "already checked in this week";
        if (reminder && RhythmRules.HasAnswered(facts.Facts.CheckIns, week, facts.Schedule, facts.Zone)) return "already checked in";
        return null;
    }
}
