using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Delivery;

public sealed class DeliveryDispatcherOnPostgres() : DeliveryDispatcherTests(DatabaseProvider.Postgres);
public sealed class DeliveryDispatcherOnSqlite() : DeliveryDispatcherTests(DatabaseProvider.Sqlite);

/// <summary>
/// One dispatcher sending through the Teams sender to a local fake Bot Connector: what each connector answer does to the
/// delivery, and what is never sent at all.
/// </summary>
public abstract class DeliveryDispatcherTests(DatabaseProvider provider) : StoreTests(provider), IAsyncLifetime
{
    private FakeConnector _fake = null!;
    private HttpClient _http = null!;
    private DeliveryWorld _w = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _fake = await FakeConnector.StartAsync();
        _http = _fake.CreateHttpClient();
        _w = await DeliveryWorld.CreateAsync(Store, options: o => o.MaxAttempts = 3);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
        await DisposeAsync();
    }

    private DeliveryDispatcher Dispatcher(IDeliveryContent? content = null) => _w.Dispatcher(_w.TeamsSender(_fake, _http), "node-a", content);

    private IReadOnlyList<RecordedRequest> Sends => [.. _fake.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation)];

    [Fact]
    public async Task Due_deliveries_go_out_as_cards_to_each_persons_chat_and_their_message_ids_are_kept()
    {
        var people = await _w.PeopleAsync(3);
        var ids = (await _w.EnqueuePromptsAsync(people)).Select(r => r.Id).ToList();

        var report = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal((3, 3), (report.Claimed, report.Sent));
        Assert.Equal(people.Select(DeliveryWorld.ConversationOf).Order(), Sends.Select(r => r.ConversationId!).Order());
        Assert.All(Sends, r => Assert.Equal(AdaptiveCardContentType, r.Json["attachments"]![0]!["contentType"]!.GetValue<string>()));
        Assert.All(Sends, r => Assert.Null(r.Json["text"]));
        var rows = await _w.RowsAsync();
        Assert.All(rows, r => Assert.Equal(DeliveryState.Sent, r.State));
        Assert.Equal(["activity-1", "activity-2", "activity-3"], rows.Select(r => r.MessageId!).Order());
        Assert.Equal(ids.Order(), rows.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task A_429_puts_the_delivery_back_until_its_Retry_After_and_then_it_is_sent()
    {
        var ada = (await _w.PeopleAsync(1))[0];
        var id = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        _fake.Enqueue(FakeReply.Throttled("7"));

        var first = await Dispatcher().RunOnceAsync(CancellationToken.None);
        var throttledAt = _w.Clock.GetUtcNow();

        Assert.Equal(1, first.Retrying);
        var row = await _w.RowAsync(id);
        Assert.Equal((DeliveryState.Pending, throttledAt.AddSeconds(7), DeliveryOutcomeKind.Throttled, 429),
            (row.State, row.NotBefore, row.LastOutcome, row.LastStatus));
        _w.Clock.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Equal(0, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Claimed);
        _w.Clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Sent);
        Assert.Equal([429, 200], Sends.Select(r => r.AnsweredStatus));
        Assert.Equal((DeliveryState.Sent, 2), ((await _w.RowAsync(id)).State, (await _w.RowAsync(id)).Attempts));
    }

    [Fact]
    public async Task A_429_holds_off_the_whole_tenant_for_its_Retry_After_not_just_the_throttled_delivery()
    {
        var people = await _w.PeopleAsync(2);
        var calls = 0;
        var sender = new RecordingSender(_w.Clock, (_, _, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? DeliveryOutcome.Throttled(TimeSpan.FromSeconds(7))
            : DeliveryOutcome.Sent("m")));
        var dispatcher = _w.Dispatcher(sender, "node-a");
        await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]));
        await dispatcher.RunOnceAsync(CancellationToken.None);
        var throttledAt = Assert.Single(sender.Calls).At;

        await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[1]));
        var report = await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, report.Sent);
        Assert.All(sender.Calls.Skip(1), c => Assert.True(c.At >= throttledAt.AddSeconds(7), $"sent at {c.At:O}, throttled at {throttledAt:O}"));
    }

    [Fact]
    public async Task A_503_backs_off_and_the_next_try_after_the_backoff_sends_it()
    {
        var ada = (await _w.PeopleAsync(1))[0];
        var id = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        _fake.Enqueue(FakeReply.Error(503, "ServiceUnavailable"));

        await Dispatcher().RunOnceAsync(CancellationToken.None);
        var failedAt = _w.Clock.GetUtcNow();

        var row = await _w.RowAsync(id);
        Assert.Equal((DeliveryState.Pending, DeliveryOutcomeKind.Transient, 503), (row.State, row.LastOutcome, row.LastStatus));
        Assert.InRange(row.NotBefore, failedAt.AddSeconds(5), failedAt.AddSeconds(10));
        _w.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task Transient_failures_are_tried_a_bounded_number_of_times_then_the_delivery_fails()
    {
        var ada = (await _w.PeopleAsync(1))[0];
        var id = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        _fake.Enqueue(FakeReply.Status(502), FakeReply.Status(503), FakeReply.Status(504), FakeReply.Status(503));

        for (var i = 0; i < 5; i++)
        {
            await Dispatcher().RunOnceAsync(CancellationToken.None);
            _w.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(3, Sends.Count);
        var row = await _w.RowAsync(id);
        Assert.Equal((DeliveryState.Failed, 3, 504), (row.State, row.Attempts, row.LastStatus));
    }

    [Fact]
    public async Task A_403_marks_the_conversation_inactive_and_nothing_is_sent_there_again()
    {
        var ada = (await _w.PeopleAsync(1))[0];
        var id = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        _fake.Enqueue(FakeReply.Error(403, "ConversationBlockedByUser", "User blocked the conversation with the bot."));

        var report = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.Gone);
        Assert.Equal(DeliveryState.Gone, (await _w.RowAsync(id)).State);
        var reference = await _w.Conversations.FindAsync(_w.Tenant.Id, ada.Id, Channel.Teams);
        Assert.Equal((false, "ConversationBlockedByUser"), (reference!.IsActive, reference.InactiveReason));

        _w.Clock.Advance(TimeSpan.FromDays(7));
        var nextWeek = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada, "2026-11-23"))).Id;
        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Gone);
        Assert.Single(Sends);
        Assert.Equal(DeliveryState.Gone, (await _w.RowAsync(nextWeek)).State);
    }

    [Fact]
    public async Task A_checked_in_prompt_card_is_updated_in_place_once_and_a_deleted_card_does_not_end_the_conversation()
    {
        var people = await _w.PeopleAsync(2);
        await _w.EnqueuePromptsAsync(people);
        await Dispatcher().RunOnceAsync(CancellationToken.None);
        var prompts = (await _w.RowsAsync()).ToDictionary(r => r.PersonId);
        // Both check in from another card; the planner has no say here, the check-in does.
        var cards = new PromptCards(Store.Database, _w.Queue, new RhythmStore(Store.Database), _w.Clock);
        foreach (var p in people) Assert.Equal(1, await cards.CloseAsync(p, Channel.Teams, new DateOnly(2026, 11, 16), keepMessageId: null));
        Assert.Equal(0, await cards.CloseAsync(people[0], Channel.Teams, new DateOnly(2026, 11, 16), keepMessageId: null)); // an amend plans nothing more
        _fake.Enqueue(FakeReply.Ok(), FakeReply.Error(404, "ActivityNotFound", "The activity was deleted."));

        var report = await Dispatcher(_w.OkrContent()).RunOnceAsync(CancellationToken.None);

        Assert.Equal((2, 1, 1), (report.Claimed, report.Sent, report.Cancelled));
        var updates = _fake.ConnectorRequests.Where(r => r.Route == FakeRoute.UpdateActivity).ToList();
        Assert.Equal(2, updates.Count);
        Assert.Equal(prompts.Values.Select(p => p.MessageId!).Order(), updates.Select(u => u.ActivityId!).Order());
        Assert.All(updates, u => Assert.Contains(EnglishCheckedIn, u.Body, StringComparison.Ordinal));
        Assert.Equal(2, Sends.Count); // no new message went out
        foreach (var p in people) Assert.True((await _w.Conversations.FindAsync(_w.Tenant.Id, p.Id, Channel.Teams))!.IsActive);
    }

    private static readonly string EnglishCheckedIn = BotText.English.CheckInPromptClosed(new DateOnly(2026, 11, 16)).Split(' ')[0];

    [Fact]
    public async Task A_400_fails_at_once_without_a_retry()
    {
        var ada = (await _w.PeopleAsync(1))[0];
        var id = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada))).Id;
        _fake.Enqueue(FakeReply.Error(400, "BadArgument", "Unknown attachment type"));

        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Failed);
        _w.Clock.Advance(TimeSpan.FromHours(1));
        await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Single(Sends);
        var row = await _w.RowAsync(id);
        Assert.Equal((DeliveryState.Failed, 1, 400), (row.State, row.Attempts, row.LastStatus));
        Assert.Contains("BadArgument", row.LastError);
    }

    [Fact]
    public async Task When_the_content_has_nothing_to_send_the_delivery_is_cancelled_without_any_request()
    {
        var people = await _w.PeopleAsync(2);
        await _w.EnqueuePromptsAsync(people);

        var report = await Dispatcher(new NoticeContent(_ => "already checked in this week")).RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, report.Cancelled);
        Assert.Empty(_fake.Requests);
        Assert.All(await _w.RowsAsync(), r => Assert.Equal((DeliveryState.Cancelled, "already checked in this week"), (r.State, r.LastError)));
    }

    [Fact]
    public async Task Someone_without_a_conversation_gets_one_created_once_and_stored()
    {
        await _w.PeopleAsync(1);
        var bo = (await _w.PeopleAsync(1, withConversation: false))[0];
        await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(bo));

        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Sent);
        await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(bo, "2026-11-23"));
        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Sent);

        var create = Assert.Single(_fake.ConnectorRequests, r => r.Route == FakeRoute.CreateConversation);
        Assert.Equal(bo.ExternalId, create.Json["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(_w.Tenant.ExternalId, create.Json["tenantId"]!.GetValue<string>());
        Assert.Equal("smba.trafficmanager.net", create.Host);
        Assert.Equal(["a:conversation-1", "a:conversation-1"], Sends.Select(r => r.ConversationId));
        var stored = await _w.Conversations.FindAsync(_w.Tenant.Id, bo.Id, Channel.Teams);
        Assert.Equal(("a:conversation-1", DeliveryWorld.ServiceUrl, true), (stored!.ConversationId, stored.ServiceUrl, stored.IsActive));
    }

    [Fact]
    public async Task A_node_that_claimed_and_died_holds_its_rows_only_until_the_lease_ends()
    {
        var people = await _w.PeopleAsync(6);
        await _w.EnqueuePromptsAsync(people);
        var dead = await _w.NewQueue().ClaimDueAsync("dead-node", _w.Bucket, 4, TimeSpan.FromMinutes(2));

        var before = await Dispatcher().RunOnceAsync(CancellationToken.None);
        _w.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal((2, 4), (before.Sent, after.Sent));
        Assert.Equal(6, Sends.Select(r => r.ConversationId).Distinct().Count());
        Assert.Equal(6, Sends.Count);
        Assert.All(await _w.RowsAsync(), r => Assert.Equal(DeliveryState.Sent, r.State));
        foreach (var claim in dead) Assert.Null(await _w.Queue.RecordAsync(claim, DeliveryOutcome.Transient("late")));
    }

    [Fact]
    public async Task People_who_left_get_nothing()
    {
        var people = await _w.PeopleAsync(2);
        await using (var db = Store.Database.Open())
        {
            (await db.People.FindAsync(people[0].Id))!.IsActive = false;
            await db.SaveChangesAsync();
        }
        await _w.EnqueuePromptsAsync(people);

        var report = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 1), (report.Sent, report.Cancelled));
        Assert.Equal([DeliveryWorld.ConversationOf(people[1])], Sends.Select(r => r.ConversationId));
    }

    [Fact]
    public async Task A_bucket_without_a_sender_is_left_pending()
    {
        var ada = (await _w.PeopleAsync(1))[0];
        var id = (await _w.Queue.EnqueueAsync(DeliveryWorld.Prompt(ada) with { Channel = Channel.Feishu })).Id;

        var report = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, report.Claimed);
        Assert.Equal(DeliveryState.Pending, (await _w.RowAsync(id)).State);
        Assert.Contains(_w.Logs.Entries, e => e.Message.Contains("No sender for Feishu", StringComparison.Ordinal));
    }

    private const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
}
