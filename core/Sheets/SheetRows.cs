using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Sheets;

/// <summary>
/// One data row read into types, before anything is looked up in the store. Null means a blank cell, or a column the sheet
/// does not have (<see cref="SheetLayout.Has"/> tells which), or a cell already reported in <see cref="Bad"/>.
/// </summary>
internal sealed record ImportRow(int Number, string Cycle, string OwnerText, string ObjectiveTitle, string? KeyResultTitle)
{
    public KeyResultKind? Kind { get; init; }
    public decimal? Start { get; init; }
    public decimal? Target { get; init; }
    public string? Unit { get; init; }
    public decimal? Weight { get; init; }
    public string? KeyResultOwnerText { get; init; }
    public string? ParentText { get; init; }
    public decimal? Current { get; init; }

    /// <summary>Columns whose cell is already reported: nothing more is said about them.</summary>
    public HashSet<SheetColumn> Bad { get; } = [];

    public bool HasKeyResult => KeyResultTitle is not null;
}

/// <summary>
/// Reads the data rows under the header: blank rows skipped; blank cycle, person-or-team and objective cells taken from the
/// row above (that is how merged cells read, and how managers group a person's objectives); every cell typed, and every
/// cell that cannot be read reported.
/// </summary>
internal static class SheetRows
{
    private static readonly SheetColumn[] KeyResultColumns =
        [SheetColumn.Kind, SheetColumn.Start, SheetColumn.Target, SheetColumn.Unit, SheetColumn.Weight, SheetColumn.Owner, SheetColumn.Current];

    public static IReadOnlyList<ImportRow> Read(SheetGrid grid, SheetLayout layout, string? defaultCycle, List<SheetProblem> problems)
    {
        var rows = new List<ImportRow>();
        string? cycleAbove = null, ownerAbove = null, objectiveAbove = null;
        var option = SheetText.Clean(defaultCycle);
        var cycleMissingSaid = false;
        foreach (var gridRow in grid.Rows.Where(r => r.Number > layout.HeaderRow && !r.IsBlank))
        {
            var cells = new Cells(layout, gridRow, problems);
            var cycleCell = cells.Text(SheetColumn.Cycle);
            var ownerCell = cells.Text(SheetColumn.PersonOrTeam);
            var objectiveCell = cells.Text(SheetColumn.Objective);
            var krTitle = cells.Text(SheetColumn.KeyResult);

            // A row that only carries columns OkrBot does not read (a note under the table) is not an OKR row.
            if (new[] { cycleCell, ownerCell, objectiveCell, krTitle }.All(string.IsNullOrEmpty)
                && KeyResultColumns.Append(SheetColumn.Parent).All(c => string.IsNullOrEmpty(cells.Text(c))))
                continue;

            var cycle = Pick(cycleCell, cycleAbove) ?? (option.Length > 0 ? option : null);
            if (option.Length > 0 && !string.IsNullOrEmpty(cycleCell) && SheetText.Key(cycleCell) != SheetText.Key(option))
                problems.Add(new(gridRow.Number, layout.Header(SheetColumn.Cycle), cycleCell, $"differs from --cycle \"{option}\"; leave the cell empty or import without --cycle."));
            var owner = Pick(ownerCell, ownerAbove);
            var objective = Pick(objectiveCell, objectiveAbove);
            (cycleAbove, ownerAbove, objectiveAbove) = (cycle ?? cycleAbove, owner ?? ownerAbove, objective ?? objectiveAbove);

            if (cycle is null && layout.Has(SheetColumn.Cycle))
                problems.Add(new(gridRow.Number, layout.Header(SheetColumn.Cycle), null, "required: which cycle these OKRs are for (or pass --cycle)."));
            else if (cycle is null && !cycleMissingSaid)
            {
                // Said once, not on every row: it is the sheet's problem, not a row's.
                problems.Add(new(gridRow.Number, layout.Header(SheetColumn.Cycle), null, "the sheet has no cycle column: pass --cycle, or add a Cycle (周期) column."));
                cycleMissingSaid = true;
            }
            if (owner is null)
                problems.Add(new(gridRow.Number, layout.Header(SheetColumn.PersonOrTeam), null, "required: the person or team that owns the objective."));
            if (objective is null)
                problems.Add(new(gridRow.Number, layout.Header(SheetColumn.Objective), null, "required: the objective this row belongs to."));
            else cells.Length(SheetColumn.Objective, objective, OkrModel.TitleLength);

            if (string.IsNullOrEmpty(krTitle))
            {
                var filled = KeyResultColumns.Where(c => !string.IsNullOrEmpty(cells.Text(c))).ToList();
                if (filled.Count > 0)
                    problems.Add(new(gridRow.Number, layout.Header(SheetColumn.KeyResult), null,
                        $"required, since {layout.Header(filled[0])} is filled in (a row without a key result only names an objective)."));
            }
            else cells.Length(SheetColumn.KeyResult, krTitle, OkrModel.TitleLength);

            if (cycle is null || owner is null || objective is null) continue;
            var row = new ImportRow(gridRow.Number, cycle, owner, objective, string.IsNullOrEmpty(krTitle) ? null : krTitle)
            {
                Kind = cells.Kind(),
                Start = cells.Number(SheetColumn.Start),
                Target = cells.Number(SheetColumn.Target),
                Unit = cells.Length(SheetColumn.Unit, cells.Text(SheetColumn.Unit), 32),
                Weight = cells.Number(SheetColumn.Weight),
                KeyResultOwnerText = NullIfEmpty(cells.Text(SheetColumn.Owner)),
                ParentText = NullIfEmpty(cells.Length(SheetColumn.Parent, cells.Text(SheetColumn.Parent), 2 * OkrModel.TitleLength + 100)),
                Current = cells.Current(),
            };
            row.Bad.UnionWith(cells.Bad);
            rows.Add(row);
        }
        return rows;
    }

    private static string? Pick(string? cell, string? above) => !string.IsNullOrEmpty(cell) ? cell : above;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The cells of one row, read and checked one by one; what cannot be read is reported and marked bad.</summary>
    private sealed class Cells(SheetLayout layout, GridRow row, List<SheetProblem> problems)
    {
        public HashSet<SheetColumn> Bad { get; } = [];

        public string? Text(SheetColumn column) => layout.Cell(row, column);

        public string? Length(SheetColumn column, string? text, int max)
        {
            if (text is null || text.Length <= max) return text;
            Problem(column, text, $"longer than {max} characters ({text.Length}).");
            return null;
        }

        public KeyResultKind? Kind()
        {
            if (Text(SheetColumn.Kind) is not { Length: > 0 } text) return null;
            if (SheetColumns.ParseKind(text) is { } kind) return kind;
            Problem(SheetColumn.Kind, text, $"not a kind of key result: write {SheetColumns.KindChoices}.");
            return null;
        }

        public decimal? Number(SheetColumn column)
        {
            if (Text(column) is not { Length: > 0 } text) return null;
            if (SheetText.TryParseNumber(text, out var value)) return value;
            Problem(column, text, "not a number.");
            return null;
        }

        /// <summary>A milestone's current value may also be said in words: done / not done, 完成 / 未完成.</summary>
        public decimal? Current()
        {
            if (Text(SheetColumn.Current) is not { Length: > 0 } text) return null;
            if (SheetText.TryParseNumber(text, out var value)) return value;
            switch (SheetText.Key(text))
            {
                case "done" or "yes" or "完成" or "已完成" or "是": return 1m;
                case "not done" or "no" or "未完成" or "否": return 0m;
            }
            Problem(SheetColumn.Current, text, "not a number (a milestone may say done or not done, 完成 or 未完成).");
            return null;
        }

        private void Problem(SheetColumn column, string value, string message)
        {
            Bad.Add(column);
            problems.Add(new(row.Number, layout.Header(column), value, message));
        }
    }
}
