using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Sheets;

/// <summary>
/// Writes a cycle's OKRs in the layout the importer reads, plus where each KR stands and its score with the reason: one row
/// per KR (an objective without KRs gets a row of its own), each objective after the one it aligns to. Owners and parents
/// are written so that they read back to the same ones, so an export imported again changes nothing.
/// </summary>
public sealed class SheetExporter(OkrDatabase database, TimeProvider clock)
{
    /// <summary>The columns of an export, in order.</summary>
    public static readonly IReadOnlyList<SheetColumn> Columns = Enum.GetValues<SheetColumn>();

    /// <param name="cycleName">Null for the cycle people are working in today.</param>
    /// <param name="language">Null for the organisation's default language.</param>
    public async Task<Result<SheetTable>> ExportAsync(Guid tenantId, string? cycleName, SheetLanguage? language = null, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var store = await StoreSnapshot.LoadAsync(db, tenantId, ct);
        if (store is null) return Result<SheetTable>.Fail(OkrErrorCode.NotFound, "That organisation does not exist.", "tenant");

        var cycle = await FindCycleAsync(db, store, cycleName, ct);
        if (cycle.Error is { } error) return error;
        var cycleId = cycle.Value!.Id;
        var lang = language ?? (Locales.IsChinese(store.Tenant.DefaultLocale) ? SheetLanguage.Chinese : SheetLanguage.English);

        var directory = store.Directory();
        var parents = store.ParentIndex(directory);
        var objectives = store.Objectives.Where(o => o.CycleId == cycleId).ToList();
        var objectiveIds = objectives.Select(o => o.Id).ToHashSet();
        var keyResults = store.KeyResults.Where(k => objectiveIds.Contains(k.ObjectiveId)).ToLookup(k => k.ObjectiveId);
        var scores = await db.Scores.AsNoTracking()
            .Where(s => s.TenantId == tenantId && db.KeyResults.Any(k => k.Id == s.KeyResultId && db.Objectives.Any(o => o.Id == k.ObjectiveId && o.CycleId == cycleId)))
            .ToDictionaryAsync(s => s.KeyResultId, ct);

        var rows = new List<IReadOnlyList<SheetValue>>();
        foreach (var objective in AlignmentOrderOf(objectives, store))
        {
            var common = new Dictionary<SheetColumn, SheetValue>
            {
                [SheetColumn.Cycle] = SheetValue.Of(cycle.Value.Name),
                [SheetColumn.PersonOrTeam] = SheetValue.Of(directory.Reference(OwnerRef.Of(objective))),
                [SheetColumn.Objective] = SheetValue.Of(objective.Title),
                [SheetColumn.Parent] = SheetValue.Of(ParentOf(objective, parents)),
            };
            var krs = keyResults[objective.Id].ToList();
            if (krs.Count == 0) rows.Add(Row(common));
            foreach (var kr in krs)
            {
                var score = scores.GetValueOrDefault(kr.Id);
                var milestone = kr.Kind == KeyResultKind.Milestone;
                rows.Add(Row(new Dictionary<SheetColumn, SheetValue>(common)
                {
                    [SheetColumn.KeyResult] = SheetValue.Of(kr.Title),
                    [SheetColumn.Kind] = SheetValue.Of(SheetColumns.KindName(kr.Kind, lang)),
                    // A milestone's 0 and 1 say nothing a reader needs: left empty, as the importer expects them.
                    [SheetColumn.Start] = milestone ? SheetValue.Empty : SheetValue.Of(kr.StartValue),
                    [SheetColumn.Target] = milestone ? SheetValue.Empty : SheetValue.Of(kr.TargetValue),
                    [SheetColumn.Unit] = SheetValue.Of(kr.Unit),
                    [SheetColumn.Weight] = SheetValue.Of(kr.Weight),
                    [SheetColumn.Owner] = SheetValue.Of(directory.Reference(directory.Person(kr.OwnerId))),
                    [SheetColumn.Current] = SheetValue.Of(kr.CurrentValue),
                    [SheetColumn.Score] = SheetValue.Of(score?.Score),
                    [SheetColumn.ScoreReason] = SheetValue.Of(score?.Reason),
                }));
            }
        }
        return new SheetTable(cycle.Value.Name, Columns.Select(c => SheetColumns.Header(c, lang)).ToList(), rows);
    }

    private static IReadOnlyList<SheetValue> Row(Dictionary<SheetColumn, SheetValue> cells) =>
        Columns.Select(c => cells.GetValueOrDefault(c, SheetValue.Empty)).ToList();

    private static string? ParentOf(Objective objective, ParentIndex parents) =>
        (objective.ParentKeyResultId ?? objective.ParentObjectiveId) is { } id && parents.Find(id) is { } target
            ? parents.Reference(target, objective.CycleId)
            : null;

    private static List<Objective> AlignmentOrderOf(List<Objective> objectives, StoreSnapshot store)
    {
        var objectiveOfKr = store.KeyResults.ToDictionary(k => k.Id, k => k.ObjectiveId);
        return AlignmentOrder.Of(objectives, o => o.Id,
            o => o.ParentObjectiveId ?? (o.ParentKeyResultId is { } kr && objectiveOfKr.TryGetValue(kr, out var p) ? p : null));
    }

    private async Task<Result<Cycle>> FindCycleAsync(OkrDbContext db, StoreSnapshot store, string? name, CancellationToken ct)
    {
        var known = string.Join(", ", store.Cycles.Values.OrderBy(c => c.StartDate).Select(c => c.Name));
        if (string.IsNullOrWhiteSpace(name))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return await Lookups.CurrentCycleAsync(db, store.Tenant.Id, today, ct) is { } current
                ? current
                : Result<Cycle>.Fail(OkrErrorCode.NotFound, $"{store.Tenant.Name} has no active cycle today; name one ({(known.Length > 0 ? known : "it has none")}).", "cycle");
        }
        var matches = store.Cycles.Values.Where(c => SheetText.Key(c.Name) == SheetText.Key(name)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => Result<Cycle>.Fail(OkrErrorCode.NotFound, $"{store.Tenant.Name} has no cycle \"{name}\"; its cycles are {(known.Length > 0 ? known : "none yet")}.", "cycle"),
            _ => Result<Cycle>.Fail(OkrErrorCode.Invalid, $"{store.Tenant.Name} has {matches.Count} cycles called \"{name}\".", "cycle"),
        };
    }
}
