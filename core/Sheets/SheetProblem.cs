namespace OkrBot.Core.Sheets;

/// <summary>
/// What is wrong with one cell (or one row, or the whole sheet): the row a spreadsheet shows, the column's header as the
/// sheet spells it, the value found, and what is wrong with it. An import lists them all and changes nothing.
/// </summary>
public sealed record SheetProblem(int? Row, string? Column, string? Value, string Message)
{
    /// <summary><c>row 7, Target "abc": not a number</c></summary>
    public override string ToString()
    {
        var where = new List<string>();
        if (Row is { } row) where.Add($"row {row}");
        if (Column is not null) where.Add(Value is null ? Column : $"{Column} \"{Shorten(Value)}\"");
        return where.Count == 0 ? Message : $"{string.Join(", ", where)}: {Message}";
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
