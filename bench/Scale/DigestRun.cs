using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Bench.Scale;

/// <summary>What building every manager's digest of one organisation measured (one worker process per size).</summary>
public sealed record DigestResult
{
    public required int People { get; init; }
    public required int Managers { get; init; }
    public required int Page { get; init; }
    public required int Pages { get; init; }
    /// <summary>Digests made (a view to send) and managers with nothing to send (away, no reports).</summary>
    public required int Digests { get; init; }
    public required IReadOnlyDictionary<string, int> NotSent { get; init; }
    /// <summary>Over all digests: report rows, risks, movers, objective rows (what was built, and a check the data is there).</summary>
    public required long Reports { get; init; }
    public required long Risks { get; init; }
    public required long Movers { get; init; }
    public required long Objectives { get; init; }
    public required double WarmUpSeconds { get; init; }
    public required double Seconds { get; init; }
    public required int Queries { get; init; }
    /// <summary>CPU time this process used meanwhile (all threads): what the product's code cost, whatever else ran on the machine.</summary>
    public required double CpuSeconds { get; init; }
    /// <summary>Of <see cref="Seconds"/>, the time from sending each query to having read its rows.</summary>
    public required double QuerySeconds { get; init; }
    public required IReadOnlyList<QueryTime> QueryTimes { get; init; }
    public required long PeakResidentBytes { get; init; }
    public required long PeakManagedBytes { get; init; }
    public required long AllocatedBytes { get; init; }
    public required string LoadAverage { get; init; }
    /// <summary>How each distinct query of a page reads its tables (EXPLAIN ANALYZE), when asked for.</summary>
    public IReadOnlyList<ExplainedQuery>? Plans { get; init; }

    public double MillisecondsPer1kPeople => Seconds * 1000 / (People / 1000.0);
}

/// <summary>One distinct product query: how often it ran in a measurement and its time (sent to rows read).</summary>
public sealed record QueryTime(string Query, int Count, double Seconds)
{
    /// <summary>The distinct queries of a capture, slowest first.</summary>
    public static IReadOnlyList<QueryTime> Of(SqlCapture capture) =>
        [.. capture.BySql.Select(q => new QueryTime(DigestRun.Summary(q.Key), q.Value.Count, q.Value.Time.TotalSeconds)).OrderByDescending(q => q.Seconds)];
}

/// <summary>One distinct product query, how PostgreSQL runs it, and how long it took.</summary>
public sealed record ExplainedQuery(string Query, IReadOnlyList<string> Scans, double? ExecutionMs, string Plan);

/// <summary>
/// Builds every manager's digest the way a digest run does in production: pages of ManagerDigest deliveries handed to the
/// real <see cref="OkrDeliveryContent"/> (<see cref="IBatchedDeliveryContent.RenderManyAsync"/>, as the dispatcher hands
/// it a claimed batch), which builds them with <see cref="DigestService.BuildManyAsync"/>. Pages are made and dropped in
/// turn, so memory stays that of a page.
/// </summary>
public static class DigestRun
{
    public static async Task<DigestResult> RunAsync(string connectionString, int people, int page, bool explain, TextWriter log)
    {
        var capture = new SqlCapture();
        var clock = new FixedClock(OrgShape.DigestNow);
        var database = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, clock, [capture]);
        var content = Content(database, clock);
        var tenant = await TenantAsync(database);

        // Warm-up, not timed: the first page (JIT, EF's model and query compilation), as a running node has them.
        var warmUp = Stopwatch.StartNew();
        await RenderPageAsync(content, tenant, await ManagersAsync(database, tenant.Id, null, page), clock);
        warmUp.Stop();

        capture.Clear();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (managers, pages, digests, peakManaged) = (0, 0, 0, 0L);
        var notSent = new Dictionary<string, int>();
        var (reports, risks, movers, objectives) = (0L, 0L, 0L, 0L);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        Guid? after = null;
        while (true)
        {
            var batch = await ManagersAsync(database, tenant.Id, after, page);
            if (batch.Count == 0) break;
            after = batch[^1].Id;
            var made = await RenderPageAsync(content, tenant, batch, clock);
            (managers, pages) = (managers + batch.Count, pages + 1);
            foreach (var item in made)
            {
                if (item.View is ManagerDigestView { Digest: var d })
                {
                    digests++;
                    (reports, risks, movers, objectives) = (reports + d.Reports.Count, risks + d.Risks.Count, movers + d.Movers.Count, objectives + d.Objectives.Count);
                }
                else notSent[item.Reason ?? "?"] = notSent.GetValueOrDefault(item.Reason ?? "?") + 1;
            }

            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
            if (pages % 10 == 0) log.WriteLine($"    {managers:N0} managers, {timer.Elapsed.TotalSeconds:0.0} s");
            if (batch.Count < page) break;
        }

        timer.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var (queries, querySeconds, queryTimes) = (capture.Count, capture.Time.TotalSeconds, QueryTime.Of(capture));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var plans = explain ? await ExplainPageAsync(connectionString, clock, tenant, page) : null;
        return new DigestResult
        {
            People = people, Managers = managers, Page = page, Pages = pages, Digests = digests, NotSent = notSent,
            Reports = reports, Risks = risks, Movers = movers, Objectives = objectives,
            WarmUpSeconds = warmUp.Elapsed.TotalSeconds, Seconds = timer.Elapsed.TotalSeconds, Queries = queries, QuerySeconds = querySeconds, QueryTimes = queryTimes, CpuSeconds = cpu,
            PeakResidentBytes = Machine.PeakResidentBytes(), PeakManagedBytes = peakManaged, AllocatedBytes = allocated,
            LoadAverage = Machine.Load(), Plans = plans,
        };
    }

    /// <summary>The content as AddOkrDelivery registers it, over this database and clock.</summary>
    private static OkrDeliveryContent Content(OkrDatabase database, TimeProvider clock)
    {
        var rhythm = new RhythmStore(database);
        var queue = new DeliveryQueue(database, new ConversationService(database, clock), new DeliveryOptions(), clock);
        return new OkrDeliveryContent(
            new PeopleService(database, new DemoOrganisation(database, clock, NullLogger<DemoOrganisation>.Instance), clock),
            new OkrQueryService(database, clock), rhythm, new WrapUpService(database, clock), new DigestService(database, clock),
            new PromptCards(database, queue, rhythm, clock), clock, new KeyResultChangeService(database, clock),
            new CheckInCardBatch(database, clock));
    }

    private static async Task<Tenant> TenantAsync(OkrDatabase database)
    {
        await using var db = database.Open();
        return await db.Tenants.AsNoTracking().SingleAsync();
    }

    /// <summary>
    /// The next page of the tenant's active managers (people with an active report), by id: who the planner gives a digest,
    /// as the dispatcher's recipients query reads them (one query a page).
    /// </summary>
    private static async Task<List<Person>> ManagersAsync(OkrDatabase database, Guid tenantId, Guid? after, int page)
    {
        await using var db = database.Open();
        var managers = db.People.AsNoTracking()
            .Where(p => p.TenantId == tenantId && p.IsActive && db.People.Any(r => r.TenantId == tenantId && r.ManagerId == p.Id && r.IsActive));
        if (after is { } last) managers = managers.Where(p => p.Id.CompareTo(last) > 0);
        return await managers.OrderBy(p => p.Id).Take(page).ToListAsync();
    }

    /// <summary>The period the planner keys Monday's digests by (the content reads the week from the clock, not from it).</summary>
    private static readonly string DigestPeriod = RhythmPeriods.Week(DateOnly.FromDateTime(OrgShape.DigestNow.UtcDateTime));

    private static Task<IReadOnlyList<DeliveryContent>> RenderPageAsync(OkrDeliveryContent content, Tenant tenant, IReadOnlyList<Person> managers, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return content.RenderManyAsync([.. managers.Select(m => (
            new DeliveryClaim(Guid.CreateVersion7(), tenant.Id, m.Id, Channel.Teams, DeliveryKind.ManagerDigest, DigestPeriod, null, 1, "bench", now.AddMinutes(2), now),
            new DeliveryRecipient(m, tenant, null)))], CancellationToken.None);
    }

    /// <summary>One page again with every command kept, and each distinct query under EXPLAIN ANALYZE.</summary>
    private static async Task<IReadOnlyList<ExplainedQuery>> ExplainPageAsync(string connectionString, TimeProvider clock, Tenant tenant, int page)
    {
        var capture = new SqlCapture { KeepCommands = true };
        var database = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, clock, [capture]);
        // A page from the middle of the organisation, not the top managers' page the warm-up read.
        var managers = await ManagersAsync(database, tenant.Id, null, page * 3);
        capture.Clear();
        await RenderPageAsync(Content(database, clock), tenant, managers.Skip(page * 2).ToList(), clock);
        return await ExplainAsync(connectionString, capture.Commands);
    }

    public static async Task<IReadOnlyList<ExplainedQuery>> ExplainAsync(string connectionString, IReadOnlyList<CapturedCommand> commands)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var explained = new List<ExplainedQuery>();
        foreach (var command in commands.DistinctBy(c => c.Sql))
        {
            var isRead = command.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
            var plan = await QueryPlan.ExplainAsync(connection, command, analyze: isRead);
            explained.Add(new ExplainedQuery(Summary(command.Sql), [.. plan.Scans.Distinct()], plan.ExecutionMs, plan.Text));
        }

        return explained;
    }

    /// <summary>A query in a line: what it selects from (its FROM and JOIN tables).</summary>
    public static string Summary(string sql)
    {
        var tables = System.Text.RegularExpressions.Regex.Matches(sql, "(?:FROM|JOIN|INTO|UPDATE) \"(\\w+)\"").Select(m => m.Groups[1].Value).Distinct();
        var verb = sql.TrimStart().Split(' ', 2)[0].ToUpperInvariant();
        return $"{verb} {string.Join(", ", tables)}";
    }
}
