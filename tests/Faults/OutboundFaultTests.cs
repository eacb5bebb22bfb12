using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Faults;

/// <summary>What a messenger's API does to the first request for each person in <see cref="OutboundFaultTests"/>.</summary>
public enum Fault { Throttled, ServerError, BadGateway, Unavailable, GatewayTimeout, NoAnswer, Reset, MalformedJson }

/// <summary>
/// A row of the outbound faults table (docs/reliability.md): the messenger's API answers the first send to each person with
/// <paramref name="Fault"/>, then normally. <paramref name="Retried"/>: whether the platform asks for another try (then every
/// delivery ends Sent, after exactly two requests); otherwise it ends as <paramref name="Ends"/> after one.
/// </summary>
public sealed record OutboundFault(Channel Channel, Fault Fault, string Name, bool Retried, DeliveryState Ends, string Outcome)
{
    public override string ToString() => Name;

    public string Row => $"| Outbound ({Channel}) | {Name} | {Outcome} |";
}

/// <summary>
/// The connector and the Feishu API failing in every way the issue names (429, 500, 502/503/504, no answer, a reset
/// connection, malformed JSON), with deliveries going through the real dispatcher and channel senders on PostgreSQL: each
/// delivery is retried as the platform asks, nothing is lost, and nothing is sent twice (Feishu's retries carry the same
/// uuid, so a first try that did get through is not shown twice).
/// </summary>
public sealed class OutboundFaultTests() : StoreTests(DatabaseProvider.Postgres)
{
    private const int People = 4;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(400);

    public static IReadOnlyList<OutboundFault> Cases { get; } =
    [
        new(Channel.Teams, Fault.Throttled, "429 with Retry-After", true, DeliveryState.Sent, "the tenant held off for the Retry-After, then each sent once"),
        new(Channel.Teams, Fault.ServerError, "500", false, DeliveryState.Failed,
            "not retried (the Bot Connector's 500 is not transient, as the protocol says): failed, recorded with its status"),
        new(Channel.Teams, Fault.BadGateway, "502", true, DeliveryState.Sent, "retried after a backoff, each sent once"),
        new(Channel.Teams, Fault.Unavailable, "503", true, DeliveryState.Sent, "retried after a backoff, each sent once"),
        new(Channel.Teams, Fault.GatewayTimeout, "504", true, DeliveryState.Sent, "retried after a backoff, each sent once"),
        new(Channel.Teams, Fault.NoAnswer, "no answer within the request timeout", true, DeliveryState.Sent,
            "given up at the timeout, retried after a backoff, each sent once"),
        new(Channel.Teams, Fault.Reset, "the connection reset", true, DeliveryState.Sent, "retried after a backoff, each sent once"),
        new(Channel.Teams, Fault.MalformedJson, "a 201 whose body is not JSON", false, DeliveryState.Sent,
            "sent (the message went out; no id to keep), not sent again"),
        new(Channel.Feishu, Fault.Throttled, "429 with x-ogw-ratelimit-reset", true, DeliveryState.Sent,
            "the tenant held off for the reset time, then each sent once"),
        new(Channel.Feishu, Fault.ServerError, "500", true, DeliveryState.Sent, "retried with the same uuid, each sent once"),
        new(Channel.Feishu, Fault.BadGateway, "502", true, DeliveryState.Sent, "retried with the same uuid, each sent once"),
        new(Channel.Feishu, Fault.Unavailable, "503", true, DeliveryState.Sent, "retried with the same uuid, each sent once"),
        new(Channel.Feishu, Fault.GatewayTimeout, "504", true, DeliveryState.Sent, "retried with the same uuid, each sent once"),
        new(Channel.Feishu, Fault.NoAnswer, "no answer within the request timeout", true, DeliveryState.Sent,
            "retried with the same uuid (Feishu shows one message per uuid), each sent once"),
        new(Channel.Feishu, Fault.Reset, "the connection reset", true, DeliveryState.Sent, "retried with the same uuid, each sent once"),
        new(Channel.Feishu, Fault.MalformedJson, "a 200 whose body is not JSON", true, DeliveryState.Sent,
            "retried with the same uuid (the first may have gone out: Feishu shows it once), each sent once"),
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => $"{c.Channel}: {c.Name}")];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Deliveries_meeting_a_fault_are_retried_as_the_platform_asks_and_none_is_lost_or_doubled(string @case)
    {
        var fault = Cases.Single(c => $"{c.Channel}: {c.Name}" == @case);
        var clock = new TimerClock(DeliveryWorld.Start);
        var world = await DeliveryWorld.CreateAsync(Store, clock);
        var options = new DeliveryOptions { MaxAttempts = 4, BaseRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(5) };

        var (sender, requests, dispose) = fault.Channel == Channel.Teams
            ? await TeamsAsync(world, fault.Fault)
            : await FeishuAsync(world, fault.Fault);
        try
        {
            var people = await PeopleAsync(world, fault.Channel);
            var queue = new DeliveryQueue(Store.Database, world.Conversations, options, clock, NullLogger<DeliveryQueue>.Instance);
            var ids = (await queue.EnqueueManyAsync([.. people.Select(p => new DeliveryRequest(p.TenantId, p.Id, fault.Channel, DeliveryKind.CheckInPrompt, "2026-11-16"))]))
                .Select(r => r.Id).ToList();
            var dispatcher = new DeliveryDispatcher(queue, new DeliveryRateLimiter(Store.Database, options, clock), new NoticeContent(), [sender],
                new DispatcherOptions { NodeId = "node-a", Lease = TimeSpan.FromMinutes(2) }, clock, NullLogger<DeliveryDispatcher>.Instance);

            // The worker's loop, with the clock moved to whenever the next row is due.
            for (var run = 0; run < 20 && await queue.NextDueAsync() is { } due; run++)
            {
                if (due > clock.GetUtcNow()) clock.Advance(due - clock.GetUtcNow());
                await dispatcher.RunOnceAsync(CancellationToken.None);
            }

            await using var db = Store.Database.Open();
            var rows = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync();
            Assert.Equal(People, rows.Count);
            Assert.All(rows, r => Assert.Equal(fault.Ends, r.State));
            Assert.All(rows, r => Assert.Equal(fault.Retried ? 2 : 1, r.Attempts));
            var sent = requests();
            Assert.Equal(People * (fault.Retried ? 2 : 1), sent.Count);
            foreach (var person in people)
            {
                var mine = sent.Where(r => r.Recipient == person.ExternalId || r.Recipient == DeliveryWorld.ConversationOf(person)).ToList();
                Assert.Equal(fault.Ends == DeliveryState.Sent ? 1 : 0, mine.Count(r => r.Succeeded));
                // Feishu deduplicates by uuid: every try for one delivery carries the delivery's id.
                if (fault.Channel == Channel.Feishu)
                    Assert.Single(mine.Select(r => r.Uuid).Distinct());
            }
            if (fault.Ends == DeliveryState.Failed) Assert.All(rows, r => Assert.Equal(500, r.LastStatus));
        }
        finally
        {
            await dispose();
        }
    }

    /// <summary>One request as the fake API saw it: whom it was for, whether it was answered with success, its uuid (Feishu).</summary>
    private sealed record Sent(string? Recipient, bool Succeeded, string? Uuid);

    private async Task<IReadOnlyList<Person>> PeopleAsync(DeliveryWorld world, Channel channel)
    {
        if (channel == Channel.Teams) return await world.PeopleAsync(People);
        var tenant = new Tenant { Name = "Feishu Co", Channel = Channel.Feishu, ExternalId = "tenant_key_" + Guid.NewGuid().ToString("N")[..8], CreatedAt = DeliveryWorld.Start };
        var people = Enumerable.Range(0, People).Select(i => new Person
        {
            TenantId = tenant.Id, ExternalId = $"ou_person{i}_{Guid.NewGuid():N}", DisplayName = $"Person {i}", CreatedAt = DeliveryWorld.Start,
        }).ToList();
        await using var db = Store.Database.Open();
        db.Tenants.Add(tenant);
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        return people;
    }

    private static async Task<(IChannelSender, Func<IReadOnlyList<Sent>>, Func<Task>)> TeamsAsync(DeliveryWorld world, Fault fault)
    {
        var fake = await FakeConnector.StartAsync();
        var http = fake.CreateHttpClient();
        fake.Enqueue([.. Enumerable.Range(0, People).Select(_ => fault switch
        {
            Fault.Throttled => FakeReply.Throttled("7"),
            Fault.ServerError => FakeReply.Error(500, "ServiceError"),
            Fault.BadGateway => FakeReply.Error(502, "ServiceError"),
            Fault.Unavailable => FakeReply.Status(503),
            Fault.GatewayTimeout => FakeReply.Status(504),
            Fault.NoAnswer => FakeReply.NoAnswer(),
            Fault.Reset => FakeReply.Reset(),
            _ => FakeReply.Raw(201, "{\"id\":\"activity-"),
        })]);
        var teams = Microsoft.Extensions.Options.Options.Create(new TeamsOptions { AppId = ConnectorHarness.AppId, AppSecret = ConnectorHarness.Secret });
        var connectorOptions = Microsoft.Extensions.Options.Options.Create(new BotConnectorOptions { MaxAttempts = 1, RequestTimeout = RequestTimeout });
        var tokens = new AppTokenProvider(http, teams, connectorOptions, world.Clock, NullLogger<AppTokenProvider>.Instance);
        var client = new BotConnectorClient(http, tokens, new ServiceUrlPolicy(teams), teams, connectorOptions, world.Clock, NullLogger<BotConnectorClient>.Instance);
        var sender = new TeamsChannelSender(client, world.Conversations, new DispatcherOptions(), NullLogger<TeamsChannelSender>.Instance);
        return (sender,
            () => [.. fake.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation)
                .Select(r => new Sent(r.ConversationId, r.AnsweredStatus is >= 200 and < 300, null))],
            async () =>
            {
                http.Dispose();
                await fake.DisposeAsync();
            });
    }

    private static async Task<(IChannelSender, Func<IReadOnlyList<Sent>>, Func<Task>)> FeishuAsync(DeliveryWorld world, Fault fault)
    {
        var h = await FeishuHarness.StartAsync(world.Clock, o => o.RequestTimeout = RequestTimeout);
        h.Fake.Enqueue([.. Enumerable.Range(0, People).Select(_ => fault switch
        {
            Fault.Throttled => FeishuReply.Throttled("7"),
            Fault.ServerError => FeishuReply.Status(500),
            Fault.BadGateway => FeishuReply.Raw(502, "<html>502 Bad Gateway</html>"),
            Fault.Unavailable => FeishuReply.Status(503),
            Fault.GatewayTimeout => FeishuReply.Status(504),
            Fault.NoAnswer => FeishuReply.NoAnswer(),
            Fault.Reset => FeishuReply.Reset(),
            _ => FeishuReply.Raw(200, "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\"om_"),
        })]);
        var sender = new FeishuChannelSender(h.Client, world.Conversations, NullLogger<FeishuChannelSender>.Instance,
            view => FeishuHarness.Card(((NoticeView)view).Message));
        return (sender,
            () => [.. h.Fake.Sends.Select(r => new Sent(r.Json["receive_id"]!.GetValue<string>(), r.AnsweredStatus == 200 && r.AnsweredBody?.Contains("\"code\":0") == true
                && r.AnsweredBody.EndsWith('}'), r.Json["uuid"]!.GetValue<string>()))],
            async () => await h.DisposeAsync());
    }
}
