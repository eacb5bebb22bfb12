namespace OkrBot.Core.Sheets;

/// <summary>
/// Where a sheet's header row is and which column holds what. Managers' sheets often carry a title row or two above the
/// headers ("2026 Q4 OKR — 销售部"), so the header row is the first of the first rows that names an objective column.
/// </summary>
public sealed class SheetLayout
{
    /// <summary>How far down the header row may be.</summary>
    public const int HeaderSearchRows = 10;

    private readonly Dictionary<SheetColumn, (int Index, string Header)> _columns;

    private SheetLayout(int headerRow, Dictionary<SheetColumn, (int Index, string Header)> columns, IReadOnlyList<string> ignored)
    {
        HeaderRow = headerRow;
        _columns = columns;
        IgnoredHeaders = ignored;
    }

    /// <summary>The header row's number as the spreadsheet shows it.</summary>
    public int HeaderRow { get; }

    /// <summary>Headers of columns OkrBot does not read (notes, colours, anything a manager keeps beside the OKRs).</summary>
    public IReadOnlyList<string> IgnoredHeaders { get; }

    public bool Has(SheetColumn column) => _columns.ContainsKey(column);

    /// <summary>The header as the sheet spells it ("目标值"), or the canonical names when the sheet has no such column.</summary>
    public string Header(SheetColumn column) => _columns.TryGetValue(column, out var c) ? c.Header : SheetColumns.DisplayName(column);

    /// <summary>The cell of <paramref name="column"/> in <paramref name="row"/>, cleaned; null when the sheet has no such column.</summary>
    public string? Cell(GridRow row, SheetColumn column) =>
        _columns.TryGetValue(column, out var c) ? SheetText.Clean(row.Cell(c.Index)) : null;

    /// <summary>The layout of <paramref name="grid"/>, or the problems that keep it from having one.</summary>
    public static (SheetLayout? Layout, IReadOnlyList<SheetProblem> Problems) Find(SheetGrid grid)
    {
        var header = grid.Rows.Where(r => !r.IsBlank).Take(HeaderSearchRows)
            .FirstOrDefault(r => r.Cells.Any(c => SheetColumns.Match(c) == SheetColumn.Objective));
        if (header is null)
        {
            var expected = string.Join(", ", new[] { SheetColumn.PersonOrTeam, SheetColumn.Objective, SheetColumn.KeyResult, SheetColumn.Kind, SheetColumn.Target }
                .Select(c => $"{SheetColumns.Header(c, SheetLanguage.English)} ({SheetColumns.Header(c, SheetLanguage.Chinese)})"));
            var message = grid.Rows.All(r => r.IsBlank)
                ? "the sheet is empty."
                : $"no header row: one of the first {HeaderSearchRows} rows must name the columns, e.g. {expected}.";
            return (null, [new SheetProblem(null, null, null, message)]);
        }

        var problems = new List<SheetProblem>();
        var columns = new Dictionary<SheetColumn, (int, string)>();
        var ignored = new List<string>();
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var text = SheetText.Clean(header.Cells[i]);
            if (text.Length == 0) continue;
            if (SheetColumns.Match(text) is not { } column)
            {
                ignored.Add(text);
                continue;
            }
            if (columns.TryGetValue(column, out var first))
                problems.Add(new SheetProblem(header.Number, text, null,
                    $"a second {SheetColumns.DisplayName(column)} column (column {ColumnLetters(i)}; the first is column {ColumnLetters(first.Item1)} \"{first.Item2}\"): keep one."));
            else columns[column] = (i, text);
        }
        if (!columns.ContainsKey(SheetColumn.PersonOrTeam))
            problems.Add(new SheetProblem(header.Number, null, null,
                $"no {SheetColumns.DisplayName(SheetColumn.PersonOrTeam)} column: every objective needs the person or team that owns it."));
        return problems.Count > 0 ? (null, problems) : (new SheetLayout(header.Number, columns, ignored), []);
    }

    /// <summary>"A", "B", ... "AA": how a spreadsheet names the column at a 0-based index.</summary>
    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }
}
