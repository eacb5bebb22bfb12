using Microsoft.EntityFrameworkCore;
using Npgsql;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Bench.Inbound;

/// <summary>One person who checks in: who they are on Teams, and their three KRs.</summary>
public sealed record BenchPerson(int Index, string UserId, string AadObjectId, string Name, string ConversationId, IReadOnlyList<BenchKeyResult> KeyResults);

public sealed record BenchKeyResult(Guid Id, KeyResultKind Kind);

/// <summary>
/// A throwaway PostgreSQL database (the tests' throwaway server), migrated as the tests do, seeded with one Teams tenant
/// whose people each own an objective with three KRs (a metric, a percentage, a milestone) in the active quarter and
/// have a 1:1 conversation with the bot: what a person has after installing the bot and setting their OKRs.
/// </summary>
public sealed class InboundStore
{
    public const string Database = "okr_inbound";

    private readonly PostgresServer _server;
    private int? _serverPid;

    private InboundStore(PostgresServer server, OkrDatabase okr)
    {
        _server = server;
        Okr = okr;
    }

    public OkrDatabase Okr { get; }

    /// <summary>The Teams tenant (the AAD tenant id Teams puts in channelData.tenant.id).</summary>
    public string TenantId { get; } = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public static async Task<InboundStore> CreateAsync()
    {
        var server = await PostgresServer.StartSharedAsync();
        await server.CreateDatabaseAsync(Database);
        var store = new InboundStore(server, new OkrDatabase(new StorageOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = Connection(server, "okrbot-bench-setup"),
        }, TimeProvider.System));
        await store.Okr.MigrateAsync();
        return store;
    }

    /// <summary>The bot's connection string: the server's defaults (a pool of 100), as production gets them.</summary>
    public string BotConnectionString => Connection(_server, "okrbot");

    public async Task<IReadOnlyList<BenchPerson>> SeedAsync(int count, string serviceUrl, string botId)
    {
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tenant = new Tenant { Name = "Contoso", ExternalId = TenantId, Channel = Channel.Teams, CreatedAt = now };
        var cycle = new Cycle
        {
            TenantId = tenant.Id, Name = "Q4", Kind = CycleKind.Quarterly, State = CycleState.Active,
            StartDate = today.AddDays(-40), EndDate = today.AddDays(50),
        };
        await using (var db = Okr.Open())
        {
            db.Tenants.Add(tenant);
            db.Cycles.Add(cycle);
            await db.SaveChangesAsync();
        }

        var people = new List<BenchPerson>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(500))
        {
            await using var db = Okr.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var i in chunk)
            {
                // Teams ids look like these: 29:<opaque> for a user, a:<opaque> for a 1:1 conversation.
                var person = new Person
                {
                    TenantId = tenant.Id, ExternalId = $"29:1bench{i:D6}-Kp2v0sWq9Tz7hQ3xY8mLr4nA", AadObjectId = Guid.NewGuid().ToString(),
                    DisplayName = $"Avery Quinn {i}", TimeZoneId = "UTC", Locale = "en-US", CreatedAt = now,
                };
                var objective = new Objective
                {
                    TenantId = tenant.Id, CycleId = cycle.Id, Title = "Make onboarding delightful", OwnerPersonId = person.Id,
                    State = ObjectiveState.Published, Visibility = Visibility.Public, CreatedAt = now,
                };
                KeyResult[] krs =
                [
                    new()
                    {
                        TenantId = tenant.Id, ObjectiveId = objective.Id, OwnerId = person.Id, Title = "Weekly active teams from 1,200 to 5,000",
                        Kind = KeyResultKind.Metric, StartValue = 1200, TargetValue = 5000, Unit = "teams", CurrentValue = 2100, UpdatedAt = now,
                    },
                    new()
                    {
                        TenantId = tenant.Id, ObjectiveId = objective.Id, OwnerId = person.Id, Title = "Setup finished without help",
                        Kind = KeyResultKind.Percentage, StartValue = 0, TargetValue = 100, Unit = "%", CurrentValue = 35, UpdatedAt = now,
                    },
                    new()
                    {
                        TenantId = tenant.Id, ObjectiveId = objective.Id, OwnerId = person.Id, Title = "Guided tour shipped in every region",
                        Kind = KeyResultKind.Milestone, StartValue = 0, TargetValue = 1, CurrentValue = 0, UpdatedAt = now,
                    },
                ];
                var conversationId = $"a:1bench{i:D6}-Tq8wXo3Zr5Vb2Nc7Md4Lk9Jh6Gf1Ds0Ap";
                db.People.Add(person);
                db.Objectives.Add(objective);
                db.KeyResults.AddRange(krs);
                db.ConversationReferences.Add(new ConversationReference
                {
                    TenantId = tenant.Id, PersonId = person.Id, Channel = Channel.Teams, ChannelId = LocalBotFramework.ChannelId,
                    ServiceUrl = serviceUrl, ConversationId = conversationId, ConversationType = "personal", BotId = botId,
                    UserId = person.ExternalId, CapturedAt = now, UpdatedAt = now,
                });
                people.Add(new BenchPerson(i, person.ExternalId, person.AadObjectId, person.DisplayName, conversationId,
                    [.. krs.Select(k => new BenchKeyResult(k.Id, k.Kind))]));
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
        return people;
    }

    /// <summary>The week the cards are for: this week, the people being in UTC.</summary>
    public static DateOnly ThisWeek() => Weeks.StartOf(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime));

    /// <summary>Check-in writes so far: each recorded or amended check-in adds one to its row's revision.</summary>
    public async Task<long> CheckInWritesAsync()
    {
        await using var db = Okr.Open();
        return await db.CheckIns.SumAsync(c => (long)c.Revision);
    }

    /// <summary>The PostgreSQL server's main process (the postmaster): a backend's parent.</summary>
    public async Task<int> ServerPidAsync()
    {
        if (_serverPid is { } known) return known;
        await using var connection = new NpgsqlConnection(Connection(_server, "okrbot-bench-pid"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        _serverPid = Pinning.ParentOf(backend) ?? throw new InvalidOperationException("Could not find the PostgreSQL server process.");
        return _serverPid.Value;
    }

    /// <summary>
    /// Moves the server and every process it runs now to <paramref name="core"/>; the backends it forks later (the bot's
    /// connections) inherit it.
    /// </summary>
    public async Task PinAsync(int core)
    {
        var postmaster = await ServerPidAsync();
        Pinning.Pin(postmaster, core);
        foreach (var child in Pinning.ChildrenOf(postmaster)) Pinning.Pin(child, core);
    }

    private static string Connection(PostgresServer server, string applicationName) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = server.Port, Username = "postgres", Database = Database, ApplicationName = applicationName,
    }.ToString();
}
