using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class BatchedContentOnPostgres() : BatchedContentTests(DatabaseProvider.Postgres);
public sealed class BatchedContentOnSqlite() : BatchedContentTests(DatabaseProvider.Sqlite);

/// <summary>
/// Kinds the content makes together (the manager digests of a digest run) reach it as one batch from the dispatcher, and
/// the real content makes each of them as it would alone.
/// </summary>
public abstract class BatchedContentTests(DatabaseProvider provider) : StoreTests(provider)
{
    [Fact]
    public async Task The_digests_of_a_claimed_batch_are_made_in_one_call_and_everything_else_one_at_a_time()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(4);
        var unreachable = (await w.PeopleAsync(1, withConversation: false))[0];
        await CaptureAsync(w, unreachable);
        Assert.True(await w.Conversations.MarkInactiveAsync(unreachable.Id, Channel.Teams, "the bot was removed"));
        var digests = new[] { people[0], people[1], people[2], unreachable }
            .Select(p => DeliveryWorld.Prompt(p, "2026-11-16", DeliveryKind.ManagerDigest)).ToList();
        await w.Queue.EnqueueManyAsync([.. digests, DeliveryWorld.Prompt(people[3])]);
        var content = new BatchedNotices();
        var sender = new RecordingSender(w.Clock);

        var report = await w.Dispatcher(sender, "node-a", content).RunOnceAsync(CancellationToken.None);

        Assert.Equal((5, 4, 1), (report.Claimed, report.Sent, report.Gone));
        // One call for the three reachable managers; the unreachable one is not made at all.
        var batch = Assert.Single(content.Batches);
        Assert.Equal(people.Take(3).Select(p => p.Id).Order(), batch.Order());
        Assert.Equal([people[3].Id], content.Alone);
        Assert.Equal(people.Select(p => p.Id).Order(), sender.Calls.Select(c => c.PersonId).Order());
        var sent = (await w.RowsAsync()).Where(r => r.State == DeliveryState.Sent).ToList();
        Assert.All(sent, r => Assert.Equal(r.Kind == DeliveryKind.ManagerDigest ? $"together {r.Kind}" : $"alone {r.Kind}",
            Assert.IsType<NoticeView>(sender.Views[r.Id]).Message));
    }

    [Fact]
    public async Task When_making_a_batch_fails_each_of_its_deliveries_is_tried_again_later_and_the_rest_go_out()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(3);
        await w.Queue.EnqueueManyAsync([
            DeliveryWorld.Prompt(people[0], "2026-11-16", DeliveryKind.ManagerDigest),
            DeliveryWorld.Prompt(people[1], "2026-11-16", DeliveryKind.ManagerDigest),
            DeliveryWorld.Prompt(people[2]),
        ]);

        var report = await w.Dispatcher(new RecordingSender(w.Clock), "node-a", new BatchedNotices(fail: true)).RunOnceAsync(CancellationToken.None);

        Assert.Equal((3, 1, 2), (report.Claimed, report.Sent, report.Retrying));
        var digests = (await w.RowsAsync()).Where(r => r.Kind == DeliveryKind.ManagerDigest).ToList();
        Assert.All(digests, r => Assert.Equal((DeliveryState.Pending, DeliveryOutcomeKind.Transient), (r.State, r.LastOutcome)));
        Assert.All(digests, r => Assert.Contains("could not be rendered", r.LastError));
    }

    [Fact]
    public async Task The_real_content_makes_each_digest_of_a_batch_as_it_makes_it_alone()
    {
        // Monday 09:30 in Berlin and Shanghai's afternoon: both managers' digests report on the week of 16 November.
        Store.Clock.Set(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero));
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya", timeZone: "Asia/Shanghai");
        var omar = await org.PersonAsync("Omar", timeZone: "Europe/Berlin");
        var away = await org.PersonAsync("Away", awayUntil: new DateOnly(2026, 11, 30));
        var lonely = await org.PersonAsync("Lonely");
        foreach (var (manager, name) in new[] { (maya, "Alice"), (maya, "Bob"), (omar, "Olga"), (away, "Ursula") })
        {
            var report = await org.PersonAsync(name, manager);
            var kr = await org.KeyResultAsync(await org.ObjectiveAsync(report, $"{name}'s objective"), report, $"{name}'s KR", current: 10);
            Store.Clock.Advance(TimeSpan.FromDays(-5));
            var checkIn = await new CheckInService(Store.Database, Store.Clock)
                .RecordAsync(org.ActorFor(report), new CheckInRequest([new CheckInInput(kr.Id, 40, KrStatus.AtRisk, Note: "Slow start")]));
            Assert.True(checkIn.IsOk, checkIn.ToString());
            Store.Clock.Advance(TimeSpan.FromDays(5));
        }

        var content = DeliveryWorld.OkrContent(Store, Store.Clock,
            new DeliveryQueue(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock,
                NullLogger<DeliveryQueue>.Instance));
        var deliveries = new[] { maya, omar, away, lonely }.Select(p => (Claim(org, p, DeliveryKind.ManagerDigest), new DeliveryRecipient(p, org.Tenant, null)))
            .Append((Claim(org, maya, DeliveryKind.CheckInPrompt), new DeliveryRecipient(maya, org.Tenant, null))).ToList();

        var together = await content.RenderManyAsync(deliveries, CancellationToken.None);
        var alone = new List<DeliveryContent>();
        foreach (var (claim, recipient) in deliveries) alone.Add(await content.RenderAsync(claim, recipient, CancellationToken.None));

        Assert.Equal(alone.Select(Json), together.Select(Json));
        var mayas = Assert.IsType<ManagerDigestView>(together[0].View).Digest;
        Assert.Equal(new DateOnly(2026, 11, 16), mayas.WeekOf);
        Assert.Equal(["Alice", "Bob"], mayas.Reports.Select(r => r.Name));
        Assert.Equal(["Alice's KR", "Bob's KR"], mayas.Movers.Select(m => m.Title));
        Assert.Equal(["Olga"], Assert.IsType<ManagerDigestView>(together[1].View).Digest.Reports.Select(r => r.Name));
        Assert.Equal(["the person is away", "no reports to report on"], together.Skip(2).Take(2).Select(c => c.Reason));
        Assert.True(content.RendersTogether(DeliveryKind.ManagerDigest));
        Assert.True(content.RendersTogether(DeliveryKind.CheckInPrompt));
        Assert.False(content.RendersTogether(DeliveryKind.AtRiskAlert));
    }

    private DeliveryClaim Claim(Org org, Person person, DeliveryKind kind) => new(Guid.NewGuid(), org.Tenant.Id, person.Id, Channel.Teams, kind,
        "2026-11-23", null, 1, "node", Store.Clock.GetUtcNow().AddMinutes(2), Store.Clock.GetUtcNow());

    private static string Json(DeliveryContent content) => JsonSerializer.Serialize(new
    {
        content.Reason, content.ReplaceMessageId, View = content.View is null ? null : JsonSerializer.Serialize(content.View, content.View.GetType()),
    });

    private static async Task CaptureAsync(DeliveryWorld w, Person person)
    {
        await using var db = w.Store.Database.Open();
        var reference = new ConversationReference
        {
            TenantId = person.TenantId, PersonId = person.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = DeliveryWorld.ServiceUrl,
            ConversationId = DeliveryWorld.ConversationOf(person), ConversationType = "personal", BotId = "28:bot", UserId = person.ExternalId,
            CapturedAt = DeliveryWorld.Start, UpdatedAt = DeliveryWorld.Start,
        };
        db.ConversationReferences.Add(reference);
        await db.SaveChangesAsync();
    }

    /// <summary>Notices saying how they were made: digests together (or failing, when told to), the rest alone.</summary>
    private sealed class BatchedNotices(bool fail = false) : IBatchedDeliveryContent
    {
        public ConcurrentQueue<Guid[]> Batches { get; } = new();
        public ConcurrentQueue<Guid> Alone { get; } = new();

        public bool RendersTogether(DeliveryKind kind) => kind == DeliveryKind.ManagerDigest;

        public Task<IReadOnlyList<DeliveryContent>> RenderManyAsync(IReadOnlyList<(DeliveryClaim Delivery, DeliveryRecipient Recipient)> deliveries,
            CancellationToken ct)
        {
            if (fail) throw new InvalidOperationException("The store went away.");
            Batches.Enqueue([.. deliveries.Select(d => d.Recipient.Person.Id)]);
            return Task.FromResult<IReadOnlyList<DeliveryContent>>(
                [.. deliveries.Select(d => DeliveryContent.Send(new NoticeView("en-US", NoticeKind.Info, $"together {d.Delivery.Kind}")))]);
        }

        public Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
        {
            Alone.Enqueue(recipient.Person.Id);
            return Task.FromResult(DeliveryContent.Send(new NoticeView("en-US", NoticeKind.Info, $"alone {delivery.Kind}")));
        }
    }
}
