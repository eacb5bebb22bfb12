using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Demo;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Services;

/// <summary>Who a channel says is talking: the ids and hints it carries about them. All of it untrusted text.</summary>
/// <param name="TenantExternalId">The Teams tenant id or the Feishu tenant_key.</param>
/// <param name="UserId">The messenger's id for the person ("29:..." on Teams, open_id on Feishu).</param>
/// <param name="TimeZone">An IANA zone the client reported, if any.</param>
/// <param name="NewcomerLocale">
/// For channels whose messages carry no locale (Feishu): the language to give a person (and an organisation) met for the
/// first time. Unlike <paramref name="Locale"/> it never changes someone already known.
/// </param>
public sealed record ChannelUser(
    Channel Channel, string TenantExternalId, string UserId, string? DisplayName = null, string? AadObjectId = null,
    string? Locale = null, string? TimeZone = null, string? NewcomerLocale = null);

/// <summary>What an organisation's directory says of a person; every part optional and untrusted.</summary>
/// <param name="ManagerExternalId">The messenger's id of their direct manager (a Feishu open_id).</param>
public sealed record DirectoryEntry(string? DisplayName, string? ManagerExternalId, string? ManagerDisplayName);

/// <summary>Who a channel user turned out to be.</summary>
/// <param name="IsNewcomer">First contact: the person was created or given a demo person just now.</param>
/// <param name="PlaysDemoPerson">They play a person of the seeded demo organisation.</param>
/// <param name="Conversation">Their stored conversation on this channel, read with them (null: none yet), so that
/// capturing an unchanged one costs nothing (<see cref="ConversationService.CaptureAsync"/>).</param>
public sealed record Registration(Person Person, bool IsNewcomer, bool PlaysDemoPerson, ConversationReference? Conversation = null);

/// <summary>People as the channels meet them: registered on first contact, and their own settings.</summary>
public sealed class PeopleService(OkrDatabase database, DemoOrganisation demo, TimeProvider clock)
{
    public const int MaxIdLength = OkrModel.NameLength;

    /// <summary>
    /// The person behind a channel user: found, or given a demo person to play when a demo is seeded, or created
    /// (with their organisation, on its first contact). Name and Entra id are refreshed from what the channel says.
    /// </summary>
    public async Task<Result<Registration>> RegisterAsync(ChannelUser user, CancellationToken ct = default)
    {
        // An id with a control character in it is not one any messenger hands out (and PostgreSQL cannot store NUL).
        if (string.IsNullOrWhiteSpace(user.TenantExternalId) || user.TenantExternalId.Length > MaxIdLength || Text.HasControl(user.TenantExternalId))
            return Result<Registration>.Fail(OkrErrorCode.Invalid, "The message does not say which organisation it comes from.", "tenant");
        if (string.IsNullOrWhiteSpace(user.UserId) || user.UserId.Length > MaxIdLength || Text.HasControl(user.UserId))
            return Result<Registration>.Fail(OkrErrorCode.Invalid, "The message does not say who sent it.", "user");

        return await Conflicts.RetryAsync<Registration>(async () =>
        {
            await using var db = database.Open();
            // Every inbound message starts here: the organisation, the person and their conversation in one round trip.
            // (Joins, not subqueries with FirstOrDefault: those become a window over every tenant's people of that id.)
            var known = await (
                    from t in db.Tenants.Where(t => t.Channel == user.Channel && t.ExternalId == user.TenantExternalId)
                    from p in db.People.Where(p => p.TenantId == t.Id && p.ExternalId == user.UserId).DefaultIfEmpty()
                    from c in db.ConversationReferences.Where(c => c.PersonId == p!.Id && c.Channel == user.Channel).DefaultIfEmpty()
                    select new { Tenant = t, Person = p, Conversation = c })
                .FirstOrDefaultAsync(ct);
            var tenant = known?.Tenant;
            var person = known?.Person;
            if (person is null && await demo.ClaimPersonAsync(user.Channel, user.TenantExternalId, user.UserId, user.DisplayName, ct) is { } played)
            {
                // Playing a demo person: their name and zone stay the demo's, the language becomes the player's.
                if (Locales.Normalize(user.Locale) is { } playerLocale && playerLocale != played.Locale)
                {
                    db.People.Attach(played);
                    played.Locale = playerLocale;
                    await db.SaveChangesAsync(ct);
                }
                return new Registration(played, IsNewcomer: true, PlaysDemoPerson: true);
            }

            var now = clock.GetUtcNow();
            if (tenant is null)
            {
                tenant = new Tenant
                {
                    Name = Bounded(user.TenantExternalId)!, Channel = user.Channel, ExternalId = user.TenantExternalId, CreatedAt = now,
                    DefaultTimeZone = TimeZones.Exists(user.TimeZone) ? user.TimeZone! : "UTC",
                    DefaultLocale = Locales.Normalize(user.Locale) ?? Locales.Normalize(user.NewcomerLocale) ?? "en-US",
                };
                db.Tenants.Add(tenant);
            }
            var isNew = person is null;
            if (person is null)
            {
                person = new Person
                {
                    TenantId = tenant.Id, ExternalId = user.UserId, DisplayName = Bounded(user.DisplayName) ?? user.UserId,
                    AadObjectId = Bounded(user.AadObjectId, 64), CreatedAt = now,
                    TimeZoneId = TimeZones.Exists(user.TimeZone) ? user.TimeZone! : tenant.DefaultTimeZone,
                    Locale = Locales.Normalize(user.Locale) ?? Locales.Normalize(user.NewcomerLocale) ?? tenant.DefaultLocale,
                };
                db.People.Add(person);
            }
            else
            {
                // The messenger is the source of truth for names and for the language its client shows; the time
                // zone is the person's own setting, which a laptop on a trip must not change.
                if (Bounded(user.DisplayName) is { } name && name != person.DisplayName && !IsDemo(tenant)) person.DisplayName = name;
                if (Locales.Normalize(user.Locale) is { } locale && locale != person.Locale) person.Locale = locale;
                if (Bounded(user.AadObjectId, 64) is { } aad && aad != person.AadObjectId) person.AadObjectId = aad;
            }
            await db.SaveChangesAsync(ct);
            return new Registration(person, isNew, PlaysDemoPerson: IsDemo(tenant), known?.Conversation);
        }, ct);
    }

    /// <summary>
    /// Brings a person in line with their organisation's directory: their name (not in the demo, where people play a persona)
    /// and their manager. The manager is found by their messenger id, or registered now under the directory's name: on a
    /// channel that addresses people by id they can hear about risks and get digests before they ever talk to the bot. No
    /// manager in the entry leaves the one set (by an admin) alone; one that would close a loop in the chain is not set.
    /// </summary>
    public async Task<Result<Person>> ApplyDirectoryAsync(Guid tenantId, Guid personId, DirectoryEntry entry, CancellationToken ct = default)
    {
        return await Conflicts.RetryAsync<Person>(async () =>
        {
            await using var db = database.Open();
            var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId && p.TenantId == tenantId, ct);
            if (person is null) return Result<Person>.Fail(OkrErrorCode.NotFound, "No such person.", "person");
            var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId, ct);
            if (!IsDemo(tenant) && Bounded(entry.DisplayName) is { } name && name != person.DisplayName) person.DisplayName = name;

            if (Bounded(entry.ManagerExternalId) is { } managerId && managerId != person.ExternalId)
            {
                var manager = await db.People.FirstOrDefaultAsync(p => p.TenantId == tenantId && p.ExternalId == managerId, ct);
                if (manager is null)
                {
                    manager = new Person
                    {
                        TenantId = tenantId, ExternalId = managerId, DisplayName = Bounded(entry.ManagerDisplayName) ?? managerId,
                        TimeZoneId = tenant.DefaultTimeZone, Locale = tenant.DefaultLocale, CreatedAt = clock.GetUtcNow(),
                    };
                    db.People.Add(manager);
                }
                if (person.ManagerId != manager.Id && !await ChainReachesAsync(db, manager.ManagerId, person.Id, ct)) person.ManagerId = manager.Id;
            }
            await db.SaveChangesAsync(ct);
            return person;
        }, ct);
    }

    /// <summary>Whether walking up the manager chain from <paramref name="start"/> meets <paramref name="target"/> (a loop in the making).</summary>
    private static async Task<bool> ChainReachesAsync(OkrDbContext db, Guid? start, Guid target, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        for (var at = start; at is { } id && seen.Add(id);)
        {
            if (id == target) return true;
            at = await db.People.Where(p => p.Id == id).Select(p => p.ManagerId).FirstOrDefaultAsync(ct);
        }
        return false;
    }

    /// <summary>Active colleagues whose name matches, in the actor's organisation only: exact matches first, at most <paramref name="max"/>.</summary>
    public async Task<Result<IReadOnlyList<Person>>> FindByNameAsync(Actor actor, string? name, int max = 10, CancellationToken ct = default)
    {
        var wanted = Text.Clean(name);
        if (wanted is null || wanted.Length > OkrModel.NameLength)
            return Result<IReadOnlyList<Person>>.Fail(OkrErrorCode.Invalid, "Say whose OKRs you want to see, e.g. \"okrs of Maria\".", "name");
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var lowered = wanted.ToLowerInvariant();
        var matches = await db.People.AsNoTracking()
            .Where(p => p.TenantId == actor.TenantId && p.IsActive && p.DisplayName.ToLower().Contains(lowered))
            .OrderBy(p => p.DisplayName).Take(Math.Clamp(max, 1, 50) * 2).ToListAsync(ct);
        return matches
            .OrderByDescending(p => string.Equals(p.DisplayName, wanted, StringComparison.OrdinalIgnoreCase))
            .ThenBy(p => p.DisplayName.Length).ThenBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Take(Math.Clamp(max, 1, 50)).ToList();
    }

    /// <summary>The actor's own team, or null when they are in none.</summary>
    public async Task<Team?> TeamOfAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var teamId = await db.People.Where(p => p.Id == actor.PersonId && p.TenantId == actor.TenantId).Select(p => p.TeamId).FirstOrDefaultAsync(ct);
        return teamId is null ? null : await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId && t.TenantId == actor.TenantId, ct);
    }

    /// <summary>People of one organisation by id (for addressing notices); ids of other organisations are left out.</summary>
    public async Task<IReadOnlyList<Person>> FindAsync(Guid tenantId, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = database.Open();
        return await db.People.AsNoTracking().Where(p => p.TenantId == tenantId && ids.Contains(p.Id)).ToListAsync(ct);
    }

    /// <summary>Away until a date (inclusive): no prompts or reminders until then. Null: back now.</summary>
    public Task<Result<Person>> SetAwayAsync(Actor actor, DateOnly? until, CancellationToken ct = default) =>
        UpdateAsync(actor, person =>
        {
            if (until is { } date)
            {
                var today = Rules.Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(person.TimeZoneId));
                if (date < today) return new OkrError(OkrErrorCode.Invalid, "That date has already passed.", "until");
                if (date > today.AddYears(1)) return new OkrError(OkrErrorCode.Invalid, "Away for more than a year? Pick a date within the next twelve months.", "until");
            }
            person.AwayUntil = until;
            return null;
        }, ct);

    /// <summary>The person's time zone: every "Friday 10:00" is in it.</summary>
    public Task<Result<Person>> SetTimeZoneAsync(Actor actor, string? timeZone, CancellationToken ct = default) =>
        UpdateAsync(actor, person =>
        {
            if (!TimeZones.Exists(timeZone)) return new OkrError(OkrErrorCode.Invalid, "That is not a time zone I know. Use a name like Europe/Berlin or Asia/Shanghai.", "timeZone");
            person.TimeZoneId = TimeZones.Find(timeZone).Id;
            return null;
        }, ct);

    /// <summary>The day of the weekly check-in prompt; null returns to the team's default.</summary>
    public Task<Result<Person>> SetCheckInDayAsync(Actor actor, DayOfWeek? day, CancellationToken ct = default) =>
        UpdateAsync(actor, person =>
        {
            if (day is { } d && !Enum.IsDefined(d)) return new OkrError(OkrErrorCode.Invalid, "Pick a day of the week.", "day");
            person.CheckInDay = day;
            return null;
        }, ct);

    private Task<Result<Person>> UpdateAsync(Actor actor, Func<Person, OkrError?> change, CancellationToken ct) =>
        Conflicts.RetryAsync(async () =>
        {
            await using var db = database.Open(actor.PersonId);
            var me = await Lookups.ActorAsync(db, actor, ct);
            if (me.Error is { } error) return error;
            if (change(me.Value!) is { } refused) return Result<Person>.Fail(refused);
            await db.SaveChangesAsync(ct);
            return me;
        }, ct);

    /// <summary>In the demo organisation people play a persona: its name is not overwritten by the player's.</summary>
    private static bool IsDemo(Tenant tenant) => tenant.Name == DemoCatalog.TenantName;

    private static string? Bounded(string? text, int max = OkrModel.NameLength) => Text.Bounded(text, max);
}
