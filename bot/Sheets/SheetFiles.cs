using OkrBot.Core.Sheets;

namespace OkrBot.Bot.Sheets;

/// <summary>Sheet files by their extension: .csv (also .tsv, .txt) or .xlsx.</summary>
public static class SheetFiles
{
    /// <summary>Larger files are refused before they are read: a quarter of a big organisation's OKRs is a few megabytes.</summary>
    public const long MaxBytes = 32 * 1024 * 1024;

    public static bool IsCsv(string path) => Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".tsv" or ".txt";
    public static bool IsXlsx(string path) => Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why OkrBot cannot read or write a file of this name; null when it can.</summary>
    public static string? UnsupportedExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" or ".tsv" or ".txt" or ".xlsx" => null,
        ".xls" => $"{Path.GetFileName(path)} is an Excel 97-2003 .xls file: save it as .xlsx (or CSV UTF-8).",
        "" => $"{path} has no extension: name it .csv or .xlsx.",
        var other => $"{Path.GetFileName(path)}: OkrBot reads and writes .csv and .xlsx sheets, not {other}.",
    };

    public static SheetGrid Read(string path, string? sheetName = null)
    {
        if (UnsupportedExtension(path) is { } unsupported) throw new SheetFileException(unsupported);
        var name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new SheetFileException(Directory.Exists(path) ? $"{path} is a directory, not a sheet." : $"no such file: {path}");
            if (info.Length > MaxBytes)
                throw new SheetFileException($"{name} is {info.Length / (1024 * 1024)} MB; a sheet of OKRs is at most {MaxBytes / (1024 * 1024)} MB.");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SheetFileException($"cannot read {path}: {e.Message}");
        }
        if (bytes.Length == 0) throw new SheetFileException($"{name} is empty.");
        if (sheetName is not null && !IsXlsx(path)) throw new SheetFileException($"--sheet picks a worksheet of an .xlsx workbook; {name} is CSV.");
        return IsXlsx(path) ? XlsxSheets.Read(bytes, name, sheetName) : CsvSheets.Read(bytes, name);
    }

    /// <summary>Writes beside the target first and then moves it into place, so a failure never leaves half a file.</summary>
    public static void Write(SheetTable table, string path)
    {
        if (UnsupportedExtension(path) is { } unsupported) throw new SheetFileException(unsupported);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = File.Create(temporary))
            {
                if (IsXlsx(path)) XlsxSheets.Write(table, stream);
                else CsvSheets.Write(table, stream);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw new SheetFileException($"cannot write {path}: {e.Message}");
        }
    }
}
