using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class CheckInCardBatchOnPostgres() : CheckInCardBatchTests(DatabaseProvider.Postgres);
public sealed class CheckInCardBatchOnSqlite() : CheckInCardBatchTests(DatabaseProvider.Sqlite);

/// <summary>
/// A fan-out's check-in prompts and reminders are made a claimed batch at a time (<see cref="CheckInCardBatch"/>), and each
/// is exactly what the per-person path makes: the same card, or nothing for the same reason.
/// </summary>
public abstract class CheckInCardBatchTests(DatabaseProvider provider) : StoreTests(provider)
{
    /// <summary>
    /// Monday 23 November, 00:30 UTC: Berlin and Shanghai are in the week of the 23rd and in the quarter; Los Angeles is
    /// still on Sunday the 22nd, in the week of the 16th and in a two-week sprint that ends that day.
    /// </summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_of_prompts_and_reminders_makes_each_card_as_it_is_made_alone()
    {
        var (org, people, deliveries) = await MixedOrganisationAsync();
        var content = DeliveryWorld.OkrContent(Store, Store.Clock, NewQueue());

        var together = await content.RenderManyAsync(deliveries, CancellationToken.None);
        var alone = new List<DeliveryContent>();
        foreach (var (claim, recipient) in deliveries) alone.Add(await content.RenderAsync(claim, recipient, CancellationToken.None));

        Assert.Equal(alone.Select(Json), together.Select(Json));
        // And the cases are the ones meant: not a batch of the same refusal.
        string Of(string name, DeliveryKind kind = DeliveryKind.CheckInPrompt) => Describe(together[deliveries.FindIndex(d =>
            d.Recipient.Person.DisplayName == name && d.Delivery.Kind == kind)]);
        Assert.Equal("card 2026-11-23: Alice's plan [A1]; Bob's secret [Helping Bob]", Of("Alice"));
        Assert.Equal("already checked in", Of("Alice", DeliveryKind.CheckInReminder)); // she did last week
        Assert.Equal("reminder 2026-11-23: Platform's plan [D1]", Of("Dan", DeliveryKind.CheckInReminder));
        Assert.Equal("card 2026-11-23: Bob's secret [B1]", Of("Bob"));
        Assert.Equal("card 2026-11-23: Carol's plan [C1]; Carol's draft [C2]", Of("Carol"));
        Assert.Equal("card 2026-11-23: Platform's plan [D1]", Of("Dan"));
        Assert.Equal("card 2026-11-16: Lee's sprint [L1]", Of("Lee"));
        Assert.Equal("the person is away", Of("Eve"));
        Assert.Equal("already checked in this week", Of("Frank"));
        Assert.Equal("no key results in the active cycle", Of("Gina"));
        Assert.Equal("the person is no longer active", Of("Hank"));
        Assert.Contains("is over", Describe(together[deliveries.FindIndex(d => d.Delivery.PeriodKey == "2026-11-09")]));
        Assert.Contains("names no week", Describe(together[deliveries.FindIndex(d => d.Delivery.PeriodKey == "not-a-week")]));
        // Carol's KR checked in by Alice (who takes part in it) last week shows Alice's name on Carol's card, as alone.
        var carols = Assert.IsType<CheckInCardView>(together[deliveries.FindIndex(d => d.Recipient.Person.DisplayName == "Carol")].View);
        Assert.Equal("Alice", carols.KeyResults.Single(k => k.Title == "C1").LastCheckIn?.AuthorName);
        Assert.Equal(people.Count, deliveries.Select(d => d.Recipient.Person.Id).Distinct().Count());
        _ = org;
    }

    [Fact]
    public async Task Each_own_list_of_a_batch_is_the_list_the_person_gets_alone_participations_and_refusals_included()
    {
        var (org, people, _) = await MixedOrganisationAsync();
        var okrs = new OkrQueryService(Store.Database, Store.Clock);

        var together = await new CheckInCardBatch(Store.Database, Store.Clock).OwnListsAsync(org.Tenant, people);
        var alone = new List<Result<OkrList>>();
        foreach (var person in people) alone.Add(await okrs.ForPersonAsync(new Actor(person.TenantId, person.Id), person.Id));

        Assert.Equal(alone.Select(Json), together.Select(Json));
        var alices = together[people.FindIndex(p => p.DisplayName == "Alice")].Value!;
        // Alice's list holds Carol's objective, where she only takes part: the list has it, her card does not.
        Assert.Equal(["Alice's plan", "Carol's plan", "Bob's secret"], alices.Objectives.Select(o => o.Title));
        Assert.Equal(OkrErrorCode.Forbidden, together[people.FindIndex(p => p.DisplayName == "Hank")].Error?.Code);
        Assert.Equal("Lee's sprint", Assert.Single(together[people.FindIndex(p => p.DisplayName == "Lee")].Value!.Objectives).Title);
    }

    [Fact]
    public async Task A_batch_of_twelve_cards_costs_the_queries_of_a_batch_of_two()
    {
        Store.Clock.Set(Now);
        var org = await Org.CreateAsync(Store);
        var people = new List<Person>();
        for (var i = 0; i < 12; i++)
        {
            var person = await org.PersonAsync($"Person {i}", timeZone: i % 2 == 0 ? "Europe/Berlin" : "Asia/Shanghai");
            var objective = await org.ObjectiveAsync(person, $"Plan {i}", visibility: i % 3 == 0 ? Visibility.Private : Visibility.Public);
            await org.KeyResultAsync(objective, person, $"KR {i}");
            people.Add(person);
        }

        var counter = new SqlCapture();
        var content = CountedContent(new OkrDatabase(Store.Options, Store.Clock, [counter]));
        async Task<int> QueriesFor(int count)
        {
            counter.Clear();
            var made = await content.RenderManyAsync([.. people.Take(count).Select(p => (Claim(org, p, DeliveryKind.CheckInPrompt, "2026-11-23"),
                new DeliveryRecipient(p, org.Tenant, null)))], CancellationToken.None);
            Assert.All(made, m => Assert.IsType<CheckInCardView>(m.View));
            return counter.Count;
        }

        await QueriesFor(1); // the tenant's schedules and cycles, kept for 30 s
        var two = await QueriesFor(2);
        var twelve = await QueriesFor(12);

        Assert.Equal(two, twelve);
        // The rhythm's facts (KRs, check-ins, reports: 3), cycles, whose objectives, the objectives, then latest check-ins,
        // posted values and names (3).
        Assert.Equal(9, twelve);
    }

    /// <summary>
    /// Everyone a batch can meet: own, private and draft objectives, a KR in someone else's private objective, a team
    /// objective, a participation, someone in another week and cycle (Los Angeles), away, already checked in, without KRs,
    /// deactivated, a stale week and a period that names no week.
    /// </summary>
    private async Task<(Org Org, List<Person> People, List<(DeliveryClaim Delivery, DeliveryRecipient Recipient)> Deliveries)> MixedOrganisationAsync()
    {
        Store.Clock.Set(Now.AddDays(-7));
        var org = await Org.CreateAsync(Store);
        var sprint = new Cycle
        {
            TenantId = org.Tenant.Id, Name = "Sprint 46", Kind = CycleKind.Custom, StartDate = new(2026, 11, 9), EndDate = new(2026, 11, 22),
            State = CycleState.Active,
        };
        await using (var db = Store.Database.Open())
        {
            db.Cycles.Add(sprint);
            await db.SaveChangesAsync();
        }

        var maya = await org.PersonAsync("Maya", timeZone: "Asia/Shanghai");
        var alice = await org.PersonAsync("Alice", maya, timeZone: "Europe/Berlin");
        var bob = await org.PersonAsync("Bob", maya, timeZone: "Asia/Shanghai");
        var carol = await org.PersonAsync("Carol", maya, timeZone: "Europe/Berlin");
        var platform = await org.TeamAsync("Platform", maya);
        var dan = await org.PersonAsync("Dan", maya, platform, timeZone: "Europe/Berlin");
        var lee = await org.PersonAsync("Lee", timeZone: "America/Los_Angeles");
        var eve = await org.PersonAsync("Eve", timeZone: "Europe/Berlin", awayUntil: new DateOnly(2026, 12, 1));
        var frank = await org.PersonAsync("Frank", timeZone: "Europe/Berlin");
        var gina = await org.PersonAsync("Gina", timeZone: "Europe/Berlin");
        var hank = await org.PersonAsync("Hank", timeZone: "Europe/Berlin");

        var alicesPlan = await org.ObjectiveAsync(alice, "Alice's plan");
        await org.KeyResultAsync(alicesPlan, alice, "A1", current: 20);
        var dropped = await org.KeyResultAsync(alicesPlan, alice, "A2 (dropped)");
        await Org.SetDroppedAsync(Store, dropped, true);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var carolsPlan = await org.ObjectiveAsync(carol, "Carol's plan");
        var c1 = await org.KeyResultAsync(carolsPlan, carol, "C1", participants: alice);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var bobsSecret = await org.ObjectiveAsync(bob, "Bob's secret", visibility: Visibility.Private);
        await org.KeyResultAsync(bobsSecret, bob, "B1", kind: KeyResultKind.Percentage);
        var helping = await org.KeyResultAsync(bobsSecret, alice, "Helping Bob", weight: 2);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        await org.KeyResultAsync(await org.ObjectiveAsync(carol, "Carol's draft", state: ObjectiveState.Draft), carol, "C2");
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        await org.KeyResultAsync(await org.ObjectiveAsync(null, "Platform's plan", team: platform, visibility: Visibility.Private), dan, "D1");
        await org.KeyResultAsync(await org.ObjectiveAsync(lee, "Lee's sprint", cycle: sprint), lee, "L1");
        await org.KeyResultAsync(await org.ObjectiveAsync(lee, "Lee's quarter"), lee, "L2");
        await org.KeyResultAsync(await org.ObjectiveAsync(eve, "Eve's plan"), eve, "E1");
        var f1 = await org.KeyResultAsync(await org.ObjectiveAsync(frank, "Frank's plan"), frank, "F1");
        await org.KeyResultAsync(await org.ObjectiveAsync(hank, "Hank's plan"), hank, "H1");

        // Last week Alice checked in on Bob's KR she owns and on Carol's she takes part in; this week Frank checked in.
        await CheckInAsync(org, alice, (helping, 30), (c1, 15));
        Store.Clock.Set(Now);
        await CheckInAsync(org, frank, (f1, 50));
        await using (var db = Store.Database.Open())
        {
            (await db.People.FindAsync(hank.Id))!.IsActive = false;
            await db.SaveChangesAsync();
        }

        // As the dispatcher has them: read just now, all of the tenant.
        List<Person> people;
        await using (var db = Store.Database.Open())
        {
            var ids = new[] { alice, bob, carol, dan, lee, eve, frank, gina, hank }.Select(p => p.Id).ToList();
            var read = db.People.Where(p => ids.Contains(p.Id)).ToDictionary(p => p.Id);
            people = [.. ids.Select(id => read[id])];
        }

        var deliveries = people.Select(p => (Claim(org, p, DeliveryKind.CheckInPrompt, p.DisplayName == "Lee" ? "2026-11-16" : "2026-11-23"),
                new DeliveryRecipient(p, org.Tenant, null)))
            .Append((Claim(org, people[0], DeliveryKind.CheckInReminder, "2026-11-16"), new DeliveryRecipient(people[0], org.Tenant, null)))
            .Append((Claim(org, people[3], DeliveryKind.CheckInReminder, "2026-11-16"), new DeliveryRecipient(people[3], org.Tenant, null)))
            .Append((Claim(org, people[6], DeliveryKind.CheckInReminder, "2026-11-16"), new DeliveryRecipient(people[6], org.Tenant, null)))
            .Append((Claim(org, people[4], DeliveryKind.CheckInPrompt, "2026-11-09"), new DeliveryRecipient(people[4], org.Tenant, null)))
            .Append((Claim(org, people[1], DeliveryKind.CheckInPrompt, "not-a-week"), new DeliveryRecipient(people[1], org.Tenant, null)))
            .ToList();
        return (org, people, deliveries);
    }

    private async Task CheckInAsync(Org org, Person person, params (KeyResult Kr, decimal Value)[] items)
    {
        var receipt = await new CheckInService(Store.Database, Store.Clock)
            .RecordAsync(org.ActorFor(person), new CheckInRequest([.. items.Select(i => new CheckInInput(i.Kr.Id, i.Value, KrStatus.OnTrack, Note: "moving"))]));
        Assert.True(receipt.IsOk, receipt.ToString());
    }

    private DeliveryQueue NewQueue() => new(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock,
        NullLogger<DeliveryQueue>.Instance);

    /// <summary>The real content over <paramref name="database"/>, so its queries can be counted.</summary>
    private OkrDeliveryContent CountedContent(OkrDatabase database)
    {
        var clock = Store.Clock;
        var queue = new DeliveryQueue(database, new ConversationService(database, clock), new DeliveryOptions(), clock, NullLogger<DeliveryQueue>.Instance);
        return new OkrDeliveryContent(
            new PeopleService(database, new DemoOrganisation(database, clock, NullLogger<DemoOrganisation>.Instance), clock),
            new OkrQueryService(database, clock), new RhythmStore(database), new WrapUpService(database, clock), new DigestService(database, clock),
            new PromptCards(database, queue, new RhythmStore(database), clock), clock, new KeyResultChangeService(database, clock),
            new CheckInCardBatch(database, clock));
    }

    private DeliveryClaim Claim(Org org, Person person, DeliveryKind kind, string periodKey) => new(Guid.NewGuid(), org.Tenant.Id, person.Id,
        Channel.Teams, kind, periodKey, null, 1, "node", Store.Clock.GetUtcNow().AddMinutes(2), Store.Clock.GetUtcNow());

    private static string Describe(DeliveryContent content) => content.View is CheckInCardView card
        ? $"{(card.IsReminder ? "reminder" : "card")} {card.WeekOf:yyyy-MM-dd}: "
          + string.Join("; ", card.Objectives.Select(o => $"{o.Title} [{string.Join(", ", o.KeyResults.Select(k => k.Title))}]"))
        : content.Reason ?? "?";

    private static string Json(DeliveryContent content) => JsonSerializer.Serialize(new
    {
        content.Reason, content.ReplaceMessageId, View = content.View is null ? null : JsonSerializer.Serialize(content.View, content.View.GetType()),
    });

    private static string Json(Result<OkrList> list) => JsonSerializer.Serialize(new { list.Error, list.Value });
}
