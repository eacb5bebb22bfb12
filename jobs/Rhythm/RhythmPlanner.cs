using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Jobs.Rhythm;

/// <summary>What one planner run did.</summary>
/// <param name="ZonesSkipped">Time zones where nothing could be due, whose people were not read.</param>
/// <param name="Planned">Delivery rows written by this run.</param>
/// <param name="AlreadyPlanned">Due deliveries that an earlier run (or another node) had written already.</param>
public sealed record PlanReport(int Tenants, int ZonesSkipped, int People, int Planned, int AlreadyPlanned)
{
    public static PlanReport Empty { get; } = new(0, 0, 0, 0, 0);

    public static PlanReport operator +(PlanReport a, PlanReport b) =>
        new(a.Tenants + b.Tenants, a.ZonesSkipped + b.ZonesSkipped, a.People + b.People, a.Planned + b.Planned, a.AlreadyPlanned + b.AlreadyPlanned);
}

/// <summary>
/// The rhythm's planner: for each tenant with an active cycle and each of its active people, asks
/// <see cref="RhythmRules"/> what is due now in the person's own time zone and writes those deliveries (idempotently:
/// one row per kind, person and period) for the dispatcher to send. Safe to run as often as wanted, on as many nodes as
/// wanted: a second run, or a run on another node, writes nothing twice.
/// </summary>
/// <remarks>
/// People are read one time zone and one page at a time. A zone is skipped when no schedule's local prompt, reminder
/// digest or escalation time passed there within <see cref="RhythmOptions.Lookback"/>, so a run in a quiet minute reads
/// only the list of zones. Escalations go to the person's manager, one per late report and week; everything else to the
/// person (a manager's digest is planned from the manager's own facts).
/// </remarks>
public sealed partial class RhythmPlanner(
    RhythmStore store, DeliveryQueue queue, RhythmOptions options, DeliveryNudge? nudge = null, ILogger<RhythmPlanner>? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger<RhythmPlanner>.Instance;

    public async Task<PlanReport> PlanAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var total = PlanReport.Empty;
        foreach (var tenantId in await store.ActiveTenantsAsync(now, ct))
        {
            var tenant = await store.TenantAsync(tenantId, now, ct);
            if (tenant is null) continue;
            var report = await PlanTenantAsync(tenant, now, ct);
            total += report;
            if (report.Planned > 0) LogPlanned(report.Planned, tenantId, report.People, report.ZonesSkipped);
        }

        if (total.Planned > 0) nudge?.Nudge();
        LogRun(now, total.Tenants, total.People, total.Planned, total.AlreadyPlanned);
        return total;
    }

    private async Task<PlanReport> PlanTenantAsync(TenantRhythm tenant, DateTimeOffset now, CancellationToken ct)
    {
        var report = new PlanReport(1, 0, 0, 0, 0);
        var schedules = tenant.DistinctSchedules();
        foreach (var zoneId in await store.ZonesAsync(tenant.Tenant.Id, ct))
        {
            if (!CouldBeDue(TimeZones.Find(zoneId), schedules, now))
            {
                report += new PlanReport(0, 1, 0, 0, 0);
                continue;
            }

            Guid? after = null;
            while (true)
            {
                var page = await store.PeopleAsync(tenant.Tenant.Id, zoneId, after, options.PageSize, ct);
                if (page.Count == 0) break;
                after = page[^1].Id;
                report += await PlanPageAsync(tenant, page, now, ct);
                if (page.Count < options.PageSize) break;
            }
        }

        return report;
    }

    private async Task<PlanReport> PlanPageAsync(TenantRhythm tenant, IReadOnlyList<Person> page, DateTimeOffset now, CancellationToken ct)
    {
        var requests = new List<DeliveryRequest>();
        foreach (var person in await store.DueFactsAsync(tenant, page, now, ct))
        {
            foreach (var due in person.Due(now))
            {
                var recipient = due.Kind == DeliveryKind.Escalation ? person.Person.ManagerId : person.Person.Id;
                if (recipient is not { } to) continue;
                requests.Add(new DeliveryRequest(tenant.Tenant.Id, to, tenant.Tenant.Channel, due.Kind, due.PeriodKey(person.Person.Id)));
            }
        }

        if (requests.Count == 0) return new PlanReport(0, 0, page.Count, 0, 0);
        var results = await queue.EnqueueManyAsync(requests, ct);
        var created = results.Count(r => r.Created);
        return new PlanReport(0, 0, page.Count, created, results.Count - created);
    }

    /// <summary>
    /// Whether any schedule's prompt, reminder, digest or escalation time passed (the cycle's deliveries use the prompt and
    /// reminder times too) in <paramref name="zone"/> within the lookback,
    /// on any day (the day of the week is left to the rules: this only has to be cheap and never say no wrongly).
    /// </summary>
    internal bool CouldBeDue(TimeZoneInfo zone, IReadOnlyList<CheckInSchedule> schedules, DateTimeOffset now)
    {
        if (options.Lookback >= TimeSpan.FromDays(1)) return true;
        var from = now - options.Lookback;
        var today = Weeks.LocalDate(now, zone);
        bool Within(DateTimeOffset at) => at > from && at <= now;
        foreach (var s in schedules)
        {
            var grace = s.EscalateAfter ?? TimeSpan.Zero;
            var daysBack = 1 + (int)Math.Ceiling(grace.TotalDays);
            for (var back = 0; back <= daysBack; back++)
            {
                var date = today.AddDays(-back);
                var prompt = RhythmRules.Resolve(date.ToDateTime(s.PromptTime), zone);
                var reminder = RhythmRules.Resolve(date.ToDateTime(s.ReminderTime), zone);
                var digest = RhythmRules.Resolve(date.ToDateTime(s.DigestTime), zone);
                if (Within(prompt) || Within(reminder) || Within(digest)) return true;
                if (s.EscalateAfter is { } g && (Within((s.MaxReminders > 0 ? reminder : prompt) + g))) return true;
            }
        }

        return false;
    }

    [LoggerMessage(LogLevel.Information, "Planned {Planned} deliveries for tenant {TenantId} ({People} people read, {ZonesSkipped} time zones skipped)")]
    private partial void LogPlanned(int planned, Guid tenantId, int people, int zonesSkipped);

    [LoggerMessage(LogLevel.Debug, "Rhythm run at {Now}: {Tenants} tenants, {People} people read, {Planned} planned, {AlreadyPlanned} already planned")]
    private partial void LogRun(DateTimeOffset now, int tenants, int people, int planned, int alreadyPlanned);
}
