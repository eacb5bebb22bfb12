using Microsoft.EntityFrameworkCore;
using Npgsql;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Bench.FanOut;

/// <summary>
/// A throwaway PostgreSQL database (on the tests' throwaway server), migrated as the tests do, and seeded with one
/// tenant whose people each own a key result in the active cycle and have a Teams 1:1 with the bot on the fake connector.
/// </summary>
public sealed class BenchStore
{
    public const string TenantExternalId = "bench-tenant";

    private readonly PostgresServer _server;
    private readonly string _database;

    private BenchStore(PostgresServer server, string database, OkrDatabase okr)
    {
        _server = server;
        _database = database;
        Database = okr;
    }

    public OkrDatabase Database { get; }

    public Guid TenantId { get; private set; }

    /// <summary>The week the prompts are for: this week (people are in UTC), as the planner would key it.</summary>
    public string Week { get; } = RhythmPeriods.Week(Weeks.StartOf(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime)));

    /// <summary>Starts the server (stopped when the process exits), creates and migrates a database.</summary>
    public static async Task<BenchStore> CreateAsync()
    {
        var server = await PostgresServer.StartSharedAsync();
        const string name = "okr_bench";
        await server.CreateDatabaseAsync(name);
        var store = new BenchStore(server, name, new OkrDatabase(Storage(server, name, "okrbot-bench-setup"), TimeProvider.System));
        await store.Database.MigrateAsync();
        return store;
    }

    /// <summary>
    /// The connection string a node uses: the server's defaults otherwise (pool of 100, as production gets), with its own
    /// application name, so each node in this process has its own pool as it would in its own process.
    /// </summary>
    public string ConnectionStringFor(string node) => Storage(_server, _database, node).ConnectionString!;

    /// <summary>
    /// One tenant, an active quarter around today, <paramref name="count"/> people each owning one KR of their own objective,
    /// each with a Teams 1:1 (conversation <c>a:bench-{i}</c>) whose serviceUrl is <paramref name="serviceUrl"/>. Returns the
    /// conversation ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedAsync(int count, string serviceUrl)
    {
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tenant = new Tenant { Name = "Bench Corp", ExternalId = TenantExternalId, Channel = Channel.Teams, CreatedAt = now };
        var cycle = new Cycle
        {
            TenantId = tenant.Id, Name = "Bench quarter", Kind = CycleKind.Quarterly, State = CycleState.Active,
            StartDate = today.AddDays(-30), EndDate = today.AddDays(60),
        };
        await using (var db = Database.Open())
        {
            db.Tenants.Add(tenant);
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync();
        }

        TenantId = tenant.Id;
        var conversations = new List<string>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(1000))
        {
            await using var db = Database.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var i in chunk)
            {
                var person = new Person
                {
                    TenantId = tenant.Id, ExternalId = $"29:bench-{i}", DisplayName = $"Person {i}", TimeZoneId = "UTC", CreatedAt = now,
                };
                var conversationId = $"a:bench-{i}";
                var objective = new Objective
                {
                    TenantId = tenant.Id, CycleId = cycle.Id, Title = $"Ship what person {i} promised", OwnerPersonId = person.Id,
                    State = ObjectiveState.Published, Visibility = Visibility.Public, CreatedAt = now,
                };
                db.People.Add(person);
                db.ConversationReferences.Add(new ConversationReference
                {
                    TenantId = tenant.Id, PersonId = person.Id, Channel = Channel.Teams, ChannelId = "msteams", ServiceUrl = serviceUrl,
                    ConversationId = conversationId, ConversationType = "personal", BotId = "28:bench-bot", UserId = person.ExternalId,
                    CapturedAt = now, UpdatedAt = now,
                });
                db.Objectives.Add(objective);
                db.KeyResults.Add(new KeyResult
                {
                    TenantId = tenant.Id, ObjectiveId = objective.Id, Title = "Raise weekly active users", Kind = KeyResultKind.Metric,
                    StartValue = 0, TargetValue = 100, CurrentValue = 20 + i % 50, OwnerId = person.Id, UpdatedAt = now,
                });
                conversations.Add(conversationId);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        return conversations;
    }

    /// <summary>A check-in prompt for everyone, for this week, through the queue as the rhythm planner enqueues them.</summary>
    public async Task<int> EnqueuePromptsAsync()
    {
        await using var db = Database.Open();
        var people = await db.People.AsNoTracking().Where(p => p.TenantId == TenantId).Select(p => p.Id).ToListAsync();
        var queue = new DeliveryQueue(Database, new ConversationService(Database, TimeProvider.System), new DeliveryOptions(), TimeProvider.System);
        var results = await queue.EnqueueManyAsync([.. people.Select(p => new DeliveryRequest(TenantId, p, Channel.Teams, DeliveryKind.CheckInPrompt, Week))]);
        return results.Count(r => r.Created);
    }

    /// <summary>Rows still to be sent (Pending, or Sending under a claim).</summary>
    public async Task<int> OpenCountAsync(CancellationToken ct)
    {
        await using var db = Database.Open();
        return await db.Deliveries.CountAsync(d => d.State == DeliveryState.Pending || d.State == DeliveryState.Sending, ct);
    }

    /// <summary>Rows per state, attempts over all rows, and when the last row changed.</summary>
    public async Task<StoreSummary> SummaryAsync()
    {
        await using var db = Database.Open();
        var byState = await db.Deliveries.AsNoTracking().GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count);
        var attempts = await db.Deliveries.SumAsync(d => d.Attempts);
        var maxAttempts = await db.Deliveries.MaxAsync(d => (int?)d.Attempts) ?? 0;
        var lastChange = await db.Deliveries.MaxAsync(d => (DateTimeOffset?)d.UpdatedAt);
        var reasons = await db.Deliveries.AsNoTracking().Where(d => d.State != DeliveryState.Sent)
            .GroupBy(d => new { d.State, d.LastError }).Select(g => new { g.Key.State, g.Key.LastError, Count = g.Count() })
            .OrderByDescending(g => g.Count).Take(5).ToListAsync();
        return new StoreSummary(
            Enum.GetValues<DeliveryState>().ToDictionary(s => s, s => byState.GetValueOrDefault(s)), attempts, maxAttempts, lastChange,
            [.. reasons.Select(r => $"{r.Count} {r.State}: {r.LastError ?? "(no reason)"}")]);
    }

    private static StorageOptions Storage(PostgresServer server, string database, string applicationName) => new()
    {
        Provider = DatabaseProvider.Postgres,
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = server.Port, Username = "postgres", Database = database, ApplicationName = applicationName,
        }.ToString(),
    };
}

/// <param name="NotSentReasons">The most common reasons among rows that did not end Sent.</param>
public sealed record StoreSummary(
    IReadOnlyDictionary<DeliveryState, int> ByState, int Attempts, int MaxAttempts, DateTimeOffset? LastChange, IReadOnlyList<string> NotSentReasons);
