namespace OkrBot.Core.Sheets;

/// <param name="Cycle">The cycle for rows that name none (the command line's --cycle); a row's own cycle cell must agree with it.</param>
/// <param name="DryRun">Validate everything, change nothing, and say what an import would do.</param>
public sealed record SheetImportOptions(string? Cycle = null, bool DryRun = false);

/// <summary>How many objectives and KRs an import created, changed, and found already as the sheet says.</summary>
public sealed record SheetImportCounts(
    int ObjectivesCreated, int ObjectivesUpdated, int ObjectivesUnchanged,
    int KeyResultsCreated, int KeyResultsUpdated, int KeyResultsUnchanged)
{
    public static readonly SheetImportCounts None = new(0, 0, 0, 0, 0, 0);
}

/// <summary>
/// What an import found and did. With any <see cref="Problems"/> nothing was changed; <see cref="Warnings"/> only inform
/// (a column OkrBot does not read, a current value a check-in owns).
/// </summary>
public sealed record SheetImportReport(
    int Rows, IReadOnlyList<SheetProblem> Problems, IReadOnlyList<SheetProblem> Warnings, SheetImportCounts Counts,
    IReadOnlyList<string> Cycles, bool DryRun)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>Whether the store was changed (valid, and not a dry run).</summary>
    public bool Applied => IsValid && !DryRun;
}

public enum SheetStage { Validating, Writing }

/// <summary>How far a long import is: rows validated, then rows written.</summary>
public readonly record struct SheetProgress(SheetStage Stage, int Done, int Total);
