using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using OkrBot.Core.Sheets;

namespace OkrBot.Bot.Sheets;

/// <summary>
/// CSV files: read as UTF-8 (with or without a BOM; UTF-16 with its BOM, as Excel's "Unicode text" writes, too), cells
/// separated by commas, semicolons or tabs; written as UTF-8 with a BOM, which is what makes Excel show Chinese right.
/// Anything else is refused with a sentence saying how to save the file instead: guessing an encoding (GBK looks like
/// anything) would store garbled names.
/// </summary>
public static class CsvSheets
{
    public static SheetGrid Read(byte[] bytes, string fileName)
    {
        var text = Decode(bytes, fileName);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            // A blank line is a blank row in a spreadsheet too: keeping it keeps row numbers the ones people see.
            IgnoreBlankLines = false,
            // A quote inside an unquoted cell (5" screen) is read as it stands, as spreadsheets do.
            BadDataFound = null,
            MissingFieldFound = null,
        };
        var rows = new List<GridRow>();
        using var parser = new CsvParser(new StringReader(text), configuration);
        while (parser.Read())
        {
            var number = rows.Count + 1;
            if (number > SheetGrid.MaxRows + SheetLayout.HeaderSearchRows)
                throw new SheetFileException($"{fileName} has more than {SheetGrid.MaxRows:N0} rows; one import takes at most that many.");
            var cells = parser.Record ?? [];
            for (var i = 0; i < cells.Length; i++)
            {
                if (cells[i].Length > SheetGrid.MaxCellLength)
                    throw new SheetFileException($"{fileName}, row {number}, column {SheetLayout.ColumnLetters(i)}: a cell of more than {SheetGrid.MaxCellLength:N0} characters (a quote left open?).");
                cells[i] = Unprotect(cells[i]);
            }
            rows.Add(new GridRow(number, cells));
        }
        return new SheetGrid(rows);
    }

    private static string Decode(byte[] bytes, string fileName)
    {
        if (bytes.AsSpan().StartsWith(FileSignatures.Zip))
            throw new SheetFileException($"{fileName} is a zip archive (an .xlsx workbook?), not CSV text: give it the .xlsx extension.");
        if (bytes.AsSpan().StartsWith(FileSignatures.Ole))
            throw new SheetFileException($"{fileName} is an Excel 97-2003 workbook (or a password-protected one), not CSV text: save it as .xlsx or as CSV UTF-8.");
        if (bytes.AsSpan().StartsWith(FileSignatures.Utf16LittleEndianBom)) return new UnicodeEncoding(false, true, true).GetString(bytes, 2, bytes.Length - 2);
        if (bytes.AsSpan().StartsWith(FileSignatures.Utf16BigEndianBom)) return new UnicodeEncoding(true, true, true).GetString(bytes, 2, bytes.Length - 2);
        var start = bytes.AsSpan().StartsWith(FileSignatures.Utf8Bom) ? 3 : 0;
        if (bytes.AsSpan(start, Math.Min(4096, bytes.Length - start)).Contains((byte)0))
            throw new SheetFileException($"{fileName} is not a text file: export the sheet as CSV UTF-8 or .xlsx.");
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException bad)
        {
            var at = start + Math.Max(bad.Index, 0);
            var line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            throw new SheetFileException(
                $"{fileName} is not UTF-8 text (line {line} has bytes that are not; GBK, as Excel's plain \"CSV\" is saved on Chinese Windows, looks like this): " +
                "save it as \"CSV UTF-8\" (CSV UTF-8 逗号分隔) or as .xlsx, and import that.");
        }
    }

    public static void Write(SheetTable table, Stream output)
    {
        // The BOM tells Excel the file is UTF-8; without it Chinese names open garbled.
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        foreach (var header in table.Headers) csv.WriteField(header);
        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            foreach (var cell in row) csv.WriteField(cell.Number is null ? Protect(cell.Text) : cell.ToString());
            csv.NextRecord();
        }
    }

    /// <summary>
    /// A text that starts like a formula (=, +, -, @) is written with a leading apostrophe, so a spreadsheet opening the CSV
    /// shows it instead of running it (titles come from chat, from anyone). Reading takes the apostrophe off again.
    /// </summary>
    private static string Protect(string? text) =>
        text is { Length: > 0 } && FormulaStarts.Contains(text[0]) ? "'" + text : text ?? "";

    private static string Unprotect(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && FormulaStarts.Contains(cell[1]) ? cell[1..] : cell;

    private const string FormulaStarts = "=+-@\t\r";
}
