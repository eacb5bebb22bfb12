namespace OkrBot.Core.Sheets;

/// <summary>
/// A sheet as a file codec read it: rows of cell texts, each row with the number a spreadsheet shows for it (1-based), so
/// every problem can point at the row a person sees. Cells are texts as displayed; empty cells are empty strings.
/// </summary>
public sealed record SheetGrid(IReadOnlyList<GridRow> Rows)
{
    /// <summary>The most rows one import takes: a whole organisation's quarter fits many times over.</summary>
    public const int MaxRows = 50_000;

    /// <summary>The most characters one cell may hold; the longest stored text is 2,000.</summary>
    public const int MaxCellLength = 4_000;
}

public sealed record GridRow(int Number, IReadOnlyList<string> Cells)
{
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);

    public string Cell(int index) => index < Cells.Count ? Cells[index] ?? "" : "";
}

/// <summary>A sheet to write: a header row and rows of cells, numbers kept as numbers (an xlsx gets numeric cells).</summary>
public sealed record SheetTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<SheetValue>> Rows);

/// <summary>One cell to write: a text or a number (or nothing).</summary>
public readonly record struct SheetValue(string? Text, decimal? Number)
{
    public static SheetValue Of(string? text) => new(text, null);
    public static SheetValue Of(decimal? number) => new(null, number);
    public static readonly SheetValue Empty = new(null, null);

    /// <summary>As a CSV cell or a reader sees it.</summary>
    public override string ToString() => Number is { } n ? SheetText.FormatNumber(n) : Text ?? "";
}
