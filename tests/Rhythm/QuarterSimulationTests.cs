using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Jobs.Rhythm;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// A whole quarter (2026 Q4) and its wrap-up, an hour at a time on a fake clock: the planner and the dispatcher run each
/// hour, the channel's real sender renders every card and sends it to a fake messenger, and people answer what reaches
/// them. Maya (Berlin) manages Ana (Berlin: clocks go back on 25 October), Ben (New York: on 1 November), Chen
/// (Shanghai: no DST), Eve (Berlin: away two weeks in November) and Dev (Kolkata: away all quarter). Every arrival is
/// checked in the recipient's local time, against the calendar written out by hand. Run for a Teams tenant and for a
/// Feishu tenant.
/// </summary>
public sealed class QuarterSimulationOnTeams() : QuarterSimulationTests(Channel.Teams);

public sealed class QuarterSimulationOnFeishu() : QuarterSimulationTests(Channel.Feishu);

public abstract class QuarterSimulationTests(Channel channel) : StoreTests(DatabaseProvider.Postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 9, 28, 0, 0, 0, TimeSpan.Zero); // the Monday before the quarter
    private static readonly DateTimeOffset End = new(2027, 1, 12, 0, 0, 0, TimeSpan.Zero);  // past the results' week
    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    // The quarter's Fridays (check-in prompts at 10:00) and Mondays (reminders at 10:00, digests at 09:00).
    private static readonly string[] Fridays =
        ["2026-10-02", "2026-10-09", "2026-10-16", "2026-10-23", "2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20", "2026-11-27",
         "2026-12-04", "2026-12-11", "2026-12-18", "2026-12-25"];
    private static readonly string[] Mondays =
        ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30",
         "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"];

    /// <summary>The weeks (by their Friday) in which Chen answers; he lets the others pass.</summary>
    private static readonly string[] ChenAnswers = ["2026-10-02", "2026-10-16", "2026-11-06", "2026-12-04", "2026-12-18"];

    [Fact]
    public async Task Over_a_quarter_everything_arrives_once_at_its_local_time_and_nothing_reaches_people_who_are_away()
    {
        var clock = new TimerClock(Start);
        var w = await DeliveryWorld.CreateAsync(Store, clock);
        var org = w.Org;
        await using var messenger = await Messenger.StartAsync(channel, w, clock);
        await using (var db = Store.Database.Open())
        {
            (await db.Tenants.FindAsync(org.Tenant.Id))!.Channel = channel;
            await db.SaveChangesAsync();
        }

        var maya = await PersonAsync(w, "Maya", "Europe/Berlin", manager: null, withKr: false);
        var ana = await PersonAsync(w, "Ana", "Europe/Berlin", maya);
        var ben = await PersonAsync(w, "Ben", "America/New_York", maya);
        var chen = await PersonAsync(w, "Chen", "Asia/Shanghai", maya);
        var eve = await PersonAsync(w, "Eve", "Europe/Berlin", maya);
        var dev = await PersonAsync(w, "Dev", "Asia/Kolkata", maya, awayUntil: new DateOnly(2027, 1, 31));

        var sender = messenger.Sender;
        var planner = new RhythmPlanner(new RhythmStore(Store.Database), w.Queue, new RhythmOptions { Interval = Step });
        var dispatcher = w.Dispatcher(sender, "node-a", w.OkrContent());
        var checkIns = new CheckInService(Store.Database, clock);
        var reviews = new ReviewService(Store.Database, clock);
        var scores = new ScoringService(Store.Database, clock);
        var people = new PeopleService(Store.Database, new DemoOrganisation(Store.Database, clock, NullLogger<DemoOrganisation>.Instance), clock);
        var promptCards = new PromptCards(Store.Database, w.Queue, new RhythmStore(Store.Database), clock);
        var seen = new HashSet<Guid>();
        var eveAway = false;

        while (clock.GetUtcNow() < End)
        {
            clock.Advance(Step);
            // Eve says on Sunday 8 November that she is away until the 22nd. (The dispatcher's waits move the clock on a little.)
            if (!eveAway && clock.GetUtcNow() >= new DateTimeOffset(2026, 11, 8, 12, 0, 0, TimeSpan.Zero))
            {
                Assert.Null((await people.SetAwayAsync(org.ActorFor(eve), new DateOnly(2026, 11, 22))).Error);
                eveAway = true;
            }

            await planner.PlanAsync(clock.GetUtcNow());
            await dispatcher.RunOnceAsync(CancellationToken.None);

            // Each person answers what just reached them.
            foreach (var (id, personId, _) in sender.Calls.ToArray())
            {
                if (!seen.Add(id)) continue;
                var row = await w.RowAsync(id);
                var kr = await KeyResultOfAsync(personId);
                var who = personId == ben.Id ? "Ben" : personId == chen.Id ? "Chen" : personId == ana.Id ? "Ana" : personId == eve.Id ? "Eve" : "";
                switch (row.Kind, who)
                {
                    case (DeliveryKind.CheckInPrompt, "Ben" or "Eve"):
                    case (DeliveryKind.CheckInPrompt, "Chen") when ChenAnswers.Contains(LocalDate(row, chen)):
                        var receipt = await checkIns.RecordAsync(org.ActorFor(Person(personId)), new CheckInRequest([new CheckInInput(kr, 42, KrStatus.OnTrack)]));
                        Assert.Null(receipt.Error);
                        // Ben answers on the card itself (the answer replaces it); Chen and Eve type "check in" and answer that card.
                        await promptCards.CloseAsync(Person(personId), channel, receipt.Value!.WeekOf, who == "Ben" ? row.MessageId : null);
                        break;
                    case (DeliveryKind.MidCycleReview, "Ben" or "Chen"):
                        Assert.Null((await reviews.RecordDecisionAsync(org.ActorFor(Person(personId)), kr, ReviewDecisionKind.Keep, null)).Error);
                        break;
                    case (DeliveryKind.ScoringPrompt, "Ben" or "Eve"):
                    case (DeliveryKind.ScoringPrompt, "Ana") when row.PeriodKey.EndsWith("#r2", StringComparison.Ordinal):
                        Assert.Null((await scores.RecordScoreAsync(org.ActorFor(Person(personId)), kr, 0.7m, "Most of the way")).Error);
                        break;
                }
            }
        }

        Person Person(Guid id) => new[] { ana, ben, chen, eve }.Single(p => p.Id == id);

        var rows = await w.RowsAsync();
        var sent = sender.Calls.ToList();
        // Exactly once: one send per row, and one row per (kind, person, period) by the store's unique key.
        Assert.Equal(sent.Count, sent.Select(c => c.DeliveryId).Distinct().Count());
        Assert.All(rows.Where(r => r.Kind != DeliveryKind.CheckInClosed), r => Assert.Equal(
            r.State == DeliveryState.Sent ? 1 : 0, sent.Count(c => c.DeliveryId == r.Id)));

        string[] Arrivals(Person p, params DeliveryKind[] kinds) => [.. sent
            .Select(c => (Row: rows.Single(r => r.Id == c.DeliveryId), c.At))
            .Where(x => x.Row.PersonId == p.Id && kinds.Contains(x.Row.Kind))
            .Select(x => $"{x.Row.Kind} {TimeZoneInfo.ConvertTime(x.At, TimeZones.Find(p.TimeZoneId)):yyyy-MM-dd HH:mm}")
            .Order(StringComparer.Ordinal)];
        string[] At(DeliveryKind kind, string time, params IEnumerable<string>[] days) => [.. days.SelectMany(d => d).Select(d => $"{kind} {d} {time}")];
        string[] Expected(params string[][] parts) => [.. parts.SelectMany(p => p).Order(StringComparer.Ordinal)];

        var weekly = new[] { DeliveryKind.CheckInPrompt, DeliveryKind.CheckInReminder };
        var wrapUp = new[] { DeliveryKind.MidCycleReview, DeliveryKind.PlanningReminder, DeliveryKind.ScoringPrompt, DeliveryKind.ResultsDigest };
        var all = weekly.Concat(wrapUp).Append(DeliveryKind.ManagerDigest).ToArray();

        // Ana never checks in nor reviews: every prompt, every Monday's reminder, one review; she scores after the second reminder.
        Assert.Equal(Expected(At(DeliveryKind.CheckInPrompt, "10:00", Fridays), At(DeliveryKind.CheckInReminder, "10:00", Mondays)), Arrivals(ana, weekly));
        string[] wrapUpOf(params string[] scoring) => Expected(At(DeliveryKind.MidCycleReview, "10:00", ["2026-11-13"]),
            At(DeliveryKind.PlanningReminder, "10:00", ["2026-12-01"]), At(DeliveryKind.ScoringPrompt, "10:00", scoring),
            At(DeliveryKind.ResultsDigest, "10:00", ["2027-01-04"]));
        Assert.Equal(wrapUpOf("2026-12-25", "2026-12-27", "2026-12-29"), Arrivals(ana, wrapUp));

        // Ben (New York) answers everything at once: no reminder, one scoring request.
        Assert.Equal(Expected(At(DeliveryKind.CheckInPrompt, "10:00", Fridays)), Arrivals(ben, weekly));
        Assert.Equal(wrapUpOf("2026-12-25"), Arrivals(ben, wrapUp));

        // Chen (Shanghai) answers some weeks (reminded on the Monday after the others) and never scores: reminded every other day.
        var chenMissed = Fridays.Where(f => !ChenAnswers.Contains(f)).Select(f => DateOnly.Parse(f, CultureInfo.InvariantCulture).AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(Expected(At(DeliveryKind.CheckInPrompt, "10:00", Fridays), At(DeliveryKind.CheckInReminder, "10:00", chenMissed)), Arrivals(chen, weekly));
        Assert.Equal(wrapUpOf("2026-12-25", "2026-12-27", "2026-12-29", "2026-12-31", "2027-01-02"), Arrivals(chen, wrapUp));

        // Eve is away from 8 to 22 November: no prompt, no review, and no reminder for the weeks she was away for.
        Assert.Equal(Expected(At(DeliveryKind.CheckInPrompt, "10:00", Fridays.Except(["2026-11-13", "2026-11-20"]))), Arrivals(eve, weekly));
        Assert.Equal(Expected(At(DeliveryKind.PlanningReminder, "10:00", ["2026-12-01"]), At(DeliveryKind.ScoringPrompt, "10:00", ["2026-12-25"]),
            At(DeliveryKind.ResultsDigest, "10:00", ["2027-01-04"])), Arrivals(eve, wrapUp));

        // Maya reads her digest every Monday at 09:00 while the quarter runs, plans the next one and reads the results.
        Assert.Equal(Expected(At(DeliveryKind.ManagerDigest, "09:00", Mondays), At(DeliveryKind.PlanningReminder, "10:00", ["2026-12-01"]),
            At(DeliveryKind.ResultsDigest, "10:00", ["2027-01-04"])), Arrivals(maya, all));

        // Dev was away all along: nothing at all.
        Assert.DoesNotContain(rows, r => r.PersonId == dev.Id);

        // What the cards showed: a reminder says it is one; a digest counts who was expected; results carry scores.
        View ViewOf(Person p, DeliveryKind kind, string localDay) => sender.Views[sent.Single(c =>
        {
            var row = rows.Single(r => r.Id == c.DeliveryId);
            return row.PersonId == p.Id && row.Kind == kind && TimeZoneInfo.ConvertTime(c.At, TimeZones.Find(p.TimeZoneId)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == localDay;
        }).DeliveryId];
        Assert.True(Assert.IsType<CheckInCardView>(ViewOf(ana, DeliveryKind.CheckInReminder, "2026-11-02")).IsReminder);
        Assert.True(Assert.IsType<ScoringCardView>(ViewOf(chen, DeliveryKind.ScoringPrompt, "2026-12-29")).IsReminder);
        Assert.False(Assert.IsType<ScoringCardView>(ViewOf(chen, DeliveryKind.ScoringPrompt, "2026-12-25")).IsReminder);
        var digest = Assert.IsType<ManagerDigestView>(ViewOf(maya, DeliveryKind.ManagerDigest, "2026-11-09")).Digest;
        // Monday 9 November reports on the week of the 2nd: Ben and Chen (answered on the 6th) checked in, Ana did not; Eve
        // (away since Sunday) and Dev are not counted.
        Assert.Equal(["Ana"], digest.Missing.Select(r => r.Name));
        Assert.Equal((3, 2), (digest.ExpectedCount, digest.CheckedInCount));
        Assert.Equal(["Dev", "Eve"], digest.Reports.Where(r => r.Away).Select(r => r.Name));
        var results = Assert.IsType<ResultsDigestView>(ViewOf(maya, DeliveryKind.ResultsDigest, "2027-01-04")).Results;
        Assert.Equal(3, results.ScoredCount); // Ana, Ben and Eve scored; Chen did not
        Assert.Equal(5, results.KeyResults.Count());

        // The prompt cards Chen and Eve answered from elsewhere were updated in place, once each; Ben's were replaced by his answer.
        var updates = sender.Updates.ToList();
        // Chen: each answered prompt, and the reminder of the week before when he had let that one pass (it showed this week's card).
        Assert.Equal(ChenAnswers.Length + 4, updates.Count(u => u.PersonId == chen.Id));
        Assert.Equal(Fridays.Length - 2, updates.Count(u => u.PersonId == eve.Id));
        Assert.DoesNotContain(updates, u => u.PersonId == ben.Id);
        Assert.All(updates, u => Assert.Equal(NoticeKind.Success, Assert.IsType<NoticeView>(u.View).Kind));
        Assert.Equal(updates.Count, updates.Select(u => u.MessageId).Distinct().Count());

        // And the messenger itself saw exactly these: every card rendered for it and sent once, every update once.
        Assert.Equal((sent.Count, updates.Count), messenger.Received);
    }

    private static string LocalDate(Core.Model.Delivery row, Person person) =>
        TimeZoneInfo.ConvertTime(row.UpdatedAt, TimeZones.Find(person.TimeZoneId)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Person> PersonAsync(DeliveryWorld w, string name, string zone, Person? manager, bool withKr = true, DateOnly? awayUntil = null)
    {
        var person = await w.Org.PersonAsync(name, manager, timeZone: zone, awayUntil: awayUntil);
        if (withKr) await w.Org.KeyResultAsync(await w.Org.ObjectiveAsync(person, $"{name}'s objective"), person, $"{name}'s KR");
        await using var db = w.Store.Database.Open();
        if (channel == Channel.Feishu)
        {
            // On Feishu a person is their open_id, and their 1:1 is a p2p chat.
            var stored = (await db.People.FindAsync(person.Id))!;
            stored.ExternalId = person.ExternalId = "ou_" + Guid.NewGuid().ToString("N");
            db.ConversationReferences.Add(new ConversationReference
            {
                TenantId = w.Tenant.Id, PersonId = person.Id, Channel = Channel.Feishu, ChannelId = FeishuChannelSender.P2pChat,
                ConversationType = FeishuChannelSender.P2pChat, ConversationId = FakeFeishuApi.ChatOf(person.ExternalId), UserId = person.ExternalId,
                CapturedAt = Start, UpdatedAt = Start,
            });
        }
        else
        {
            db.ConversationReferences.Add(new ConversationReference
            {
                TenantId = w.Tenant.Id, PersonId = person.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = DeliveryWorld.ServiceUrl,
                ConversationId = DeliveryWorld.ConversationOf(person), ConversationType = "personal", BotId = "28:" + ConnectorHarness.AppId,
                UserId = person.ExternalId, CapturedAt = Start, UpdatedAt = Start,
            });
        }

        await db.SaveChangesAsync();
        return person;
    }

    private async Task<Guid> KeyResultOfAsync(Guid personId)
    {
        await using var db = Store.Database.Open();
        return db.KeyResults.Where(k => k.OwnerId == personId).Select(k => k.Id).FirstOrDefault();
    }
}
