using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Sheets;

/// <summary>
/// Imports the OKR sheet managers keep: every row validated first, every problem reported with its row and column, and
/// nothing changed unless all rows are valid; then everything written in one transaction, through the audited save. A
/// second import of the same sheet updates what it wrote the first time (docs/decisions/0014).
/// </summary>
public sealed class SheetImporter(OkrDatabase database, TimeProvider clock)
{
    /// <summary>Rows written per save inside the transaction, so a long import can say how far it is.</summary>
    internal const int RowsPerSave = 200;

    public Task<Result<SheetImportReport>> ImportAsync(Guid tenantId, SheetGrid grid, SheetImportOptions options,
        IProgress<SheetProgress>? progress = null, CancellationToken ct = default) =>
        // A KR checked in while the import runs bumps its version: the import starts over on fresh data, like any write.
        Conflicts.RetryAsync(() => ImportOnceAsync(tenantId, grid, options, progress, ct), ct);

    private async Task<Result<SheetImportReport>> ImportOnceAsync(Guid tenantId, SheetGrid grid, SheetImportOptions options,
        IProgress<SheetProgress>? progress, CancellationToken ct)
    {
        var problems = new List<SheetProblem>();
        var warnings = new List<SheetProblem>();
        if (grid.Rows.Count > SheetGrid.MaxRows)
            return Report(0, [new SheetProblem(null, null, null, $"the sheet has {grid.Rows.Count:N0} rows; one import takes at most {SheetGrid.MaxRows:N0}.")]);

        var (layout, layoutProblems) = SheetLayout.Find(grid);
        if (layout is null) return Report(0, layoutProblems);
        warnings.AddRange(layout.IgnoredHeaders.Select(h => new SheetProblem(layout.HeaderRow, h, null, "not a column OkrBot reads; left out.")));
        // An export's empty score columns say nothing; scores filled in would be lost without a word.
        if (grid.Rows.Any(r => r.Number > layout.HeaderRow && (!string.IsNullOrEmpty(layout.Cell(r, SheetColumn.Score)) || !string.IsNullOrEmpty(layout.Cell(r, SheetColumn.ScoreReason)))))
            warnings.Add(new SheetProblem(layout.HeaderRow, layout.Header(layout.Has(SheetColumn.Score) ? SheetColumn.Score : SheetColumn.ScoreReason), null,
                "scores are given by each KR's owner at the end of the cycle, with a reason, not imported; left out."));

        var rows = SheetRows.Read(grid, layout, options.Cycle, problems);
        if (rows.Count == 0 && problems.Count == 0)
            problems.Add(new SheetProblem(layout.HeaderRow, null, null, "no OKR rows under the header."));

        await using var db = database.Open();
        var store = await StoreSnapshot.LoadAsync(db, tenantId, ct);
        if (store is null) return Result<SheetImportReport>.Fail(OkrErrorCode.NotFound, "That organisation does not exist.", "tenant");

        var now = clock.GetUtcNow();
        progress?.Report(new(SheetStage.Validating, 0, rows.Count));
        var plan = new ImportPlanner(store, layout, now, problems, warnings)
            .Plan(rows, done => progress?.Report(new(SheetStage.Validating, done, rows.Count)));
        if (problems.Count > 0 || options.DryRun) return Report(rows.Count, problems, plan);

        // Counted before writing: what the report says is what the sheet changed.
        var report = Report(rows.Count, problems, plan);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var written = 0;
        progress?.Report(new(SheetStage.Writing, 0, rows.Count));
        foreach (var batch in Batches(plan.Objectives))
        {
            foreach (var objective in batch) Stage(db, objective, now);
            await db.SaveChangesAsync(ct);
            // Saved rows need no tracking: every later save would walk them all again (and the audit with them).
            db.ChangeTracker.Clear();
            written += batch.Sum(o => o.Rows.Count);
            progress?.Report(new(SheetStage.Writing, written, rows.Count));
        }
        await transaction.CommitAsync(ct);
        return report;

        Result<SheetImportReport> Report(int rowCount, IReadOnlyList<SheetProblem> found, ImportPlan? done = null) =>
            new SheetImportReport(rowCount, found.OrderBy(p => p.Row ?? 0).ToList(), warnings, done?.Counts ?? SheetImportCounts.None,
                done?.Cycles ?? [], options.DryRun);
    }

    private static void Stage(OkrDbContext db, PlannedObjective objective, DateTimeOffset now)
    {
        if (objective.IsNew) db.Objectives.Add(objective.Draft);
        else if (objective.Changes)
        {
            db.Objectives.Attach(objective.Stored!);
            objective.CopyOntoStored();
        }
        foreach (var kr in objective.KeyResults)
        {
            if (kr.IsNew) db.KeyResults.Add(kr.Draft);
            else if (kr.Changes)
            {
                db.KeyResults.Attach(kr.Stored!);
                kr.CopyOntoStored(now);
            }
        }
    }

    /// <summary>Whole objectives (with their KRs) of about <see cref="RowsPerSave"/> rows, parents before what aligns to them.</summary>
    private static IEnumerable<List<PlannedObjective>> Batches(IReadOnlyList<PlannedObjective> objectives)
    {
        var batch = new List<PlannedObjective>();
        var rows = 0;
        foreach (var objective in objectives)
        {
            batch.Add(objective);
            rows += objective.Rows.Count;
            if (rows < RowsPerSave) continue;
            yield return batch;
            (batch, rows) = ([], 0);
        }
        if (batch.Count > 0) yield return batch;
    }
}
