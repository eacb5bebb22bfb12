using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Integrations;

/// <summary>
/// The read side for other systems: a tenant's cycles, teams, people, objectives with their KRs, and check-ins, in pages.
/// An API key sees what everyone in its tenant sees: published public OKRs (<see cref="Access.CanViewWithApiKey"/>).
/// Anything else, another tenant's included, is "not found".
/// </summary>
public sealed class IntegrationReadService(OkrDatabase database, TimeProvider clock)
{
    public const int MaxRecent = 50;

    /// <summary>The same rule as <see cref="Access.CanViewWithApiKey"/>, as a query filter.</summary>
    private static readonly Expression<Func<Objective, bool>> VisibleToKeys =
        o => o.Visibility == Visibility.Public && o.State == ObjectiveState.Published;

    public async Task<IReadOnlyList<Cycle>> CyclesAsync(ApiKeyActor actor, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.Cycles.AsNoTracking().Where(c => c.TenantId == actor.TenantId)
            .OrderByDescending(c => c.StartDate).ThenBy(c => c.EndDate).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Team>> TeamsAsync(ApiKeyActor actor, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.Teams.AsNoTracking().Where(t => t.TenantId == actor.TenantId).OrderBy(t => t.Name).ToListAsync(ct);
    }

    public async Task<Page<Person>> PeopleAsync(ApiKeyActor actor, PeopleFilter filter, Paging paging, CancellationToken ct = default)
    {
        paging = paging.Bounded();
        await using var db = database.Open();
        var people = db.People.AsNoTracking().Where(p => p.TenantId == actor.TenantId);
        if (!filter.IncludeInactive) people = people.Where(p => p.IsActive);
        if (filter.TeamId is { } teamId) people = people.Where(p => p.TeamId == teamId);
        if (filter.ManagerId is { } managerId) people = people.Where(p => p.ManagerId == managerId);
        var total = await people.CountAsync(ct);
        var items = await people.OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return new Page<Person>(items, paging.Offset, paging.Limit, total);
    }

    public async Task<Result<Person>> PersonAsync(ApiKeyActor actor, Guid personId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId && p.TenantId == actor.TenantId, ct);
        return person is null ? Result<Person>.Fail(OkrErrorCode.NotFound, "No such person in this organisation.", "personId") : person;
    }

    public async Task<Result<Page<ObjectiveRecord>>> ObjectivesAsync(ApiKeyActor actor, ObjectiveFilter filter, Paging paging, CancellationToken ct = default)
    {
        paging = paging.Bounded();
        await using var db = database.Open();
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == actor.TenantId, ct);
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(tenant.DefaultTimeZone));
        var cycle = filter.CycleId is { } cycleId
            ? await db.Cycles.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cycleId && c.TenantId == actor.TenantId, ct)
            : await Lookups.CurrentCycleAsync(db, actor.TenantId, today, ct);
        if (cycle is null)
            return filter.CycleId is null
                ? Result<Page<ObjectiveRecord>>.Fail(OkrErrorCode.NotFound, "There is no active OKR cycle today; name one with cycleId.", "cycle")
                : Result<Page<ObjectiveRecord>>.Fail(OkrErrorCode.NotFound, "No such cycle in this organisation.", "cycleId");

        var objectives = db.Objectives.AsNoTracking().Where(o => o.TenantId == actor.TenantId && o.CycleId == cycle.Id).Where(VisibleToKeys);
        if (filter.PersonId is { } personId)
        {
            if (!await db.People.AnyAsync(p => p.Id == personId && p.TenantId == actor.TenantId, ct))
                return Result<Page<ObjectiveRecord>>.Fail(OkrErrorCode.NotFound, "No such person in this organisation.", "personId");
            var holdingTheirKrs = db.KeyResults
                .Where(k => k.TenantId == actor.TenantId && (k.OwnerId == personId || k.Participants.Any(p => p.PersonId == personId)))
                .Select(k => k.ObjectiveId);
            objectives = objectives.Where(o => o.OwnerPersonId == personId || holdingTheirKrs.Contains(o.Id));
        }
        if (filter.TeamId is { } teamId)
        {
            if (!await db.Teams.AnyAsync(t => t.Id == teamId && t.TenantId == actor.TenantId, ct))
                return Result<Page<ObjectiveRecord>>.Fail(OkrErrorCode.NotFound, "No such team in this organisation.", "teamId");
            var members = db.People.Where(p => p.TeamId == teamId && p.TenantId == actor.TenantId).Select(p => (Guid?)p.Id);
            objectives = objectives.Where(o => o.OwnerTeamId == teamId || members.Contains(o.OwnerPersonId));
        }

        var total = await objectives.CountAsync(ct);
        var page = await objectives.Include(o => o.KeyResults).ThenInclude(k => k.Participants)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        var records = await RecordsAsync(db, page, cycle, today, tenant.Thresholds, ct);
        return new Page<ObjectiveRecord>(records, paging.Offset, paging.Limit, total);
    }

    public async Task<Result<ObjectiveRecord>> ObjectiveAsync(ApiKeyActor actor, Guid objectiveId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var objective = await db.Objectives.AsNoTracking().Include(o => o.KeyResults).ThenInclude(k => k.Participants)
            .FirstOrDefaultAsync(o => o.Id == objectiveId && o.TenantId == actor.TenantId, ct);
        if (objective is null || !Access.CanViewWithApiKey(actor.TenantId, objective.TenantId, objective.Visibility, objective.State))
            return Result<ObjectiveRecord>.Fail(OkrErrorCode.NotFound, "No such objective (it may have been deleted).", "objectiveId");
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == actor.TenantId, ct);
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(tenant.DefaultTimeZone));
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == objective.CycleId, ct);
        return (await RecordsAsync(db, [objective], cycle, today, tenant.Thresholds, ct)).Single();
    }

    /// <summary>One KR with its latest <paramref name="recent"/> check-ins and posted values.</summary>
    public async Task<Result<KeyResultDetailRecord>> KeyResultAsync(ApiKeyActor actor, Guid keyResultId, int recent = 10, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var objectiveId = await db.KeyResults.Where(k => k.Id == keyResultId && k.TenantId == actor.TenantId).Select(k => (Guid?)k.ObjectiveId).FirstOrDefaultAsync(ct);
        var objective = objectiveId is null ? null
            : await db.Objectives.AsNoTracking().Include(o => o.KeyResults.Where(k => k.Id == keyResultId)).ThenInclude(k => k.Participants)
                .FirstOrDefaultAsync(o => o.Id == objectiveId, ct);
        if (objective is null || !Access.CanViewWithApiKey(actor.TenantId, objective.TenantId, objective.Visibility, objective.State))
            return KeyResultNotFound<KeyResultDetailRecord>();

        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == actor.TenantId, ct);
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(tenant.DefaultTimeZone));
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == objective.CycleId, ct);
        var record = (await RecordsAsync(db, [objective], cycle, today, tenant.Thresholds, ct)).Single().KeyResults.Single();

        var take = Math.Clamp(recent, 0, MaxRecent);
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.KeyResultId == keyResultId)
            .OrderByDescending(c => c.WeekOf).ThenByDescending(c => c.UpdatedAt).Take(take).ToListAsync(ct);
        var posts = await db.KeyResultValuePosts.AsNoTracking().Where(p => p.KeyResultId == keyResultId)
            .OrderByDescending(p => p.CreatedAt).Take(take).ToListAsync(ct);
        return new KeyResultDetailRecord(record, objective.Title, cycle.Id, cycle.Name, await CheckInRecordsAsync(db, checkIns, ct),
            posts.Select(ToRecord).ToList());
    }

    /// <summary>Check-ins of KRs the key may see, oldest change first (so "since" pages through what changed).</summary>
    public async Task<Result<Page<CheckInRecord>>> CheckInsAsync(ApiKeyActor actor, CheckInFilter filter, Paging paging, CancellationToken ct = default)
    {
        paging = paging.Bounded();
        await using var db = database.Open();
        var visibleKrs = db.KeyResults.Where(k => k.TenantId == actor.TenantId)
            .Where(k => db.Objectives.Where(VisibleToKeys).Any(o => o.Id == k.ObjectiveId));
        if (filter.KeyResultId is { } keyResultId)
        {
            if (!await visibleKrs.AnyAsync(k => k.Id == keyResultId, ct)) return KeyResultNotFound<Page<CheckInRecord>>();
            visibleKrs = visibleKrs.Where(k => k.Id == keyResultId);
        }
        var checkIns = db.CheckIns.AsNoTracking().Where(c => c.TenantId == actor.TenantId && visibleKrs.Any(k => k.Id == c.KeyResultId));
        if (filter.Since is { } since) checkIns = checkIns.Where(c => c.UpdatedAt >= since);

        var total = await checkIns.CountAsync(ct);
        var page = await checkIns.OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        return new Page<CheckInRecord>(await CheckInRecordsAsync(db, page, ct), paging.Offset, paging.Limit, total);
    }

    internal static ValuePostRecord ToRecord(KeyResultValuePost p) =>
        new(p.Id, p.KeyResultId, p.Value, p.ValueBefore, p.Source, p.Note, p.ApiKeyId, p.CreatedAt);

    internal static async Task<IReadOnlyList<ObjectiveRecord>> RecordsAsync(
        OkrDbContext db, IReadOnlyList<Objective> objectives, Cycle cycle, DateOnly today, StatusThresholds thresholds, CancellationToken ct)
    {
        var views = await Views.ObjectivesAsync(db, objectives, cycle, today, thresholds, ct);
        return objectives.Zip(views, (o, view) =>
        {
            var krs = o.KeyResults.ToDictionary(k => k.Id);
            return new ObjectiveRecord(view, o.CycleId, cycle.Name, o.Description, o.ParentObjectiveId, o.ParentKeyResultId, o.CreatedAt,
                view.KeyResults.Select(k => new KeyResultRecord(k, o.Id,
                    krs[k.Id].Participants.Select(p => p.PersonId).Order().ToList(), krs[k.Id].UpdatedAt)).ToList());
        }).ToList();
    }

    private static async Task<IReadOnlyList<CheckInRecord>> CheckInRecordsAsync(OkrDbContext db, IReadOnlyList<CheckIn> checkIns, CancellationToken ct)
    {
        var authorIds = checkIns.Select(c => c.AuthorId).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => authorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        return checkIns.Select(c => new CheckInRecord(c.Id, c.KeyResultId, c.AuthorId, names.GetValueOrDefault(c.AuthorId, "?"), c.WeekOf,
            c.Value, c.ValueBefore, c.Status, c.Confidence, c.Note, c.Blockers, c.Revision, c.CreatedAt, c.UpdatedAt)).ToList();
    }

    private static Result<T> KeyResultNotFound<T>() =>
        Result<T>.Fail(OkrErrorCode.NotFound, "No such key result (it may have been deleted).", "keyResultId");
}
