using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Feishu.Inbound;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;
using OkrBot.Tests.Teams.Connector;
using Xunit.Abstractions;

namespace OkrBot.Tests.Faults;

/// <summary>
/// PostgreSQL stopped and started again while the bot is busy: people writing to it on Teams and Feishu, a fan-out of 300
/// deliveries under way, the rhythm's planner firing every second. On a server of its own, so that the rest of the run keeps
/// the shared one. See docs/decisions/0019-when-the-database-is-away.md.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>This class's rows of the faults table in docs/reliability.md.</summary>
    public static IReadOnlyList<string> Rows { get; } =
    [
        "| PostgreSQL | stopped (pg_ctl stop -m fast) for 7 s under load, then started | every request meanwhile: 503 problem+json with Retry-After: 5, under 5 s, no trace; /healthz 503; " +
        "requests succeed again as soon as it is back; no 500 at any time |",
        "| PostgreSQL | the same outage, mid fan-out of 300 deliveries | the dispatcher logs, backs off and resumes; every delivery sent; only sends in flight at the stop sent twice (at most 16) |",
        "| PostgreSQL | the same outage, the planner firing every second | planner runs fail and are logged; Quartz retries its store and the planner runs again after the start |",
        "| PostgreSQL | the same outage, a Feishu event pushed meanwhile | 503 at once (nothing recorded); Feishu's next push is accepted and answered |",
        "| PostgreSQL | the same outage, a Feishu answer on its way when it began | the event cannot be marked done: the inbox tries it again after a backoff until the " +
        "store is back, and sends the answer again under the same uuid (Feishu shows it once) |",
    ];

    private const int Deliveries = 300;
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);

    private PostgresServer _server = null!;
    private TestStore _store = null!;
    private bool _serverUp = true;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartDedicatedAsync();
        _store = await TestStore.CreateOnAsync(_server);
    }

    public async Task DisposeAsync()
    {
        if (_serverUp) await _store.DisposeAsync();
        _server.Remove();
    }

    /// <summary>One request of the load: when it started and ended, and what came back.</summary>
    private sealed record Answered(string Phase, HttpStatusCode Status, TimeSpan Took, string? ContentType, string? RetryAfter, string Body);

    [Fact]
    public async Task PostgreSQL_stopped_and_started_under_load_gets_quick_503s_pauses_the_jobs_and_loses_no_delivery()
    {
        var clock = new ShiftedClock(TestStore.DefaultNow);
        var logs = new CapturedLogs();
        await using var feishu = await FakeFeishuApi.StartAsync(clock);
        await using var bot = await TeamsBot.StartAsync(_store, configure: b =>
        {
            b.UseSetting("Rhythm:Enabled", "true");
            b.UseSetting("Rhythm:Interval", "00:00:01");
            b.UseSetting("Rhythm:ClusterCheckInInterval", "00:00:01");
            b.UseSetting("Delivery:Dispatcher:PollInterval", "00:00:00.500");
            // A send whose outcome could not be recorded comes back after its lease: short here, 2 minutes by default.
            b.UseSetting("Delivery:Dispatcher:Lease", "00:00:05");
            b.UseSetting("Feishu:AppId", "cli_test");
            b.UseSetting("Feishu:AppSecret", "app-secret-never-logged");
            b.UseSetting("Feishu:EncryptKey", FeishuBot.EncryptKey);
            b.UseSetting("Feishu:VerificationToken", FeishuBot.VerificationToken);
            b.UseSetting("Feishu:ApiBaseUrl", feishu.BaseUrl);
            b.UseSetting("Logging:LogLevel:OkrBot.Jobs.Rhythm", "Debug");
            b.ConfigureLogging(l => l.AddProvider(logs));
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<IDeliveryContent>(new NoticeContent());
            });
        });
        var http = bot.Factory.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(60);

        var org = await Org.CreateAsync(_store);
        var writers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => org.PersonAsync($"Writer {i}")));
        var recipients = await RecipientsAsync(org, bot.Connector.ServiceUrl);
        var queue = bot.Factory.Services.GetRequiredService<DeliveryQueue>();
        await queue.EnqueueManyAsync([.. recipients.Select(p => new DeliveryRequest(p.TenantId, p.Id, Channel.Teams, DeliveryKind.CheckInPrompt, "2026-11-16"))]);
        bot.Factory.Services.GetRequiredService<DeliveryNudge>().Nudge();

        // People keep writing "help" to the bot from start to end.
        var answers = new ConcurrentQueue<Answered>();
        var phase = "before";
        using var stopLoad = new CancellationTokenSource();
        var load = writers.Select(writer => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var activity = bot.Message("help");
                activity["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = writer.ExternalId, ["name"] = writer.DisplayName };
                activity["conversation"]!["id"] = "a:conversation-of-" + writer.ExternalId;
                activity["channelData"]!["tenant"]!["id"] = org.Tenant.ExternalId;
                activity["conversation"]!["tenantId"] = org.Tenant.ExternalId;
                var started = phase;
                var took = Stopwatch.StartNew();
                using var response = await http.PostAsync("/api/messages", new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
                var body = await response.Content.ReadAsStringAsync();
                // A request is counted in the phase it began and ended in; one that straddles a stop or a start is not judged.
                if (started == phase)
                    answers.Enqueue(new(started, response.StatusCode, took.Elapsed, response.Content.Headers.ContentType?.MediaType,
                        response.Headers.RetryAfter?.ToString(), body));
                await Task.Delay(50);
            }
        })).ToList();

        // The fan-out is under way when the store goes.
        await Poll.UntilAsync(() => SentTo(bot, recipients).Count >= 40, "the fan-out to get going", () => $"{SentTo(bot, recipients).Count} sent");
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        // A Feishu message is being answered when the store goes: its answer is out, but the event cannot be marked done.
        feishu.Enqueue(FeishuReply.Ok().After(TimeSpan.FromSeconds(3)));
        var caught = FeishuBot.Message("help", openId: "ou_caught");
        Assert.Equal(HttpStatusCode.OK, (await FeishuBot.PostAsync(http, await FeishuBot.SealAsync(clock, caught))).StatusCode);
        await Poll.UntilAsync(() => feishu.Sends.Count == 1, "the Feishu answer to be under way");

        var outage = Stopwatch.StartNew();
        phase = "stopping";
        StopServer();
        phase = "outage";
        var sentAtStop = SentTo(bot, recipients).Count;

        // Feishu pushes an event while the store is away: refused quickly, so Feishu pushes it again later.
        var feishuMessageEvent = FeishuBot.Message("help");
        var feishuMessage = await FeishuBot.SealAsync(clock, feishuMessageEvent);
        var feishuTook = Stopwatch.StartNew();
        var refused = await FeishuBot.PostAsync(http, feishuMessage);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, true), (refused.StatusCode, feishuTook.Elapsed < Quick));
        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(6));

        phase = "starting";
        _server.Start();
        _serverUp = true;
        phase = "after";
        var down = outage.Elapsed;
        await Poll.UntilAsync(() => answers.Any(a => a.Phase == "after" && a.Status == HttpStatusCode.OK), "a request to succeed again",
            () => string.Join(", ", answers.Where(a => a.Phase == "after").Select(a => (int)a.Status)), TimeSpan.FromSeconds(60));
        var recovered = outage.Elapsed - down;
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        // Feishu's second push of the refused event is acted on, and answered; the event caught by the stop is finished, its
        // answer sent again under the same uuid (Feishu shows it once).
        Assert.Equal(HttpStatusCode.OK, (await FeishuBot.PostAsync(http, feishuMessage)).StatusCode);
        await Poll.UntilAsync(async () => await PendingFeishuEventsAsync() == 0 && feishu.Sends.Count == 3, "both Feishu events to be answered",
            () => string.Join(", ", feishu.Sends.Select(r => r.Json["uuid"]!.GetValue<string>())), TimeSpan.FromSeconds(60));
        Assert.Equal(2, feishu.Sends.Count(r => r.Json["uuid"]!.GetValue<string>() == (string)caught["header"]!["event_id"]!));
        Assert.Single(feishu.Sends, r => r.Json["uuid"]!.GetValue<string>() == (string)feishuMessageEvent["header"]!["event_id"]!);

        // Every delivery goes out; only those in flight when the store went can go out twice.
        await Poll.UntilAsync(async () => await OpenDeliveriesAsync() == 0, "every delivery to be sent",
            () => $"{SentTo(bot, recipients).Count} sent", TimeSpan.FromSeconds(120));
        // The planner runs again (Quartz retries its store every 15 s).
        var restartedAt = clock.GetUtcNow() - (outage.Elapsed - down);
        await Poll.UntilAsync(() => PlannerRanAfter(logs, restartedAt), "the planner to run again", deadline: TimeSpan.FromSeconds(90));

        var during = answers.Where(a => a.Phase == "outage").ToList();
        output.WriteLine($"{during.Count} requests during the {down.TotalSeconds:0.0} s outage, slowest answer {during.Max(a => a.Took).TotalMilliseconds:0} ms; " +
                         $"first success {recovered.TotalSeconds:0.0} s after the start; {sentAtStop} of {Deliveries} sent when the store stopped");
        Assert.NotEmpty(during);
        Assert.All(during, a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.True(a.Took < Quick, $"a 503 took {a.Took}");
            Assert.Equal("application/problem+json", a.ContentType);
            Assert.Equal("5", a.RetryAfter);
            Assert.DoesNotContain("   at ", a.Body);
            Assert.DoesNotContain("Npgsql", a.Body);
        });
        Assert.DoesNotContain(answers, a => a.Status == HttpStatusCode.InternalServerError);
        Assert.All(answers.Where(a => a.Phase == "before"), a => Assert.Equal(HttpStatusCode.OK, a.Status));

        var sent = SentTo(bot, recipients);
        Assert.Equal(recipients.Select(DeliveryWorld.ConversationOf).Order(), sent.Distinct().Order());
        var twice = sent.GroupBy(c => c).Count(g => g.Count() > 1);
        output.WriteLine($"{twice} deliveries went out twice (in flight when the store went)");
        Assert.InRange(twice, 0, new DispatcherOptions().MaxConcurrentSends);
        await using var db = _store.Database.Open();
        Assert.All(await db.Deliveries.AsNoTracking().Where(d => d.Kind == DeliveryKind.CheckInPrompt).ToListAsync(), d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.DoesNotContain(logs.Entries, e => e.Level == LogLevel.Critical);

        void StopServer()
        {
            _serverUp = false;
            _server.Stop();
        }
    }

    private async Task<int> PendingFeishuEventsAsync()
    {
        await using var db = _store.Database.Open();
        return await db.Set<FeishuEvent>().CountAsync(e => e.ProcessedAt == null);
    }

    private async Task<int> OpenDeliveriesAsync()
    {
        await using var db = _store.Database.Open();
        return await db.Deliveries.CountAsync(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Sending);
    }

    private static bool PlannerRanAfter(CapturedLogs logs, DateTimeOffset at) =>
        logs.Entries.Any(e => e.Category == typeof(OkrBot.Jobs.Rhythm.RhythmPlanner).FullName && e.Message.StartsWith("Rhythm run at", StringComparison.Ordinal)
                              && e.Values.FirstOrDefault(v => v.Key == "Now").Value is DateTimeOffset now && now > at);

    /// <summary>The conversations of <paramref name="recipients"/> a delivery reached, once per success.</summary>
    private static List<string> SentTo(TeamsBot bot, IReadOnlyList<Person> recipients)
    {
        var ours = recipients.Select(DeliveryWorld.ConversationOf).ToHashSet();
        return [.. bot.Connector.ConnectorRequests
            .Where(r => r.Route == FakeRoute.SendToConversation && r.AnsweredStatus is >= 200 and < 300 && ours.Contains(r.ConversationId ?? ""))
            .Select(r => r.ConversationId!)];
    }

    /// <summary>People with a Teams 1:1 on the bot's (loopback, anonymous) connector: the fan-out's recipients.</summary>
    private async Task<IReadOnlyList<Person>> RecipientsAsync(Org org, string serviceUrl)
    {
        var now = TestStore.DefaultNow;
        var people = Enumerable.Range(0, Deliveries).Select(i => new Person
        {
            TenantId = org.Tenant.Id, ExternalId = $"29:person-{i}-{Guid.NewGuid():N}", DisplayName = $"Person {i}", CreatedAt = now,
        }).ToList();
        await using var db = _store.Database.Open();
        db.People.AddRange(people);
        db.ConversationReferences.AddRange(people.Select(p => new ConversationReference
        {
            TenantId = org.Tenant.Id, PersonId = p.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = serviceUrl,
            ConversationId = DeliveryWorld.ConversationOf(p), ConversationType = "personal", UserId = p.ExternalId, CapturedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        return people;
    }
}
