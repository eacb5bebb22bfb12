using System.Collections.Concurrent;
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
/// key results; a review or scoring request is not sent once everything is reviewed or scored; a digest shows this
/// morning's numbers. Nobody away gets anything from the rhythm. The manager digests of a claimed batch are made
/// together (<see cref="RenderManyAsync"/>): a page of digests costs the queries of one; so are its check-in prompts and
/// reminders (<see cref="CheckInCardBatch"/>), each the card it would be alone.
/// </summary>
public sealed class OkrDeliveryContent(
    PeopleService people, OkrQueryService okrs, RhythmStore rhythm, WrapUpService wrapUp, DigestService digests, PromptCards promptCards,
    TimeProvider clock, KeyResultChangeService krChanges, CheckInCardBatch checkInCards) : IBatchedDeliveryContent
{
    /// <summary>
    /// Manager digests, and check-in prompts and reminders (<see cref="CheckInCardBatch"/>): a fan-out's cards cost about nine
    /// queries each alone, and about as many for a whole claimed batch together.
    /// </summary>
    public bool RendersTogether(DeliveryKind kind) =>
        kind is DeliveryKind.ManagerDigest or DeliveryKind.CheckInPrompt or DeliveryKind.CheckInReminder;

    public async Task<IReadOnlyList<DeliveryContent>> RenderManyAsync(
        IReadOnlyList<(DeliveryClaim Delivery, DeliveryRecipient Recipient)> deliveries, CancellationToken ct)
    {
        var contents = new DeliveryContent[deliveries.Count];
        var digestsOf = new List<int>();
        var checkInsOf = new List<int>();
        for (var i = 0; i < deliveries.Count; i++)
        {
            var kind = deliveries[i].Delivery.Kind;
            if (!RendersTogether(kind))
            {
                // Kinds made one at a time are still made right when handed over here.
                contents[i] = await RenderAsync(deliveries[i].Delivery, deliveries[i].Recipient, ct);
            }
            else (kind == DeliveryKind.ManagerDigest ? digestsOf : checkInsOf).Add(i);
        }

        var made = await ManagerDigestsAsync([.. digestsOf.Select(i => deliveries[i].Recipient)], ct);
        for (var n = 0; n < digestsOf.Count; n++) contents[digestsOf[n]] = made[n];
        var cards = await CheckInsAsync([.. checkInsOf.Select(i => deliveries[i])], ct);
        for (var n = 0; n < checkInsOf.Count; n++) contents[checkInsOf[n]] = cards[n];
        return contents;
    }

    public Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct) => delivery.Kind switch
    {
        DeliveryKind.AtRiskAlert => AtRiskAlertAsync(delivery, recipient, ct),
        DeliveryKind.KrChangeRequest => KrChangeAsync(delivery, recipient, toApprover: true, ct),
        DeliveryKind.KrChangeDecision => KrChangeAsync(delivery, recipient, toApprover: false, ct),
        DeliveryKind.CheckInPrompt => CheckInAsync(delivery, recipient, reminder: false, ct),
        DeliveryKind.CheckInReminder => CheckInAsync(delivery, recipient, reminder: true, ct),
        DeliveryKind.Escalation => EscalationAsync(delivery, recipient, ct),
        DeliveryKind.CheckInClosed => CheckInClosedAsync(delivery, recipient, ct),
        _ when IsAway(recipient.Person) => Task.FromResult(DeliveryContent.Nothing("the person is away")),
        DeliveryKind.ManagerDigest => ManagerDigestAsync(recipient, ct),
        DeliveryKind.MidCycleReview => ReviewAsync(delivery, recipient, ct),
        DeliveryKind.ScoringPrompt => ScoringAsync(delivery, recipient, ct),
        DeliveryKind.ResultsDigest => ResultsAsync(delivery, recipient, ct),
        DeliveryKind.PlanningReminder => PlanningAsync(delivery, recipient, ct),
        _ => Task.FromResult(DeliveryContent.Nothing($"OkrBot does not send {delivery.Kind} deliveries")),
    };

    /// <summary>How long a tenant's schedules and cycles are reused between deliveries (a fan-out renders thousands in a minute).</summary>
    private static readonly TimeSpan TenantReuse = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (TenantRhythm? Tenant, DateTimeOffset LoadedAt)> _tenants = new();

    /// <summary>
    /// A tenant's schedules and cycles, read at most every <see cref="TenantReuse"/>: they change rarely, and reading them
    /// for each of a fan-out's deliveries cost three queries a card. A schedule edit reaches the content within the reuse.
    /// </summary>
    private async Task<TenantRhythm?> TenantAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        if (_tenants.TryGetValue(tenantId, out var cached) && now - cached.LoadedAt < TenantReuse && now >= cached.LoadedAt) return cached.Tenant;
        var tenant = await rhythm.TenantAsync(tenantId, now, ct);
        _tenants[tenantId] = (tenant, now);
        return tenant;
    }

    private bool IsAway(Person person) => person.IsAwayOn(Core.Rules.Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(person.TimeZoneId)));

    /// <summary>The prompt card turned into a line saying the person checked in (the card they answered from was replaced already).</summary>
    private async Task<DeliveryContent> CheckInClosedAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (await promptCards.FindAsync(recipient.Person.Id, delivery.PeriodKey, delivery.PayloadAs<CheckInClosedPayload>(), ct) is not { } card)
            return DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no sent check-in card of this person");
        var locale = recipient.Person.Locale;
        var text = BotText.For(locale);
        return DeliveryContent.Replace(card.MessageId, new NoticeView(locale, NoticeKind.Success, text.CheckInPromptClosed(card.CheckedInWeek),
            [new CardButton(text.ButtonMyOkrs, CardVerbs.MyOkrsAction())]));
    }

    private static Actor ActorOf(DeliveryRecipient recipient) => new(recipient.Person.TenantId, recipient.Person.Id);

    private async Task<DeliveryContent> ManagerDigestAsync(DeliveryRecipient recipient, CancellationToken ct) =>
        (await ManagerDigestsAsync([recipient], ct))[0];

    /// <summary>
    /// Each manager's digest of the week their latest prompt belongs to (with the default Friday prompt and Monday digest,
    /// last week's), built a tenant at a time with <see cref="DigestService.BuildManyAsync"/>.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryContent>> ManagerDigestsAsync(IReadOnlyList<DeliveryRecipient> recipients, CancellationToken ct)
    {
        var contents = new DeliveryContent[recipients.Count];
        var now = clock.GetUtcNow();
        foreach (var ofTenant in Enumerable.Range(0, recipients.Count).GroupBy(i => recipients[i].Person.TenantId))
        {
            var tenant = await TenantAsync(ofTenant.Key, now, ct);
            var asked = new List<(int Index, DigestRequest Request)>();
            foreach (var i in ofTenant)
            {
                var person = recipients[i].Person;
                if (IsAway(person)) contents[i] = DeliveryContent.Nothing("the person is away");
                else if (tenant is null) contents[i] = DeliveryContent.Nothing("the tenant is gone");
                else asked.Add((i, new DigestRequest(person.Id, RhythmRules.ReportedWeek(now, tenant.ScheduleOf(person), TimeZones.Find(person.TimeZoneId)))));
            }

            if (asked.Count == 0) continue;
            var built = await digests.BuildManyAsync(ofTenant.Key, [.. asked.Select(a => a.Request)], ct);
            for (var n = 0; n < asked.Count; n++)
            {
                var (i, digest) = (asked[n].Index, built[n]);
                contents[i] = digest.Error is { } error ? DeliveryContent.Nothing($"no digest: {error.Message}")
                    : digest.Value!.Reports.Count == 0 ? DeliveryContent.Nothing("no reports to report on")
                    : DeliveryContent.Send(new ManagerDigestView(recipients[i].Person.Locale, digest.Value));
            }
        }

        return contents;
    }

    private async Task<DeliveryContent> ReviewAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (!RhythmPeriods.TryCycle(delivery.PeriodKey, out var cycleId, out var reminder)) return NoCycle(delivery);
        var sheet = await wrapUp.ReviewSheetAsync(ActorOf(recipient), cycleId, ct);
        if (sheet.Error is { } error) return DeliveryContent.Nothing($"no review: {error.Message}");
        if (sheet.Value!.Items.Count == 0) return DeliveryContent.Nothing("no key results to review");
        if (sheet.Value.IsDone) return DeliveryContent.Nothing("already reviewed");
        return DeliveryContent.Send(new ReviewCardView(recipient.Person.Locale, recipient.Person.DisplayName, sheet.Value, IsReminder: reminder));
    }

    private async Task<DeliveryContent> ScoringAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (!RhythmPeriods.TryCycle(delivery.PeriodKey, out var cycleId, out var reminder)) return NoCycle(delivery);
        var sheet = await wrapUp.ScoringSheetAsync(ActorOf(recipient), cycleId, ct);
        if (sheet.Error is { } error) return DeliveryContent.Nothing($"no scoring: {error.Message}");
        if (sheet.Value!.Items.Count == 0) return DeliveryContent.Nothing("no key results to score");
        if (sheet.Value.IsDone) return DeliveryContent.Nothing("already scored");
        return DeliveryContent.Send(new ScoringCardView(recipient.Person.Locale, recipient.Person.DisplayName, sheet.Value, IsReminder: reminder));
    }

    private async Task<DeliveryContent> ResultsAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (!RhythmPeriods.TryCycle(delivery.PeriodKey, out var cycleId, out _)) return NoCycle(delivery);
        var results = await wrapUp.TeamResultsAsync(ActorOf(recipient), cycleId, ct);
        if (results.Error is { } error) return DeliveryContent.Nothing($"no results: {error.Message}");
        if (results.Value!.Objectives.Count == 0) return DeliveryContent.Nothing("no results to publish");
        return DeliveryContent.Send(new ResultsDigestView(recipient.Person.Locale, results.Value));
    }

    private async Task<DeliveryContent> PlanningAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (!RhythmPeriods.TryCycle(delivery.PeriodKey, out var cycleId, out _)) return NoCycle(delivery);
        var outlook = await wrapUp.PlanningAsync(ActorOf(recipient), cycleId, ct);
        if (outlook.Error is { } error) return DeliveryContent.Nothing($"no planning reminder: {error.Message}");
        var o = outlook.Value!;
        return DeliveryContent.Send(new PlanningReminderView(recipient.Person.Locale, o.CycleName, o.EndDate, o.NextCycleName, o.NextCycleStart));
    }

    private static DeliveryContent NoCycle(DeliveryClaim delivery) => DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no cycle");

    private async Task<DeliveryContent> AtRiskAlertAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        if (delivery.PayloadAs<AtRiskAlertPayload>() is not { } alert)
            return DeliveryContent.Nothing("the alert has no payload");
        var named = await people.FindAsync(delivery.TenantId, [alert.OwnerId, alert.RaisedById], ct);
        string NameOf(Guid id) => named.FirstOrDefault(p => p.Id == id)?.DisplayName ?? "?";
        return DeliveryContent.Send(AtRiskAlertView.From(recipient.Person.Locale, recipient.Person.Id, alert.ToNotice(),
            NameOf(alert.OwnerId), NameOf(alert.RaisedById)));
    }

    /// <summary>
    /// A key result change, read when it is sent: the manager's request card only while the change still waits (and is
    /// theirs to decide), the decision for the person who asked once it is decided. Like an alert, it goes out while the
    /// recipient is away: it is an answer they wait for, not the rhythm.
    /// </summary>
    private async Task<DeliveryContent> KrChangeAsync(DeliveryClaim delivery, DeliveryRecipient recipient, bool toApprover, CancellationToken ct)
    {
        if (!Guid.TryParseExact(delivery.PeriodKey, "N", out var changeId)) return DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no change");
        var change = await krChanges.ForPersonAsync(ActorOf(recipient), changeId, ct);
        if (change.Error is { } error) return DeliveryContent.Nothing($"no change to tell about: {error.Message}");
        var c = change.Value!;
        var locale = recipient.Person.Locale;
        if (toApprover)
            return c.State == KeyResultChangeState.Pending && c.ApproverId == recipient.Person.Id
                ? DeliveryContent.Send(new KrChangeRequestView(locale, c))
                : DeliveryContent.Nothing("the change is no longer waiting for this person");
        return c.State is KeyResultChangeState.Pending || c.RequestedById != recipient.Person.Id
            ? DeliveryContent.Nothing("the change is not decided")
            : DeliveryContent.Send(new KrChangeOutcomeView(locale, c, ForRequester: true));
    }

    private async Task<DeliveryContent> CheckInAsync(DeliveryClaim delivery, DeliveryRecipient recipient, bool reminder, CancellationToken ct)
    {
        if (!RhythmPeriods.TryWeek(delivery.PeriodKey, out var week)) return DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no week");
        var person = recipient.Person;
        var now = clock.GetUtcNow();
        if (await WhyNotAsync(person, week, reminder, now, ct) is { } why) return DeliveryContent.Nothing(why);

        var list = await okrs.ForPersonAsync(new Actor(person.TenantId, person.Id), person.Id, ct);
        return CheckInCard(person, week, reminder, list);
    }

    /// <summary>
    /// <see cref="CheckInAsync"/> for many prompts and reminders at once: the rhythm's facts of all their people in one read,
    /// their lists from <see cref="CheckInCardBatch"/>, and each decided by the same rules (<see cref="WhyNot"/>,
    /// <see cref="CheckInCard"/>) as alone.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryContent>> CheckInsAsync(IReadOnlyList<(DeliveryClaim Delivery, DeliveryRecipient Recipient)> deliveries,
        CancellationToken ct)
    {
        var contents = new DeliveryContent[deliveries.Count];
        if (deliveries.Count == 0) return contents;
        var now = clock.GetUtcNow();
        foreach (var ofTenant in Enumerable.Range(0, deliveries.Count).GroupBy(i => deliveries[i].Recipient.Person.TenantId))
        {
            var weeks = new Dictionary<int, DateOnly>();
            var active = new List<int>();
            foreach (var i in ofTenant)
            {
                var (delivery, recipient) = deliveries[i];
                if (!RhythmPeriods.TryWeek(delivery.PeriodKey, out var week)) contents[i] = DeliveryContent.Nothing($"\"{delivery.PeriodKey}\" names no week");
                else if (!recipient.Person.IsActive) contents[i] = DeliveryContent.Nothing("the person is no longer active");
                else
                {
                    weeks[i] = week;
                    active.Add(i);
                }
            }

            if (active.Count == 0) continue;
            var tenant = await TenantAsync(ofTenant.Key, now, ct);
            if (tenant is null)
            {
                foreach (var i in active) contents[i] = DeliveryContent.Nothing("the tenant is gone");
                continue;
            }

            var people = active.Select(i => deliveries[i].Recipient.Person).DistinctBy(p => p.Id).ToList();
            var facts = (await rhythm.FactsAsync(tenant, people, now, ct)).ToDictionary(f => f.Person.Id);
            var wanted = new List<int>();
            foreach (var i in active)
            {
                var person = deliveries[i].Recipient.Person;
                if (WhyNot(person, weeks[i], Reminder(deliveries[i].Delivery), now, facts[person.Id]) is { } why) contents[i] = DeliveryContent.Nothing(why);
                else wanted.Add(i);
            }

            if (wanted.Count == 0) continue;
            var lists = await checkInCards.OwnListsAsync(deliveries[wanted[0]].Recipient.Tenant, [.. wanted.Select(i => deliveries[i].Recipient.Person)], ct);
            for (var n = 0; n < wanted.Count; n++)
            {
                var i = wanted[n];
                contents[i] = CheckInCard(deliveries[i].Recipient.Person, weeks[i], Reminder(deliveries[i].Delivery), lists[n]);
            }
        }

        return contents;

        static bool Reminder(DeliveryClaim delivery) => delivery.Kind == DeliveryKind.CheckInReminder;
    }

    /// <summary>The card of a prompt or reminder for <paramref name="week"/> from the person's own list, or why there is none.</summary>
    private static DeliveryContent CheckInCard(Person person, DateOnly week, bool reminder, Result<OkrList> list)
    {
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
        var tenant = await TenantAsync(person.TenantId, now, ct);
        if (tenant is null) return "the tenant is gone";
        return WhyNot(person, week, reminder, now, (await rhythm.FactsAsync(tenant, [person], now, ct)).Single());
    }

    /// <summary><see cref="WhyNotAsync"/> once the person is known active and their rhythm's facts are read.</summary>
    private static string? WhyNot(Person person, DateOnly week, bool reminder, DateTimeOffset now, PersonRhythm facts)
    {
        if (person.IsAwayOn(Core.Rules.Weeks.LocalDate(now, facts.Zone))) return "the person is away";
        if (!facts.Facts.HasKeyResults) return "no key results in the active cycle";
        if (!reminder && facts.Facts.CheckIns.Any(c => c.WeekOf == week)) return "already checked in this week";
        if (reminder && RhythmRules.HasAnswered(facts.Facts.CheckIns, week, facts.Schedule, facts.Zone)) return "already checked in";
        return null;
    }
}
