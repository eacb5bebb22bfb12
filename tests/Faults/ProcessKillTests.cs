using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.EndToEnd;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;
using Xunit.Abstractions;

namespace OkrBot.Tests.Faults;

/// <summary>
/// The built worker and bot, run as processes of their own on PostgreSQL and killed with SIGKILL (no shutdown, no finally
/// blocks) in the middle of their work, then started again: the restart finishes the work, nothing is torn, and only what
/// was in flight at the kill happens twice. Linux only, as the test PostgreSQL server is.
/// </summary>
public sealed class ProcessKillTests(ITestOutputHelper output) : StoreTests(DatabaseProvider.Postgres)
{
    /// <summary>This class's rows of the faults table in docs/reliability.md.</summary>
    public static IReadOnlyList<string> Rows { get; } =
    [
        "| SIGKILL | the worker killed a quarter into a fan-out of 400, then started again | the rest sent after the dead node's lease; every row Sent with its message id; " +
        "exactly the sends in flight at the kill (sent, not recorded) went out twice, at most 8 (its concurrent sends) |",
        "| SIGKILL | the bot killed while 8 check-ins (3 KRs each) were being written, then started again | each check-in whole (3 rows, the KRs, the audit entries) or absent; " +
        "the people who got no answer send it again and it is recorded; the resubmits of those that made it change nothing |",
    ];

    private const int Sigkill = 9;
    private const int Recipients = 400;
    private const int MaxConcurrentSends = 8;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task A_worker_killed_mid_fan_out_is_restarted_and_sends_the_rest_with_only_its_in_flight_sends_doubled()
    {
        await using var fake = await FakeConnector.StartAsync();
        // Each send takes a moment, as the Bot Connector's do, so the kill finds sends in flight.
        fake.Enqueue([.. Enumerable.Range(0, Recipients * 2).Select(_ => FakeReply.Ok().After(TimeSpan.FromMilliseconds(40)))]);
        var people = await RecipientsAsync(fake.ServiceUrl);
        var queue = new DeliveryQueue(Store.Database, new ConversationService(Store.Database, TimeProvider.System), new DeliveryOptions(),
            TimeProvider.System, NullLogger<DeliveryQueue>.Instance);
        await queue.EnqueueManyAsync([.. people.Select(p => new DeliveryRequest(p.TenantId, p.Id, Channel.Teams, DeliveryKind.AtRiskAlert, "kill-test")
            .WithPayload(new AtRiskAlertPayload(Guid.NewGuid(), "Raise NPS", p.Id, p.Id, KrStatus.AtRisk, "Supplier slipped")))]);
        using var directory = new TempDirectory();

        await using (var first = StartWorker(directory.Path))
        {
            await Poll.UntilAsync(() => first.HasExited || Sends(fake).Count >= Recipients / 4, "a quarter of the fan-out", () => first.Output);
            Assert.False(first.HasExited, first.Output);
            Assert.Equal(0, Kill(first.Id, Sigkill));
            Assert.NotNull(await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // What the dead node left: rows it claimed whose message the connector did get, but whose outcome it never recorded.
        var rows = await RowsAsync();
        var sentConversations = Sends(fake).ToHashSet();
        var inFlight = rows.Count(r => r.State == DeliveryState.Sending && sentConversations.Contains(ConversationOf(people, r.PersonId)));
        var sentAtKill = Sends(fake).Count;
        Assert.True(rows.Count(r => r.State != DeliveryState.Sent) > 0, "the kill came before the end of the fan-out");
        Assert.All(rows.Where(r => r.State == DeliveryState.Sent), r => Assert.NotNull(r.MessageId));

        await using (var second = StartWorker(directory.Path))
        {
            await Poll.UntilAsync(async () => second.HasExited || (await RowsAsync()).All(r => r.State == DeliveryState.Sent),
                "every delivery to be sent after the restart", () => second.Output, TimeSpan.FromSeconds(120));
            Assert.False(second.HasExited, second.Output);
        }

        var sends = Sends(fake);
        var twice = sends.GroupBy(c => c).Where(g => g.Count() > 1).ToList();
        output.WriteLine($"{sentAtKill} of {Recipients} sent at the kill, {inFlight} in flight (sent, not recorded); {twice.Count} sent twice");
        Assert.Equal(people.Select(p => DeliveryWorld.ConversationOf(p)).Order(), sends.Distinct().Order());
        Assert.All(twice, g => Assert.Equal(2, g.Count()));
        Assert.Equal(inFlight, twice.Count);
        Assert.InRange(inFlight, 0, MaxConcurrentSends);
        Assert.All(await RowsAsync(), r => Assert.Equal((DeliveryState.Sent, true), (r.State, r.MessageId is not null)));
    }

    [Fact]
    public async Task A_bot_killed_mid_check_in_writes_leaves_each_check_in_whole_or_absent_and_the_retry_after_the_restart_completes_it()
    {
        await using var fake = await FakeConnector.StartAsync();
        var org = await Org.CreateAsync(Store);
        var cast = new List<(Person Person, KeyResult[] Krs)>();
        for (var i = 0; i < 60; i++)
        {
            var person = await org.PersonAsync($"Person {i}");
            var objective = await org.ObjectiveAsync(person, $"Objective {i}");
            cast.Add((person, [
                await org.KeyResultAsync(objective, person, "Metric", current: 10),
                await org.KeyResultAsync(objective, person, "Percentage", kind: KeyResultKind.Percentage, current: 20),
                await org.KeyResultAsync(objective, person, "Milestone", start: 0, target: 1, kind: KeyResultKind.Milestone),
            ]));
        }
        var week = Weeks.StartOf(DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var directory = new TempDirectory();
        var settings = new[] { "--Storage:Provider=Postgres", $"--Storage:ConnectionString={Store.Options.ConnectionString}", "--Delivery:Dispatcher:Enabled=false" };

        var answered = new ConcurrentBag<Guid>();
        var inFlight = 0;
        var killed = false;
        var inFlightAtKill = 0;
        await using (var bot = await BotProcess.StartAsync(directory.Path, settings))
        {
            using var http = new HttpClient { BaseAddress = new Uri(bot.Url), Timeout = TimeSpan.FromSeconds(30) };
            var pending = new ConcurrentQueue<(Person, KeyResult[])>(cast);
            var submitters = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!Volatile.Read(ref killed) && pending.TryDequeue(out var next))
                {
                    Interlocked.Increment(ref inFlight);
                    try
                    {
                        var response = await http.PostAsync("/api/messages", CheckIn(org, next.Item1, next.Item2, week, fake.ServiceUrl));
                        if (response.StatusCode == HttpStatusCode.OK) answered.Add(next.Item1.Id);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // Cut off by the kill: the person saw no answer.
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }
            })).ToList();
            await Poll.UntilAsync(() => answered.Count >= 15, "some check-ins to be answered", () => bot.Output);
            Volatile.Write(ref killed, true);
            inFlightAtKill = Volatile.Read(ref inFlight);
            Assert.Equal(0, Kill(bot.ProcessId, Sigkill));
            await Task.WhenAll(submitters);
        }
        output.WriteLine($"{answered.Count} check-ins answered before the kill, {inFlightAtKill} in flight at it");
        Assert.True(inFlightAtKill > 0, "the kill came while check-ins were being written");

        // Nothing torn: a person's check-in (3 KRs, one transaction) is there whole, with its KRs and its audit, or not at all.
        var recorded = await AssertWholeOrAbsentAsync(cast);
        Assert.Subset(recorded.ToHashSet(), answered.ToHashSet());

        // People whose card got no answer send it again once the bot is back: every check-in is then recorded once.
        await using (var bot = await BotProcess.StartAsync(directory.Path, settings))
        {
            using var http = new HttpClient { BaseAddress = new Uri(bot.Url), Timeout = TimeSpan.FromSeconds(30) };
            foreach (var (person, krs) in cast)
            {
                var response = await http.PostAsync("/api/messages", CheckIn(org, person, krs, week, fake.ServiceUrl));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(OkrBot.Core.Messages.Texts.BotText.English.CheckInDoneTitle, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.ToJsonString(Unescaped));
            }
        }
        Assert.Equal(cast.Count, (await AssertWholeOrAbsentAsync(cast)).Count);
        await using var db = Store.Database.Open();
        // The resubmits of check-ins that had made it before the kill changed nothing: one revision each.
        Assert.All(await db.CheckIns.AsNoTracking().ToListAsync(), c => Assert.Equal(1, c.Revision));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Checks every person's check-in is whole (3 check-ins, the KRs carrying them, one audit entry each) or absent; returns who has one.</summary>
    private async Task<IReadOnlyList<Guid>> AssertWholeOrAbsentAsync(IReadOnlyList<(Person Person, KeyResult[] Krs)> cast)
    {
        await using var db = Store.Database.Open();
        var checkIns = await db.CheckIns.AsNoTracking().ToListAsync();
        var krs = await db.KeyResults.AsNoTracking().ToDictionaryAsync(k => k.Id);
        var created = (await db.AuditEntries.AsNoTracking().Where(a => a.Entity == nameof(CheckIn) && a.Action == AuditAction.Created)
            .Select(a => a.EntityId).ToListAsync()).ToHashSet();
        var recorded = new List<Guid>();
        foreach (var (person, mine) in cast)
        {
            var theirs = checkIns.Where(c => c.AuthorId == person.Id).ToList();
            Assert.True(theirs.Count is 0 or 3, $"{person.DisplayName} has {theirs.Count} of 3 check-ins");
            foreach (var kr in mine)
            {
                var stored = krs[kr.Id];
                var checkIn = theirs.SingleOrDefault(c => c.KeyResultId == kr.Id);
                Assert.Equal(checkIn?.Value ?? kr.CurrentValue, stored.CurrentValue);
                Assert.Equal(checkIn is null ? 0 : 1, stored.Version);
                if (checkIn is not null) Assert.Contains(checkIn.Id, created);
            }
            if (theirs.Count == 3) recorded.Add(person.Id);
        }
        Assert.Equal(checkIns.Select(c => c.Id).Order(), created.Order());
        return recorded;
    }

    /// <summary>The check-in card's submit, as Teams sends it: a value for each of the person's three KRs.</summary>
    private static StringContent CheckIn(Org org, Person person, KeyResult[] krs, string week, string serviceUrl)
    {
        var data = new JsonObject { [CardVerbs.WeekKey] = week, [CardVerbs.KeyResultsKey] = string.Join(',', krs.Select(k => k.Id)) };
        var values = new[] { "42", "55", CardVerbs.MilestoneDone };
        for (var i = 0; i < krs.Length; i++)
        {
            data[CardVerbs.ValueInput(krs[i].Id)] = values[i];
            data[CardVerbs.StatusInput(krs[i].Id)] = "OnTrack";
        }
        var activity = new JsonObject
        {
            ["type"] = "invoke", ["name"] = "adaptiveCard/action", ["id"] = Guid.NewGuid().ToString(), ["channelId"] = "msteams", ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = person.ExternalId, ["name"] = person.DisplayName },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["conversation"] = new JsonObject { ["id"] = "a:conversation-of-" + person.ExternalId, ["conversationType"] = "personal", ["tenantId"] = org.Tenant.ExternalId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = org.Tenant.ExternalId } },
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = CardVerbs.CheckInSubmit, ["data"] = data }, ["trigger"] = "manual",
            },
        };
        return new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
    }

    private ChildProcess StartWorker(string directory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OkrBot.Jobs.dll");
        Assert.True(File.Exists(dll), $"{dll} is not next to the tests: build the solution (dotnet build OkrBot.sln).");
        return ChildProcess.Start(ChildProcess.DotnetHost(), [
                dll, "--Storage:Provider=Postgres", $"--Storage:ConnectionString={Store.Options.ConnectionString}", "--Teams:AppId=",
                "--Rhythm:Enabled=false", "--Delivery:Dispatcher:PollInterval=00:00:00.250", "--Delivery:Dispatcher:Lease=00:00:05",
                $"--Delivery:Dispatcher:MaxConcurrentSends={MaxConcurrentSends}", "--Delivery:Limits:Teams:RefillPerSecond=100",
            ],
            directory, "The worker runs on the .NET host (dotnet) that runs the tests.");
    }

    /// <summary>The conversations the connector answered a send to with success, once per send.</summary>
    private static List<string> Sends(FakeConnector fake) =>
        [.. fake.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation && r.AnsweredStatus is >= 200 and < 300).Select(r => r.ConversationId!)];

    private static string ConversationOf(IReadOnlyList<Person> people, Guid personId) => DeliveryWorld.ConversationOf(people.Single(p => p.Id == personId));

    private async Task<IReadOnlyList<Core.Model.Delivery>> RowsAsync()
    {
        await using var db = Store.Database.Open();
        return await db.Deliveries.AsNoTracking().ToListAsync();
    }

    private async Task<IReadOnlyList<Person>> RecipientsAsync(string serviceUrl)
    {
        var org = await Org.CreateAsync(Store);
        var now = DateTimeOffset.UtcNow;
        var people = Enumerable.Range(0, Recipients).Select(i => new Person
        {
            TenantId = org.Tenant.Id, ExternalId = $"29:person-{i}-{Guid.NewGuid():N}", DisplayName = $"Person {i}", CreatedAt = now,
        }).ToList();
        await using var db = Store.Database.Open();
        db.People.AddRange(people);
        db.ConversationReferences.AddRange(people.Select(p => new ConversationReference
        {
            TenantId = org.Tenant.Id, PersonId = p.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = serviceUrl,
            ConversationId = DeliveryWorld.ConversationOf(p), ConversationType = "personal", UserId = p.ExternalId, CapturedAt = now, UpdatedAt = now,
        }));
        await db.SaveChangesAsync();
        return people;
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("okrbot-kill-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { /* the OS cleans /tmp */ }
        }
    }
}
