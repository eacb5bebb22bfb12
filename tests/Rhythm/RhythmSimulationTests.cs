using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;
using OkrBot.Jobs.Rhythm;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// Five weeks of the rhythm, an hour at a time, on a fake clock: the planner and the dispatcher run each hour, the Teams
/// sender talks to a fake Bot Connector, and people in Berlin (DST ends inside the window), New York (DST ends a week
/// later), Shanghai and Kolkata (away) answer or ignore their prompts.
/// </summary>
public sealed class RhythmSimulationOnPostgres() : StoreTests(DatabaseProvider.Postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 10, 12, 0, 0, 0, TimeSpan.Zero); // a Monday
    private static readonly DateTimeOffset End = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    [Fact]
    public async Task Over_five_weeks_each_person_gets_one_prompt_a_week_at_local_friday_10_and_reminders_only_when_they_did_not_answer()
    {
        await using var fake = await FakeConnector.StartAsync();
        using var http = fake.CreateHttpClient();
        var clock = new TimerClock(Start);
        var w = await DeliveryWorld.CreateAsync(Store, clock);
        var org = w.Org;
        // Nobody manages anybody here (no digests): the quarter simulation covers the manager's side.
        var ana = await PersonAsync(w, "Ana", "Europe/Berlin");        // never answers
        var ben = await PersonAsync(w, "Ben", "America/New_York");     // answers every prompt at once
        var chen = await PersonAsync(w, "Chen", "Asia/Shanghai");      // answers in two weeks of five
        var dev = await PersonAsync(w, "Dev", "Asia/Kolkata", awayUntil: new DateOnly(2026, 12, 31));
        var chenAnswers = new[] { new DateOnly(2026, 10, 19), new DateOnly(2026, 11, 2) };
        await CheckedInBeforeAsync(w, [ana, ben, chen, dev], new DateOnly(2026, 10, 5));

        var planner = new RhythmPlanner(new RhythmStore(Store.Database), w.Queue, new RhythmOptions { Interval = Step });
        var content = w.OkrContent();
        var dispatcher = w.Dispatcher(w.TeamsSender(fake, http), "node-a", content);
        var checkIns = new CheckInService(Store.Database, clock);
        var answered = new HashSet<(Guid, string)>();

        while (clock.GetUtcNow() < End)
        {
            clock.Advance(Step);
            await planner.PlanAsync(clock.GetUtcNow());
            await dispatcher.RunOnceAsync(CancellationToken.None);
            foreach (var prompt in (await w.RowsAsync()).Where(r => r.Kind == DeliveryKind.CheckInPrompt && r.State == DeliveryState.Sent))
            {
                var who = prompt.PersonId == ben.Id ? ben : prompt.PersonId == chen.Id ? chen : null;
                if (who is null || !answered.Add((who.Id, prompt.PeriodKey))) continue;
                if (who == chen && !chenAnswers.Contains(DateOnly.Parse(prompt.PeriodKey, System.Globalization.CultureInfo.InvariantCulture))) continue;
                var kr = await KeyResultOfAsync(who);
                var receipt = await checkIns.RecordAsync(org.ActorFor(who), new CheckInRequest([new CheckInInput(kr, 42, KrStatus.OnTrack)]));
                Assert.Null(receipt.Error);
            }
        }

        var rows = await w.RowsAsync();
        var weeks = new[] { "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09" };
        foreach (var person in new[] { ana, ben, chen })
        {
            var prompts = rows.Where(r => r.PersonId == person.Id && r.Kind == DeliveryKind.CheckInPrompt).ToList();
            Assert.Equal(weeks, prompts.Select(p => p.PeriodKey).Order());
            // Planned within one planner interval after the local Friday 10:00, whatever the clocks did that week.
            var zone = TimeZones.Find(person.TimeZoneId);
            Assert.All(prompts, p =>
            {
                var due = RhythmRules.PromptAt(DateOnly.Parse(p.PeriodKey, System.Globalization.CultureInfo.InvariantCulture), CheckInSchedule.Default, zone);
                Assert.InRange(p.CreatedAt, due, due + Step);
                var local = TimeZoneInfo.ConvertTime(p.CreatedAt, zone);
                Assert.Equal((DayOfWeek.Friday, 10), (local.DayOfWeek, local.Hour));
            });
        }

        string[] RemindersOf(Person p) => [.. rows.Where(r => r.PersonId == p.Id && r.Kind == DeliveryKind.CheckInReminder).Select(r => r.PeriodKey).Order()];
        Assert.Equal(["2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02"], RemindersOf(ana)); // the last week's reminder is after the window
        Assert.Empty(RemindersOf(ben));
        Assert.Equal(["2026-10-12", "2026-10-26"], RemindersOf(chen));
        Assert.All(rows.Where(r => r.Kind == DeliveryKind.CheckInReminder), r =>
        {
            var local = TimeZoneInfo.ConvertTime(r.CreatedAt, TimeZones.Find(r.PersonId == ana.Id ? ana.TimeZoneId : chen.TimeZoneId));
            Assert.Equal((DayOfWeek.Monday, 10), (local.DayOfWeek, local.Hour));
        });
        Assert.DoesNotContain(rows, r => r.PersonId == dev.Id);
        Assert.DoesNotContain(rows, r => r.Kind == DeliveryKind.Escalation); // off by default

        // Everything planned went out through the dispatcher to the (fake) Bot Connector, once.
        Assert.All(rows, r => Assert.Equal(DeliveryState.Sent, r.State));
        var sends = fake.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation).ToList();
        Assert.Equal(rows.Count, sends.Count);
        Assert.Equal(5 + 4, sends.Count(s => s.ConversationId == DeliveryWorld.ConversationOf(ana)));
        Assert.Equal(5, sends.Count(s => s.ConversationId == DeliveryWorld.ConversationOf(ben)));
        Assert.Equal(4, sends.Count(s => s.ConversationId == DeliveryWorld.ConversationOf(ana)
            && s.Body.Contains(BotText.English.CheckInReminder, StringComparison.Ordinal)));
    }

    private static async Task<Person> PersonAsync(DeliveryWorld w, string name, string zone, DateOnly? awayUntil = null)
    {
        var person = await w.Org.PersonAsync(name, timeZone: zone, awayUntil: awayUntil);
        await w.Org.KeyResultAsync(await w.Org.ObjectiveAsync(person), person, $"{name}'s KR");
        await using var db = w.Store.Database.Open();
        db.ConversationReferences.Add(new ConversationReference
        {
            TenantId = w.Tenant.Id, PersonId = person.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = DeliveryWorld.ServiceUrl,
            ConversationId = DeliveryWorld.ConversationOf(person), ConversationType = "personal", BotId = "28:" + ConnectorHarness.AppId,
            UserId = person.ExternalId, CapturedAt = Start, UpdatedAt = Start,
        });
        await db.SaveChangesAsync();
        return person;
    }

    /// <summary>
    /// Everyone answered the week before the window, so the window starts with no reminder owed, and reviewed their KR
    /// (the quarter's midpoint falls inside the window; the quarter simulation covers the review).
    /// </summary>
    private async Task CheckedInBeforeAsync(DeliveryWorld w, IEnumerable<Person> people, DateOnly week)
    {
        await using var db = w.Store.Database.Open();
        foreach (var person in people)
        {
            var kr = db.KeyResults.Single(k => k.OwnerId == person.Id);
            var at = new DateTimeOffset(week.AddDays(4).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            db.CheckIns.Add(new CheckIn { TenantId = w.Tenant.Id, KeyResultId = kr.Id, AuthorId = person.Id, WeekOf = week, Value = 1, CreatedAt = at, UpdatedAt = at });
            db.ReviewDecisions.Add(new ReviewDecision { TenantId = w.Tenant.Id, KeyResultId = kr.Id, Decision = ReviewDecisionKind.Keep, DecidedById = person.Id });
        }

        await db.SaveChangesAsync();
    }

    private async Task<Guid> KeyResultOfAsync(Person person)
    {
        await using var db = Store.Database.Open();
        return db.KeyResults.Single(k => k.OwnerId == person.Id).Id;
    }
}
