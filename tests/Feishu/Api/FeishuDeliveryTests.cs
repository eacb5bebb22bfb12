using System.Text.Json.Nodes;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Feishu.Api;

public sealed class FeishuDeliveryOnPostgres() : FeishuDeliveryTests(DatabaseProvider.Postgres);

/// <summary>
/// A Feishu tenant's deliveries through the <see cref="DeliveryDispatcher"/> and the <see cref="FeishuChannelSender"/> to a
/// local fake Feishu API, on a real store: what goes out, what is kept, and what Feishu's answers do to the deliveries.
/// </summary>
public abstract class FeishuDeliveryTests(DatabaseProvider provider) : StoreTests(provider), IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    private readonly TimerClock _clock = new(Start);
    private FeishuHarness _h = null!;
    private Tenant _tenant = null!;
    private ConversationService _conversations = null!;
    private DeliveryQueue _queue = null!;
    private DeliveryOptions _options = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _h = await FeishuHarness.StartAsync(_clock);
        _tenant = new Tenant { Name = "Feishu Co", Channel = Channel.Feishu, ExternalId = "tenant_key_" + Guid.NewGuid().ToString("N")[..8], CreatedAt = Start };
        await using (var db = Store.Database.Open())
        {
            db.Tenants.Add(_tenant);
            await db.SaveChangesAsync();
        }

        _conversations = new ConversationService(Store.Database, _clock);
        _options = new DeliveryOptions { MaxAttempts = 3, BaseRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        _queue = new DeliveryQueue(Store.Database, _conversations, _options, _clock, _h.Logs.For<DeliveryQueue>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _h.DisposeAsync();
        await DisposeAsync();
    }

    /// <summary>The sender as AddFeishuConnector wires it, with a plain test card for the renderer that is still being written.</summary>
    private FeishuChannelSender Sender(Func<View, JsonObject>? render = null) =>
        new(_h.Client, _conversations, _h.Logs.For<FeishuChannelSender>(), render ?? (view => FeishuHarness.Card(((NoticeView)view).Message)));

    private DeliveryDispatcher Dispatcher(IDeliveryContent? content = null, IChannelSender? sender = null) => new(
        new DeliveryQueue(Store.Database, _conversations, _options, _clock, _h.Logs.For<DeliveryQueue>()),
        new DeliveryRateLimiter(Store.Database, _options, _clock), content ?? new NoticeContent(), [sender ?? Sender()],
        new DispatcherOptions { NodeId = "node-a", Lease = TimeSpan.FromMinutes(2), PollInterval = TimeSpan.FromSeconds(1) }, _clock,
        _h.Logs.For<DeliveryDispatcher>());

    /// <summary>People of the Feishu tenant (open_ids as external ids); the first <paramref name="withChat"/> have a stored chat.</summary>
    private async Task<IReadOnlyList<Person>> PeopleAsync(int count, int withChat = 0)
    {
        var people = Enumerable.Range(0, count).Select(i => new Person
        {
            TenantId = _tenant.Id, ExternalId = $"ou_person{i}_{Guid.NewGuid():N}", DisplayName = $"Person {i}", Locale = "zh-CN", CreatedAt = Start,
        }).ToList();
        await using var db = Store.Database.Open();
        db.People.AddRange(people);
        db.ConversationReferences.AddRange(people.Take(withChat).Select(p => new ConversationReference
        {
            TenantId = _tenant.Id, PersonId = p.Id, Channel = Channel.Feishu, ChannelId = "p2p", ConversationId = FakeFeishuApi.ChatOf(p.ExternalId),
            ConversationType = "p2p", UserId = p.ExternalId, CapturedAt = Start, UpdatedAt = Start,
        }));
        await db.SaveChangesAsync();
        return people;
    }

    private static DeliveryRequest Prompt(Person person, string week = "2026-11-16") =>
        new(person.TenantId, person.Id, Channel.Feishu, DeliveryKind.CheckInPrompt, week);

    private async Task<Core.Model.Delivery> RowAsync(Guid id)
    {
        await using var db = Store.Database.Open();
        return await db.Deliveries.FindAsync(id) ?? throw new InvalidOperationException($"No delivery {id}.");
    }

    [Fact]
    public async Task A_Feishu_tenants_deliveries_go_out_as_cards_to_each_open_id_with_the_delivery_id_as_uuid_and_their_message_ids_are_kept()
    {
        var people = await PeopleAsync(3, withChat: 1);
        var ids = (await _queue.EnqueueManyAsync([.. people.Select(p => Prompt(p))])).Select(r => r.Id).ToList();

        var report = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal((3, 3), (report.Claimed, report.Sent));
        var sends = _h.Fake.Sends;
        Assert.Equal(people.Select(p => p.ExternalId).Order(), sends.Select(r => r.Json["receive_id"]!.GetValue<string>()).Order());
        Assert.All(sends, r => Assert.Equal("/open-apis/im/v1/messages?receive_id_type=open_id", r.RawTarget));
        Assert.All(sends, r => Assert.Equal("interactive", r.Json["msg_type"]!.GetValue<string>()));
        Assert.All(sends, r => Assert.Contains("CheckInPrompt for 2026-11-16", r.Json["content"]!.GetValue<string>()));
        for (var i = 0; i < people.Count; i++)
        {
            var send = Assert.Single(sends, r => r.Json["receive_id"]!.GetValue<string>() == people[i].ExternalId);
            Assert.Equal(ids[i].ToString("D"), send.Json["uuid"]!.GetValue<string>());
            var row = await RowAsync(ids[i]);
            Assert.Equal(DeliveryState.Sent, row.State);
            Assert.Equal(JsonNode.Parse(send.AnsweredBody!)!["data"]!["message_id"]!.GetValue<string>(), row.MessageId);
        }

        // Everyone now has their chat stored, so a later "cannot be reached" has a conversation to mark inactive.
        foreach (var p in people)
        {
            var reference = await _conversations.FindAsync(_tenant.Id, p.Id, Channel.Feishu);
            Assert.Equal((FakeFeishuApi.ChatOf(p.ExternalId), "p2p", p.ExternalId, true),
                (reference!.ConversationId, reference.ChannelId, reference.UserId, reference.IsActive));
        }
    }

    [Fact]
    public async Task A_429_holds_the_whole_tenant_off_for_x_ogw_ratelimit_reset_and_then_both_go_out()
    {
        var people = await PeopleAsync(2);
        var throttled = (await _queue.EnqueueAsync(Prompt(people[0]))).Id;
        _h.Fake.Enqueue(FeishuReply.Throttled("7"));

        var first = await Dispatcher().RunOnceAsync(CancellationToken.None);
        var throttledAt = _clock.GetUtcNow();

        Assert.Equal(1, first.Retrying);
        var row = await RowAsync(throttled);
        Assert.Equal((DeliveryState.Pending, throttledAt.AddSeconds(7), DeliveryOutcomeKind.Throttled, 429),
            (row.State, row.NotBefore, row.LastOutcome, row.LastStatus));

        // Someone else's delivery, due at once: the tenant is held off, so it waits the 7 seconds as well.
        var other = (await _queue.EnqueueAsync(Prompt(people[1]))).Id;
        var second = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, second.Sent);
        var sends = _h.Fake.Sends;
        Assert.Equal([429, 200, 200], sends.Select(r => r.AnsweredStatus));
        Assert.All(sends.Skip(1), r => Assert.True(r.At >= throttledAt.AddSeconds(7), $"sent at {r.At:O}, throttled at {throttledAt:O}"));
        var (again, next) = (await RowAsync(throttled), await RowAsync(other));
        Assert.Equal((DeliveryState.Sent, 2), (again.State, again.Attempts));
        Assert.Equal(DeliveryState.Sent, next.State);
        Assert.StartsWith("om_message-", again.MessageId);
        Assert.StartsWith("om_message-", next.MessageId);
        Assert.NotEqual(again.MessageId, next.MessageId);
        // The throttled delivery was sent again under the same uuid: had the first try got through after all, Feishu would
        // have delivered nothing new.
        Assert.Equal(throttled.ToString("D"), Assert.Single(sends, r => r.AnsweredStatus == 200 && r.Json["receive_id"]!.GetValue<string>() == people[0].ExternalId)
            .Json["uuid"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_person_who_stopped_the_bot_is_gone_their_chat_is_marked_inactive_and_nothing_more_is_sent_there()
    {
        var ada = (await PeopleAsync(1, withChat: 1))[0];
        var id = (await _queue.EnqueueAsync(Prompt(ada))).Id;
        _h.Fake.Enqueue(FeishuReply.Error(230053, "The user has stopped the bot from sending messages."));

        var report = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.Gone);
        Assert.Equal(DeliveryState.Gone, (await RowAsync(id)).State);
        var reference = await _conversations.FindAsync(_tenant.Id, ada.Id, Channel.Feishu);
        Assert.False(reference!.IsActive);
        Assert.Contains("230053", reference.InactiveReason);

        _clock.Advance(TimeSpan.FromDays(7));
        var nextWeek = (await _queue.EnqueueAsync(Prompt(ada, "2026-11-23"))).Id;
        Assert.Equal(1, (await Dispatcher().RunOnceAsync(CancellationToken.None)).Gone);
        Assert.Single(_h.Fake.Sends);
        Assert.Equal(DeliveryState.Gone, (await RowAsync(nextWeek)).State);
    }

    [Fact]
    public async Task A_card_replaced_in_place_is_patched_and_a_recalled_one_only_cancels_the_update()
    {
        var people = await PeopleAsync(2, withChat: 2);
        await _queue.EnqueueManyAsync([.. people.Select(p => Prompt(p))]);
        var content = new ReplaceContent(p => p == people[0].Id ? "om_first" : "om_second");
        _h.Fake.Enqueue(FeishuReply.Ok(), FeishuReply.Error(230011, "The message is recalled."));

        var report = await Dispatcher(content).RunOnceAsync(CancellationToken.None);

        Assert.Equal((2, 1, 1), (report.Claimed, report.Sent, report.Cancelled));
        Assert.Empty(_h.Fake.Sends);
        var updates = _h.Fake.MessageRequests.Where(r => r.Route == FeishuRoute.UpdateMessage).ToList();
        Assert.Equal(["om_first", "om_second"], updates.Select(u => u.MessageId!).Order());
        Assert.All(updates, u => Assert.Contains("Checked in", u.Json["content"]!.GetValue<string>()));
        foreach (var p in people) Assert.True((await _conversations.FindAsync(_tenant.Id, p.Id, Channel.Feishu))!.IsActive);
    }

    [Fact]
    public async Task A_view_with_no_Feishu_card_yet_fails_without_a_request()
    {
        var ada = (await PeopleAsync(1))[0];
        var id = (await _queue.EnqueueAsync(Prompt(ada))).Id;
        var sender = Sender(view => throw new NotSupportedException($"No Feishu card for {view.GetType().Name} yet."));

        var report = await Dispatcher(sender: sender).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.Failed);
        Assert.Contains("no Feishu card for NoticeView", (await RowAsync(id)).LastError);
        Assert.Empty(_h.Fake.Requests);
    }

    [Fact]
    public async Task The_sender_refuses_an_inactive_chat_and_a_demo_person_without_a_request()
    {
        var people = await PeopleAsync(2, withChat: 1);
        var inactive = new ConversationReference
        {
            TenantId = _tenant.Id, PersonId = people[0].Id, Channel = Channel.Feishu, ConversationId = "oc_x", UserId = people[0].ExternalId, IsActive = false,
            InactiveReason = "Feishu 230053",
        };
        var demo = new Person { TenantId = _tenant.Id, ExternalId = Person.DemoExternalIdPrefix + "ada", DisplayName = "Ada" };
        var view = new NoticeView("en-US", NoticeKind.Info, "Hello");

        var gone = await Sender().SendAsync(new DeliveryRecipient(people[0], _tenant, inactive), view, Guid.NewGuid(), CancellationToken.None);
        var failed = await Sender().SendAsync(new DeliveryRecipient(demo, _tenant, null), view, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal((DeliveryOutcomeKind.Gone, DeliveryOutcomeKind.Failed), (gone.Kind, failed.Kind));
        Assert.Contains("230053", gone.Reason);
        Assert.Empty(_h.Fake.Requests);
    }

    /// <summary>Content that replaces each person's card (the message id given) with a "checked in" notice.</summary>
    private sealed class ReplaceContent(Func<Guid, string> messageOf) : IDeliveryContent
    {
        public Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct) =>
            Task.FromResult(DeliveryContent.Replace(messageOf(recipient.Person.Id), new NoticeView(recipient.Person.Locale, NoticeKind.Success, "Checked in")));
    }
}
