using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Demo;

/// <summary>
/// The first-run demo: a sample organisation in the current quarter, with weeks of check-in history, whose people
/// a newcomer can play, so they see a real check-in within a minute of starting the bot.
/// </summary>
public sealed class DemoOrganisation(OkrDatabase database, TimeProvider clock, ILogger<DemoOrganisation> logger)
{
    /// <summary>Seeds the organisation unless it is already there. Returns the demo tenant's id.</summary>
    public async Task<Guid> SeedAsync(CancellationToken ct = default)
    {
        await using var db = database.Open();
        var existing = await FindTenantAsync(db, ct);
        if (existing is not null)
        {
            logger.LogInformation("Demo organisation {Tenant} is already there; not seeding again", existing.Name);
            return existing.Id;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tenant = new Tenant { Name = DemoCatalog.TenantName, ExternalId = DemoCatalog.TenantExternalId, Channel = Channel.Teams, DefaultTimeZone = "Asia/Shanghai", CreatedAt = now };
        db.Tenants.Add(tenant);

        var year = new Cycle { TenantId = tenant.Id, Name = $"{today.Year}", Kind = CycleKind.Annual, StartDate = new(today.Year, 1, 1), EndDate = new(today.Year, 12, 31), State = CycleState.Active };
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        var quarter = new Cycle
        {
            TenantId = tenant.Id, Name = $"{today.Year} Q{(today.Month - 1) / 3 + 1}", Kind = CycleKind.Quarterly,
            StartDate = quarterStart, EndDate = quarterStart.AddMonths(3).AddDays(-1), State = CycleState.Active, ParentCycleId = year.Id,
        };
        db.Cycles.AddRange(year, quarter);

        var teams = DemoCatalog.Teams.ToDictionary(n => n, n => new Team { TenantId = tenant.Id, Name = n });
        db.Teams.AddRange(teams.Values);
        var people = new Dictionary<string, Person>();
        foreach (var seed in DemoCatalog.People)
        {
            people[seed.Key] = new Person
            {
                TenantId = tenant.Id, ExternalId = Person.DemoExternalIdPrefix + seed.Key, DisplayName = seed.Name,
                TeamId = seed.Team == "" ? null : teams[seed.Team].Id, TimeZoneId = seed.TimeZone, Locale = seed.Locale, CreatedAt = now,
            };
        }
        db.People.AddRange(people.Values);
        // People point at teams and teams at their leads: a cycle EF cannot order in one save, so links follow.
        await db.SaveChangesAsync(ct);
        foreach (var seed in DemoCatalog.People)
        {
            if (seed.Manager is { } m) people[seed.Key].ManagerId = people[m].Id;
            // A lead is whoever in the team reports to someone outside it.
            if (seed.Team != "" && seed.Manager is { } boss && DemoCatalog.People.First(p => p.Key == boss).Team != seed.Team)
                teams[seed.Team].LeadId = people[seed.Key].Id;
        }
        await db.SaveChangesAsync(ct);

        var random = new Random(2026);
        var objectives = new Dictionary<string, Objective>();
        var checkIns = 0;
        foreach (var seed in DemoCatalog.Objectives)
        {
            var team = seed.Owner.StartsWith("team:", StringComparison.Ordinal) ? teams[seed.Owner[5..]] : null;
            var owner = team is null ? people[seed.Owner] : people.Values.First(p => p.Id == team.LeadId);
            var objective = new Objective
            {
                TenantId = tenant.Id, CycleId = quarter.Id, Title = seed.Title, OwnerPersonId = team is null ? owner.Id : null,
                OwnerTeamId = team?.Id, ParentObjectiveId = seed.Parent is { } parent ? objectives[parent].Id : null,
                State = ObjectiveState.Published, Visibility = seed.Visibility, CreatedAt = now,
            };
            objectives[seed.Title] = objective;
            db.Objectives.Add(objective);
            foreach (var k in seed.KeyResults)
            {
                var kr = new KeyResult
                {
                    TenantId = tenant.Id, ObjectiveId = objective.Id, Title = k.Title, Kind = k.Kind, Direction = k.Direction,
                    StartValue = k.Start, TargetValue = k.Target, Unit = k.Unit, Weight = k.Weight, OwnerId = owner.Id,
                    CurrentValue = k.Start, UpdatedAt = now,
                };
                objective.KeyResults.Add(kr);
                checkIns += AddHistory(db, kr, owner, quarter, today, tenant.Thresholds, random);
            }
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded demo organisation {Tenant}: {People} people, {Objectives} objectives, {CheckIns} past check-ins in {Cycle}",
            tenant.Name, people.Count, objectives.Count, checkIns, quarter.Name);
        return tenant.Id;
    }

    /// <summary>
    /// Lets someone who talks to the bot play a demo person: the first unclaimed one in <see cref="DemoCatalog.PersonaOrder"/>,
    /// or the one they already play. The demo tenant is moved onto the caller's channel tenant on first claim.
    /// Returns null when there is no demo, or it belongs to another organisation, or every person is taken.
    /// </summary>
    public async Task<Person?> ClaimPersonAsync(Channel channel, string tenantExternalId, string userExternalId, string? displayName, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var tenant = await FindTenantAsync(db, ct);
        if (tenant is null) return null;
        var claimedBefore = tenant.ExternalId != DemoCatalog.TenantExternalId;
        if (claimedBefore && (tenant.Channel != channel || tenant.ExternalId != tenantExternalId)) return null;

        var people = await db.People.Where(p => p.TenantId == tenant.Id).ToListAsync(ct);
        var mine = people.FirstOrDefault(p => p.ExternalId == userExternalId);
        if (mine is not null) return mine;
        var next = DemoCatalog.PersonaOrder.Select(key => people.FirstOrDefault(p => p.ExternalId == Person.DemoExternalIdPrefix + key))
            .FirstOrDefault(p => p is not null);
        if (next is null) return null;

        tenant.Channel = channel;
        tenant.ExternalId = tenantExternalId;
        next.ExternalId = userExternalId;
        logger.LogInformation("{User} now plays demo person {Person}", displayName ?? userExternalId, next.DisplayName);
        await db.SaveChangesAsync(ct);
        return next;
    }

    private static Task<Tenant?> FindTenantAsync(OkrDbContext db, CancellationToken ct) =>
        db.Tenants.FirstOrDefaultAsync(t => t.Name == DemoCatalog.TenantName, ct);

    /// <summary>Weekly check-ins from the quarter's first week up to last week, each KR at its own pace.</summary>
    private static int AddHistory(OkrDbContext db, KeyResult kr, Person owner, Cycle quarter, DateOnly today, StatusThresholds thresholds, Random random)
    {
        var pace = 0.45m + (decimal)random.NextDouble() * 0.8m;
        var count = 0;
        for (var week = Weeks.StartOf(quarter.StartDate); week < Weeks.StartOf(today); week = week.AddDays(7))
        {
            var friday = week.AddDays(4);
            var expected = quarter.ElapsedFraction(friday) * pace;
            var value = kr.Kind == KeyResultKind.Milestone
                ? (expected >= 0.9m ? 1m : 0m)
                : Math.Round(kr.StartValue + (kr.TargetValue - kr.StartValue) * Math.Min(expected, 1.05m), 2);
            var status = StatusRules.Suggest(Progress.Of(kr.Kind, kr.Direction, kr.StartValue, value, kr.TargetValue), quarter.ElapsedFraction(friday), thresholds);
            var notes = owner.Locale.StartsWith("zh", StringComparison.Ordinal) ? DemoCatalog.NotesChinese : DemoCatalog.NotesEnglish;
            var at = new DateTimeOffset(friday.ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero);
            db.CheckIns.Add(new CheckIn
            {
                TenantId = kr.TenantId, KeyResultId = kr.Id, AuthorId = owner.Id, WeekOf = week, ValueBefore = kr.CurrentValue,
                Value = value, Status = status, Confidence = status == KrStatus.OnTrack ? 8 : 5, Note = notes[random.Next(notes.Length)],
                CreatedAt = at, UpdatedAt = at,
            });
            kr.CurrentValue = value;
            kr.Status = status;
            kr.StatusReason = status == KrStatus.OnTrack ? null : notes[1];
            kr.Confidence = status == KrStatus.OnTrack ? 8 : 5;
            count++;
        }
        return count;
    }
}
