using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>Turns loaded objectives into views, fetching names and latest check-ins in one query each.</summary>
internal static class Views
{
    public static async Task<IReadOnlyList<ObjectiveView>> ObjectivesAsync(
        OkrDbContext db, IReadOnlyList<Objective> objectives, Cycle cycle, DateOnly today, StatusThresholds thresholds, CancellationToken ct)
    {
        var krs = objectives.SelectMany(o => o.KeyResults).ToList();
        var krIds = krs.Select(k => k.Id).ToList();
        var latest = (await db.CheckIns.AsNoTracking().Where(c => krIds.Contains(c.KeyResultId)).ToListAsync(ct))
            .GroupBy(c => c.KeyResultId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.WeekOf).ThenByDescending(c => c.UpdatedAt).First());
        // Each KR's latest value posted by another system (its newest row only, by the (KeyResultId, CreatedAt) index).
        var posted = (await db.KeyResultValuePosts.AsNoTracking()
                .Where(p => krIds.Contains(p.KeyResultId) && !db.KeyResultValuePosts.Any(q => q.KeyResultId == p.KeyResultId && q.CreatedAt > p.CreatedAt))
                .ToListAsync(ct))
            .GroupBy(p => p.KeyResultId)
            .ToDictionary(g => g.Key, g => g.MaxBy(p => p.Id)!);

        var personIds = krs.Select(k => k.OwnerId).Concat(latest.Values.Select(c => c.AuthorId))
            .Concat(objectives.Select(o => o.OwnerPersonId).OfType<Guid>()).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var teamIds = objectives.Select(o => o.OwnerTeamId).OfType<Guid>().Distinct().ToList();
        var teams = teamIds.Count == 0 ? []
            : await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        string Name(Guid id) => names.GetValueOrDefault(id, "?");

        KeyResultView View(KeyResult kr)
        {
            var last = latest.GetValueOrDefault(kr.Id) is { } c
                ? new LastCheckInView(c.Value, c.Status, c.Note, c.WeekOf, c.UpdatedAt, Name(c.AuthorId))
                : null;
            // Only a post newer than the latest check-in set the value the card shows; an older one was checked in over.
            var post = posted.GetValueOrDefault(kr.Id) is { } p && (last is null || p.CreatedAt > last.At)
                ? new PostedValueView(p.Value, p.Source, p.CreatedAt)
                : null;
            return new KeyResultView(kr.Id, kr.Title, kr.Kind, kr.Direction, kr.StartValue, kr.TargetValue, kr.Unit, kr.Weight,
                kr.CurrentValue, Progress.Of(kr), StatusRules.EffectiveFor(kr, cycle, today, thresholds), kr.Status is not null,
                kr.StatusReason, kr.Confidence, kr.OwnerId, Name(kr.OwnerId), kr.IsDropped, last, post);
        }

        return objectives.Select(o => new ObjectiveView(
            o.Id, o.Title,
            o.OwnerPersonId is { } pid ? Name(pid) : teams.GetValueOrDefault(o.OwnerTeamId ?? Guid.Empty, "?"),
            o.OwnerPersonId, o.OwnerTeamId, o.Visibility, o.State, Progress.OfObjective(o.KeyResults),
            o.KeyResults.OrderBy(k => k.Title, StringComparer.Ordinal).Select(View).ToList())).ToList();
    }
}
