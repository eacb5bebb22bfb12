using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using static OkrBot.Bench.Scale.OrgShape;

namespace OkrBot.Bench.Scale;

/// <summary>
/// Fills a migrated, empty database with one organisation of <see cref="OrgShape.People"/> people: a manager per 8, a
/// team per manager, twenty time zones, the current quarter (and its year), 3 objectives and 9 KRs each, twelve weeks of
/// check-ins (one person-week in ten missed), the mid-cycle review done by most, and the delivery history such a quarter
/// leaves (prompts, reminders, digests, review and planning requests, all sent). Bulk-loaded with binary COPY through the
/// product's EF model (<see cref="CopyTable{T}"/>); secondary indexes are dropped for the load and built again after it,
/// as the migrations defined them, and every table is vacuumed and analysed.
/// </summary>
public sealed class OrgGenerator(OrgShape shape, TextWriter log)
{
    private static readonly string[] Given =
    [
        "Alex", "Maya", "Omar", "Li", "Wei", "Sofia", "Lukas", "Aisha", "Kenji", "Priya", "Mateo", "Chloe", "Ivan", "Fatima", "Noah",
        "Yuki", "Elena", "Arjun", "Zoe", "Hassan", "Mei", "Tomás", "Ingrid", "Kwame", "Hana", "Leo", "Amara", "Jonas", "Lucía", "Ravi",
        "晓明", "静", "伟", "芳", "磊", "婷", "强", "丽", "军", "敏",
    ];

    private static readonly string[] Family =
    [
        "Chen", "Müller", "Okafor", "Garcia", "Tanaka", "Singh", "Kowalski", "Haddad", "Silva", "Nguyen", "Smith", "Ivanova", "Kim",
        "Rossi", "Andersen", "Dubois", "Yilmaz", "Cohen", "Mensah", "Park", "Novak", "O'Brien", "Fernández", "Sato", "Khan",
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    ];

    private static readonly string[] ObjectiveTitles =
    [
        "Delight customers in the first week", "Make the platform boringly reliable", "Grow revenue in the new region",
        "Ship the mobile app people ask for", "Build a team people want to join", "Cut the cost of serving a customer",
    ];

    private static readonly string[] KeyResultTitles =
    [
        "Raise weekly active users", "Lift NPS of new customers", "Cut onboarding time", "Ship the self-service setup",
        "Lower p95 latency of the API", "Close enterprise deals", "Hire senior engineers", "Reduce churn of small accounts",
        "Launch in two new markets", "Automate the release checklist",
    ];

    private static readonly string[] Notes =
    [
        "On plan; nothing to add.", "Vendor slipped a week, catching up.", "Waiting on legal review.", "Two people out sick this week.",
        "Better than expected after the launch.", "Blocked by the data migration.",
    ];

    public async Task GenerateAsync(string connectionString, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        IModel model;
        await using (var db = new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }, TimeProvider.System).Open())
            model = db.GetService<IDesignTimeModel>().Model;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // Every row is consistent by construction: skip the foreign-key triggers (the load order could not satisfy the
        // people <-> teams cycle anyway) and let index builds use memory.
        await ExecuteAsync(connection, "SET session_replication_role = replica; SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2", ct);
        var tables = new[] { "Tenants", "Cycles", "Teams", "People", "Objectives", "KeyResults", "KeyResultParticipants", "CheckIns", "ReviewDecisions", "Deliveries" };
        var indexes = await SecondaryIndexesAsync(connection, tables, ct);
        foreach (var (name, _) in indexes) await ExecuteAsync(connection, $"DROP INDEX \"{name}\"", ct);

        var ids = new Ids(shape);
        var tenant = new Tenant { Id = ids.Tenant, Name = $"Scale Corp {shape.People:N0}", ExternalId = $"scale-{shape.People}", Channel = Channel.Teams, CreatedAt = Created };
        await CopyAsync(connection, model, [tenant], ct);
        var year = new Cycle
        {
            Id = ids.Year, TenantId = ids.Tenant, Name = "2026", Kind = CycleKind.Annual, StartDate = YearStart, EndDate = YearEnd, State = CycleState.Active,
        };
        var quarter = new Cycle
        {
            Id = ids.Quarter, TenantId = ids.Tenant, Name = "2026 Q4", Kind = CycleKind.Quarterly, StartDate = QuarterStart, EndDate = QuarterEnd,
            State = CycleState.Active, ParentCycleId = ids.Year,
        };
        await CopyAsync(connection, model, [year, quarter], ct);
        await CopyAsync(connection, model, Enumerable.Range(0, shape.Managers).Select(m => new Team
        {
            Id = ids.Team(m), TenantId = ids.Tenant, Name = $"Team {m:D6}", LeadId = ids.Person(m), ParentTeamId = TeamOf(m) is { } t ? ids.Team(t) : null,
        }), ct);
        await CopyAsync(connection, model, Enumerable.Range(0, shape.People).Select(i => Person(ids, i)), ct);
        await CopyAsync(connection, model, Enumerable.Range(0, shape.People).SelectMany(i => Objectives(ids, i)), ct);

        // Check-ins week by week, everyone's, as they arrive in production (and so lie in the table); the KRs keep the last value.
        var current = new decimal[shape.People * KeyResultsPerPerson];
        var status = new (KrStatus Status, string? Reason)[current.Length];
        for (var k = 0; k < current.Length; k++) current[k] = Start(k % KeyResultsPerPerson);
        var checkIns = await CopyAsync(connection, model, Enumerable.Range(0, Weeks).SelectMany(w => CheckIns(ids, w, current, status)), ct);
        await CopyAsync(connection, model, Enumerable.Range(0, shape.People).SelectMany(i => KeyResults(ids, i, current, status)), ct);
        await CopyAsync(connection, model, Enumerable.Range(0, shape.People).Where(i => Hash(i, 40) % 10 == 0).Select(i => new KeyResultParticipant
        {
            KeyResultId = ids.KeyResult(i, 0), PersonId = ids.Person(Sibling(i)),
        }), ct);
        await CopyAsync(connection, model, Enumerable.Range(0, shape.People).Where(i => Hash(i, 41) % 10 != 0).SelectMany(i =>
            Enumerable.Range(0, KeyResultsPerPerson).Select(k => new ReviewDecision
            {
                TenantId = ids.Tenant, KeyResultId = ids.KeyResult(i, k), Decision = ReviewDecisionKind.Keep, DecidedById = ids.Person(i),
                DecidedAt = new DateTimeOffset(2026, 11, 13, 15, 0, 0, TimeSpan.Zero),
            })), ct);
        var deliveries = await CopyAsync(connection, model, History(ids), ct);
        log.WriteLine($"  loaded {shape.People:N0} people, {checkIns:N0} check-ins, {deliveries:N0} past deliveries in {clock.Elapsed.TotalSeconds:0} s");

        var built = Stopwatch.StartNew();
        foreach (var (_, definition) in indexes) await ExecuteAsync(connection, definition, ct);
        await ExecuteAsync(connection, "SET session_replication_role = origin", ct);
        foreach (var table in tables) await ExecuteAsync(connection, $"VACUUM (ANALYZE) \"{table}\"", ct);
        log.WriteLine($"  built {indexes.Count} indexes, vacuumed and analysed in {built.Elapsed.TotalSeconds:0} s");
    }

    private static readonly DateTimeOffset Created = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    private Person Person(Ids ids, int i) => new()
    {
        Id = ids.Person(i), TenantId = ids.Tenant, ExternalId = $"29:scale-{i}", DisplayName = NameOf(i),
        ManagerId = ManagerOf(i) is { } m ? ids.Person(m) : null, TeamId = TeamOf(i) is { } t ? ids.Team(t) : null,
        TimeZoneId = ZoneOf(i), Locale = Hash(i, 3) % 10 < 3 ? "zh-CN" : "en-US", AwayUntil = IsAway(i) ? OrgShape.AwayUntil : null,
        IsActive = shape.IsActive(i), CreatedAt = Created,
    };

    private static string NameOf(int i) => $"{Given[Hash(i, 4) % Given.Length]} {Family[Hash(i, 5) % Family.Length]}";

    private IEnumerable<Objective> Objectives(Ids ids, int i) => Enumerable.Range(0, ObjectivesPerPerson).Select(o => new Objective
    {
        Id = ids.Objective(i, o), TenantId = ids.Tenant, CycleId = ids.Quarter, Title = ObjectiveTitles[Hash(i, 20 + o) % ObjectiveTitles.Length],
        OwnerPersonId = ids.Person(i), State = ObjectiveState.Published, Visibility = IsPrivate(i, o) ? Visibility.Private : Visibility.Public,
        CreatedAt = Created.AddDays(30).AddMinutes(o),
    });

    private IEnumerable<KeyResult> KeyResults(Ids ids, int i, decimal[] current, (KrStatus Status, string? Reason)[] status) =>
        Enumerable.Range(0, KeyResultsPerPerson).Select(k => new KeyResult
        {
            Id = ids.KeyResult(i, k), TenantId = ids.Tenant, ObjectiveId = ids.Objective(i, k / KeyResultsPerObjective),
            Title = KeyResultTitles[Hash(i, 30 + k) % KeyResultTitles.Length], Kind = KindOf(k), Direction = k % 9 == 4 ? Direction.Decrease : Direction.Increase,
            StartValue = Start(k), TargetValue = Target(k), Unit = KindOf(k) == KeyResultKind.Metric ? "pts" : null,
            OwnerId = ids.Person(i), CurrentValue = current[i * KeyResultsPerPerson + k],
            Status = status[i * KeyResultsPerPerson + k] is { Status: not KrStatus.OnTrack } s ? s.Status : null,
            StatusReason = status[i * KeyResultsPerPerson + k].Reason, Confidence = 7, UpdatedAt = Created.AddDays(30), Version = 1,
        });

    /// <summary>Week <paramref name="w"/>'s check-ins of everyone who checked in, moving each KR along its own pace.</summary>
    private IEnumerable<CheckIn> CheckIns(Ids ids, int w, decimal[] current, (KrStatus Status, string? Reason)[] status)
    {
        var monday = FirstWeek.AddDays(7 * w);
        var friday = new DateTimeOffset(monday.AddDays(4).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        for (var i = 0; i < shape.People; i++)
        {
            if (SkipsWeek(i, w) || (!shape.IsActive(i) && w >= Weeks / 2)) continue;
            var at = friday.AddMinutes(Hash(i, 200 + w) % 2880);
            for (var k = 0; k < KeyResultsPerPerson; k++)
            {
                var slot = i * KeyResultsPerPerson + k;
                var value = ValueAt(i, k, w);
                var h = Hash(slot, 300 + w);
                var s = h % 41 == 0 ? KrStatus.OffTrack : h % 12 == 0 ? KrStatus.AtRisk : KrStatus.OnTrack;
                var note = s != KrStatus.OnTrack || h % 3 == 0 ? Notes[h % (uint)Notes.Length] : null;
                var amended = h % 20 == 1;
                yield return new CheckIn
                {
                    TenantId = ids.Tenant, KeyResultId = ids.KeyResult(i, k), AuthorId = ids.Person(i), WeekOf = monday, Value = value,
                    ValueBefore = current[slot], Status = s, Confidence = (int)(h % 10) + 1, Note = note,
                    Blockers = s == KrStatus.OffTrack ? "Needs a decision from the leadership team." : null,
                    CreatedAt = at, UpdatedAt = amended ? at.AddHours(20) : at, Revision = amended ? 2 : 1,
                };
                current[slot] = value;
                status[slot] = (s, s == KrStatus.OnTrack ? null : note);
            }
        }
    }

    /// <summary>What twelve weeks of the rhythm sent: prompts, reminders to who missed a week, managers' digests, the review and planning requests.</summary>
    private IEnumerable<Delivery> History(Ids ids)
    {
        Delivery Sent(int person, DeliveryKind kind, string period, DateTimeOffset at) => new()
        {
            TenantId = ids.Tenant, PersonId = ids.Person(person), Channel = Channel.Teams, Kind = kind, PeriodKey = period, State = DeliveryState.Sent,
            NotBefore = at, Attempts = 1, MessageId = $"1:{person}-{period}", LastOutcome = DeliveryOutcomeKind.Sent, LastStatus = 201,
            CreatedAt = at, UpdatedAt = at.AddSeconds(40),
        };

        for (var w = 0; w < Weeks; w++)
        {
            var monday = FirstWeek.AddDays(7 * w);
            var at = new DateTimeOffset(monday.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
            // This week's Monday digest (on last week's check-ins) and last week's reminders.
            for (var m = 0; m < shape.Managers && w > 0; m++)
                if (!IsAway(m)) yield return Sent(m, DeliveryKind.ManagerDigest, RhythmPeriods.Week(monday), at);
            for (var i = 0; i < shape.People && w > 0; i++)
                if (SkipsWeek(i, w - 1) && shape.IsActive(i) && !IsAway(i))
                    yield return Sent(i, DeliveryKind.CheckInReminder, RhythmPeriods.Week(monday.AddDays(-7)), at.AddHours(1));
            // Friday's prompts, but the last week's: those are the planning benchmark's to plan.
            if (w == Weeks - 1) continue;
            for (var i = 0; i < shape.People; i++)
                if (shape.IsActive(i) && !IsAway(i)) yield return Sent(i, DeliveryKind.CheckInPrompt, RhythmPeriods.Week(monday), at.AddDays(4).AddHours(1));
        }

        for (var i = 0; i < shape.People; i++)
        {
            if (!shape.IsActive(i) || IsAway(i)) continue;
            yield return Sent(i, DeliveryKind.MidCycleReview, RhythmPeriods.Cycle(ids.Quarter), new DateTimeOffset(2026, 11, 13, 10, 0, 0, TimeSpan.Zero));
            yield return Sent(i, DeliveryKind.PlanningReminder, RhythmPeriods.Cycle(ids.Quarter), new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        }
    }

    private static KeyResultKind KindOf(int k) => k % 9 == 8 ? KeyResultKind.Milestone : k % 9 == 7 ? KeyResultKind.Percentage : KeyResultKind.Metric;

    private static decimal Start(int k) => KindOf(k) == KeyResultKind.Milestone ? 0 : k % 9 == 4 ? 100 : 0;

    private static decimal Target(int k) => KindOf(k) == KeyResultKind.Milestone ? 1 : k % 9 == 4 ? 40 : 100;

    /// <summary>Where KR <paramref name="k"/> of person <paramref name="i"/> stands after week <paramref name="w"/>: its own pace, a little noise.</summary>
    private static decimal ValueAt(int i, int k, int w)
    {
        var slot = i * KeyResultsPerPerson + k;
        var pace = 0.5 + Hash(slot, 7) % 80 / 100.0;
        var noise = ((int)(Hash(slot, 400 + w) % 11) - 5) / 100.0;
        var progress = Math.Clamp((w + 1) / 13.0 * pace + noise, 0, 1.2);
        if (KindOf(k) == KeyResultKind.Milestone) return progress >= 1 ? 1 : 0;
        return Math.Round(Start(k) + (decimal)progress * (Target(k) - Start(k)), 1);
    }

    /// <summary>Someone with the same manager, to take part in a colleague's KR.</summary>
    private int Sibling(int i) => i + 1 < shape.People && ManagerOf(i + 1) == ManagerOf(i) ? i + 1 : Math.Max(0, i - 1);

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, IModel model, IEnumerable<T> rows, CancellationToken ct) where T : class =>
        await CopyTable<T>.For(model).WriteAsync(connection, rows, ct);

    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection, string[] tables, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname = ANY(@tables) AND t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary
            ORDER BY t.relname, i.relname
            """, connection);
        command.Parameters.AddWithValue("tables", tables);
        var indexes = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every row's id, made up front (time-ordered, as the product makes them) so rows can point at each other.</summary>
    private sealed class Ids
    {
        private readonly Guid[] _people, _teams, _objectives, _keyResults;

        public Ids(OrgShape shape)
        {
            _people = New(shape.People);
            _teams = New(shape.Managers);
            _objectives = New(shape.People * ObjectivesPerPerson);
            _keyResults = New(shape.People * KeyResultsPerPerson);
        }

        public Guid Tenant { get; } = Guid.CreateVersion7();
        public Guid Year { get; } = Guid.CreateVersion7();
        public Guid Quarter { get; } = Guid.CreateVersion7();
        public Guid Person(int i) => _people[i];
        public Guid Team(int m) => _teams[m];
        public Guid Objective(int i, int o) => _objectives[i * ObjectivesPerPerson + o];
        public Guid KeyResult(int i, int k) => _keyResults[i * KeyResultsPerPerson + k];

        private static Guid[] New(int count)
        {
            var ids = new Guid[count];
            for (var n = 0; n < count; n++) ids[n] = Guid.CreateVersion7();
            return ids;
        }
    }
}
