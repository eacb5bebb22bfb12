using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Demo;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Delivery;

/// <summary>
/// A tenant with people and their Teams conversations in a test store, and the delivery parts (queue, limiter,
/// dispatchers, the Teams sender over a <see cref="FakeConnector"/>) wired on one <see cref="TimerClock"/>, as several nodes
/// would be wired on one database.
/// </summary>
public sealed class DeliveryWorld
{
    public const string ServiceUrl = ConnectorHarness.TeamsServiceUrl;
    public static readonly DateTimeOffset Start = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    private DeliveryWorld(TestStore store, Org org, TimerClock clock, DeliveryOptions options)
    {
        Store = store;
        Org = org;
        Clock = clock;
        Options = options;
        Conversations = new ConversationService(store.Database, clock);
        Queue = NewQueue();
    }

    public TestStore Store { get; }
    public Org Org { get; }
    public Tenant Tenant => Org.Tenant;
    public TimerClock Clock { get; }
    public DeliveryOptions Options { get; }
    public ConversationService Conversations { get; }
    public DeliveryQueue Queue { get; }
    public CapturedLogs Logs { get; } = new();
    public DeliveryBucket Bucket => new(Channel.Teams, Tenant.Id);

    /// <param name="clock">Auto-advancing by default: every wait completes at once and moves the clock on by its length.</param>
    public static async Task<DeliveryWorld> CreateAsync(TestStore store, TimerClock? clock = null, Action<DeliveryOptions>? options = null)
    {
        var deliveryOptions = new DeliveryOptions { BaseRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        options?.Invoke(deliveryOptions);
        return new DeliveryWorld(store, await Org.CreateAsync(store), clock ?? new TimerClock(Start), deliveryOptions);
    }

    /// <summary>Another node's view of the same store: its own queue instance (and through it, its own connections).</summary>
    public DeliveryQueue NewQueue() => new(Store.Database, Conversations, Options, Clock, Logs.For<DeliveryQueue>());

    public DeliveryRateLimiter NewLimiter() => new(Store.Database, Options, Clock);

    public DeliveryDispatcher Dispatcher(IChannelSender sender, string node, IDeliveryContent? content = null, Action<DispatcherOptions>? options = null)
    {
        var dispatcherOptions = new DispatcherOptions { NodeId = node, Lease = TimeSpan.FromMinutes(2), PollInterval = TimeSpan.FromSeconds(1) };
        options?.Invoke(dispatcherOptions);
        return new DeliveryDispatcher(NewQueue(), NewLimiter(), content ?? new NoticeContent(), [sender], dispatcherOptions, Clock,
            Logs.For<DeliveryDispatcher>());
    }

    /// <summary>The real content of deliveries (the views OkrBot sends), over <paramref name="store"/> on <paramref name="clock"/>.</summary>
    public static OkrDeliveryContent OkrContent(TestStore store, TimeProvider clock, DeliveryQueue queue) => new(
        new PeopleService(store.Database, new DemoOrganisation(store.Database, clock, NullLogger<DemoOrganisation>.Instance), clock),
        new OkrQueryService(store.Database, clock), new RhythmStore(store.Database), new WrapUpService(store.Database, clock),
        new DigestService(store.Database, clock), new PromptCards(store.Database, queue, new RhythmStore(store.Database), clock), clock,
        new KeyResultChangeService(store.Database, clock), new CheckInCardBatch(store.Database, clock));

    public OkrDeliveryContent OkrContent() => OkrContent(Store, Clock, Queue);

    /// <summary>The Teams sender as AddOkrDelivery wires it (one try per call), talking to <paramref name="fake"/>.</summary>
    public TeamsChannelSender TeamsSender(FakeConnector fake, HttpClient http)
    {
        var teams = Microsoft.Extensions.Options.Options.Create(new TeamsOptions { AppId = ConnectorHarness.AppId, AppSecret = ConnectorHarness.Secret });
        var connectorOptions = Microsoft.Extensions.Options.Options.Create(new BotConnectorOptions { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(10) });
        var tokens = new AppTokenProvider(http, teams, connectorOptions, Clock, NullLogger<AppTokenProvider>.Instance);
        var client = new BotConnectorClient(http, tokens, new ServiceUrlPolicy(teams), teams, connectorOptions, Clock, Logs.For<BotConnectorClient>());
        return new TeamsChannelSender(client, Conversations, new DispatcherOptions(), Logs.For<TeamsChannelSender>());
    }

    /// <summary><paramref name="count"/> people, saved together, each with a captured Teams 1:1 unless told otherwise.</summary>
    public async Task<IReadOnlyList<Person>> PeopleAsync(int count, bool withConversation = true)
    {
        var people = Enumerable.Range(0, count).Select(i => new Person
        {
            TenantId = Tenant.Id, ExternalId = $"29:person-{i}-{Guid.NewGuid():N}", DisplayName = $"Person {i}", CreatedAt = Start,
        }).ToList();
        await using var db = Store.Database.Open();
        db.People.AddRange(people);
        if (withConversation)
        {
            db.ConversationReferences.AddRange(people.Select(p => new ConversationReference
            {
                TenantId = Tenant.Id, PersonId = p.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = ServiceUrl,
                ConversationId = ConversationOf(p), ConversationType = "personal", BotId = "28:" + ConnectorHarness.AppId, UserId = p.ExternalId,
                CapturedAt = Start, UpdatedAt = Start,
            }));
        }

        await db.SaveChangesAsync();
        return people;
    }

    public static string ConversationOf(Person person) => "a:1" + person.ExternalId[3..];

    public static DeliveryRequest Prompt(Person person, string week = "2026-11-16", DeliveryKind kind = DeliveryKind.CheckInPrompt) =>
        new(person.TenantId, person.Id, Channel.Teams, kind, week);

    public async Task<IReadOnlyList<EnqueueResult>> EnqueuePromptsAsync(IEnumerable<Person> people, string week = "2026-11-16") =>
        await Queue.EnqueueManyAsync([.. people.Select(p => Prompt(p, week))]);

    public async Task<Core.Model.Delivery> RowAsync(Guid id)
    {
        await using var db = Store.Database.Open();
        return await db.Deliveries.FindAsync(id) ?? throw new InvalidOperationException($"No delivery {id}.");
    }

    public async Task<IReadOnlyList<Core.Model.Delivery>> RowsAsync()
    {
        await using var db = Store.Database.Open();
        return [.. db.Deliveries.OrderBy(d => d.CreatedAt)];
    }
}

/// <summary>Content that always has a short notice to send, unless told the person has nothing coming.</summary>
public sealed class NoticeContent(Func<DeliveryClaim, string?>? nothingBecause = null) : IDeliveryContent
{
    public Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct) =>
        Task.FromResult(nothingBecause?.Invoke(delivery) is { } reason
            ? DeliveryContent.Nothing(reason)
            : DeliveryContent.Send(new NoticeView(recipient.Person.Locale, NoticeKind.Info, $"{delivery.Kind} for {delivery.PeriodKey}")));
}

/// <summary>A channel sender that records every call (with the clock's time) and answers what it is told, Sent by default.</summary>
public sealed class RecordingSender(TimeProvider clock, Func<DeliveryRecipient, Guid, CancellationToken, Task<DeliveryOutcome>>? answer = null) : IChannelSender
{
    private int _ids;

    public ConcurrentQueue<(Guid DeliveryId, Guid PersonId, DateTimeOffset At)> Calls { get; } = new();

    /// <summary>Every update: the message replaced, the view, when.</summary>
    public ConcurrentQueue<(Guid PersonId, string MessageId, View View, DateTimeOffset At)> Updates { get; } = new();

    public Channel Channel => Channel.Teams;

    public Task<DeliveryOutcome> UpdateAsync(DeliveryRecipient recipient, string messageId, View view, CancellationToken ct)
    {
        Updates.Enqueue((recipient.Person.Id, messageId, view, clock.GetUtcNow()));
        return Task.FromResult(DeliveryOutcome.Sent(messageId, 200));
    }

    /// <summary>The view each delivery sent.</summary>
    public ConcurrentDictionary<Guid, View> Views { get; } = new();

    public Task<DeliveryOutcome> SendAsync(DeliveryRecipient recipient, View view, Guid deliveryId, CancellationToken ct)
    {
        Calls.Enqueue((deliveryId, recipient.Person.Id, clock.GetUtcNow()));
        Views[deliveryId] = view;
        return answer?.Invoke(recipient, deliveryId, ct)
               ?? Task.FromResult(DeliveryOutcome.Sent($"message-{Interlocked.Increment(ref _ids)}", 201));
    }
}
