using System.Globalization;
using System.IO.Packaging;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OkrBot.Core.Sheets;

namespace OkrBot.Bot.Sheets;

/// <summary>
/// .xlsx workbooks (Excel, WPS, Feishu Sheets, Google Sheets, LibreOffice): the first visible worksheet (or the one named)
/// read cell by cell as a person sees it: a cell formatted as a percentage reads "45%", not 0.45; formulas read as their
/// last computed value. Rows are streamed, so a workbook that unpacks to something huge stops at the row limit.
/// </summary>
public static class XlsxSheets
{
    public static SheetGrid Read(byte[] bytes, string fileName, string? sheetName = null)
    {
        if (bytes.AsSpan().StartsWith(FileSignatures.Ole))
            throw new SheetFileException($"{fileName} is an Excel 97-2003 .xls workbook (or a password-protected one): save it as .xlsx (without a password) and import that.");
        if (!bytes.AsSpan().StartsWith(FileSignatures.Zip))
            throw new SheetFileException($"{fileName} is not an .xlsx workbook{(LooksLikeText(bytes) ? " (it looks like text: if it is CSV, name it .csv)" : "")}.");
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false);
            return ReadWorkbook(document, fileName, sheetName);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            throw new SheetFileException($"{fileName} is not a readable .xlsx workbook ({e.Message.TrimEnd('.')}): open it in a spreadsheet and save it again as .xlsx.");
        }
    }

    private static SheetGrid ReadWorkbook(SpreadsheetDocument document, string fileName, string? sheetName)
    {
        var workbook = document.WorkbookPart ?? throw new SheetFileException($"{fileName} is a zip, but not a workbook.");
        var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
        var sheet = sheetName is null
            ? sheets.FirstOrDefault(s => s.State is null || s.State.Value == SheetStateValues.Visible)
            : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value?.Trim(), sheetName.Trim(), StringComparison.OrdinalIgnoreCase));
        if (sheet?.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart worksheet)
            throw new SheetFileException(sheetName is null
                ? $"{fileName} has no visible worksheet."
                : $"{fileName} has no worksheet \"{sheetName}\"; it has {string.Join(", ", sheets.Select(s => $"\"{s.Name?.Value}\""))}.");

        var strings = ReadSharedStrings(workbook, fileName);
        var percentStyles = PercentStyles(workbook);
        var rows = new List<GridRow>();
        using var reader = OpenXmlReader.Create(worksheet);
        var nextRow = 1;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = (int)(row.RowIndex?.Value ?? (uint)nextRow);
            nextRow = number + 1;
            if (rows.Count >= SheetGrid.MaxRows + SheetLayout.HeaderSearchRows || number > 1_048_576)
                throw new SheetFileException($"{fileName} has more than {SheetGrid.MaxRows:N0} rows; one import takes at most that many.");
            var cells = new List<string>();
            foreach (var cell in row.Elements<Cell>())
            {
                var index = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                if (index < 0 || index > 1000) continue;
                while (cells.Count < index) cells.Add("");
                var text = CellText(cell, strings, percentStyles);
                if (text.Length > SheetGrid.MaxCellLength)
                    throw new SheetFileException($"{fileName}, row {number}, column {SheetLayout.ColumnLetters(index)}: a cell of more than {SheetGrid.MaxCellLength:N0} characters.");
                if (index < cells.Count) cells[index] = text;
                else cells.Add(text);
            }
            rows.Add(new GridRow(number, cells));
        }
        return new SheetGrid(rows);
    }

    private static string CellText(Cell cell, IReadOnlyList<string> strings, HashSet<uint> percentStyles)
    {
        var value = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : "";
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? PlainText(inline) : "";
        if (type == CellValues.Boolean) return value == "1" ? "TRUE" : "FALSE";
        if (type is null || type == CellValues.Number)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
            var percent = cell.StyleIndex?.Value is { } style && percentStyles.Contains(style);
            return Shown(percent ? number * 100 : number) + (percent ? "%" : "");
        }
        return value;
    }

    /// <summary>A number with the 15 significant digits a spreadsheet shows: 0.1 + 0.2 reads 0.3, not 0.30000000000000004.</summary>
    private static string Shown(double number)
    {
        var rounded = double.Parse(number.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return rounded is > -7.9e27 and < 7.9e27
            ? ((decimal)rounded).ToString("0.###############", CultureInfo.InvariantCulture)
            : rounded.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A rich text's runs, without the phonetic guides (pinyin, furigana) some editors keep beside East Asian text.</summary>
    private static string PlainText(OpenXmlElement item)
    {
        if (item.GetFirstChild<Text>() is { } plain) return plain.Text;
        var text = new StringBuilder();
        foreach (var run in item.Elements<Run>()) text.Append(run.Text?.Text);
        return text.ToString();
    }

    private static List<string> ReadSharedStrings(WorkbookPart workbook, string fileName)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return strings;
        long characters = 0;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement) continue;
            var text = PlainText(reader.LoadCurrentElement()!);
            characters += text.Length;
            if (characters > MaxSharedCharacters)
                throw new SheetFileException($"{fileName} holds more than {MaxSharedCharacters:N0} characters of text; that is not an OKR sheet.");
            strings.Add(text);
        }
        return strings;
    }

    private const long MaxSharedCharacters = 50_000_000;

    /// <summary>The cell styles whose number format shows a percentage: built-in 9 (0%) and 10 (0.00%), or a custom one with %.</summary>
    private static HashSet<uint> PercentStyles(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var percentFormats = new HashSet<uint> { 9, 10 };
        foreach (var format in stylesheet?.NumberingFormats?.Elements<NumberingFormat>() ?? [])
            if (format.NumberFormatId?.Value is { } id && IsPercentFormat(format.FormatCode?.Value)) percentFormats.Add(id);
        var styles = new HashSet<uint>();
        var index = 0u;
        foreach (var cellFormat in stylesheet?.CellFormats?.Elements<CellFormat>() ?? [])
        {
            if (cellFormat.NumberFormatId?.Value is { } id && percentFormats.Contains(id)) styles.Add(index);
            index++;
        }
        return styles;
    }

    /// <summary>A % outside quoted literals and not escaped.</summary>
    private static bool IsPercentFormat(string? code)
    {
        if (code is null) return false;
        var quoted = false;
        for (var i = 0; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '"': quoted = !quoted; break;
                case '\\': i++; break;
                case '%' when !quoted: return true;
            }
        }
        return false;
    }

    /// <summary>"C7" is 2; "AA10" is 26.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') index = index * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') index = index * 26 + (c - 'a' + 1);
            else break;
            if (++letters > 3) return -1;
        }
        return index - 1;
    }

    private static bool LooksLikeText(byte[] bytes) =>
        bytes.Length > 0 && !bytes.AsSpan(0, Math.Min(bytes.Length, 512)).Contains((byte)0);

    /// <summary>Writes <paramref name="table"/> as a one-sheet workbook: a bold, frozen header row, numbers as numbers, columns sized to fit.</summary>
    public static void Write(SheetTable table, Stream output)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();

        var strings = new SharedStrings();
        var data = new SheetData();
        data.Append(RowOf(1, table.Headers.Select(SheetValue.Of), strings, bold: true));
        for (var i = 0; i < table.Rows.Count; i++) data.Append(RowOf((uint)i + 2, table.Rows[i], strings, bold: false));

        var worksheet = workbook.AddNewPart<WorksheetPart>();
        worksheet.Worksheet = new Worksheet(FrozenHeader(), ColumnWidths(table), data);
        var sharedStrings = workbook.AddNewPart<SharedStringTablePart>();
        sharedStrings.SharedStringTable = strings.Table();

        workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new Sheet
        {
            Name = SheetName(table.Name), SheetId = 1, Id = workbook.GetIdOfPart(worksheet),
        }));
        workbook.Workbook.Save();
    }

    private static Row RowOf(uint number, IEnumerable<SheetValue> values, SharedStrings strings, bool bold)
    {
        var row = new Row { RowIndex = number };
        var column = 0;
        foreach (var value in values)
        {
            var reference = SheetLayout.ColumnLetters(column++) + number.ToString(CultureInfo.InvariantCulture);
            if (value.Number is { } n)
                row.Append(new Cell { CellReference = reference, CellValue = new CellValue(n), DataType = CellValues.Number });
            else if (!string.IsNullOrEmpty(value.Text))
                row.Append(new Cell
                {
                    CellReference = reference, DataType = CellValues.SharedString, StyleIndex = bold ? 1u : null,
                    CellValue = new CellValue(strings.IndexOf(value.Text)),
                });
        }
        return row;
    }

    private static SheetViews FrozenHeader() => new(new SheetView(
        new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
        new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue>([new("A2")]) })
    { WorkbookViewId = 0, TabSelected = true });

    /// <summary>Wide enough for the header and the longest cell (CJK characters take two), within reason.</summary>
    private static Columns ColumnWidths(SheetTable table)
    {
        var columns = new Columns();
        for (var i = 0; i < table.Headers.Count; i++)
        {
            var widest = table.Rows.Select(r => i < r.Count ? r[i].ToString() : "").Append(table.Headers[i]).Max(Width);
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = Math.Clamp(widest + 2, 8, 60), CustomWidth = true });
        }
        return columns;
    }

    private static int Width(string text) => text.Sum(c => c >= '\u1100' ? 2 : 1);

    /// <summary>What Excel allows as a sheet name: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string name)
    {
        var cleaned = new string(name.Select(c => "[]:*?/\\".Contains(c) ? '-' : c).ToArray()).Trim('\'', ' ');
        return cleaned.Length == 0 ? "OKRs" : cleaned[..Math.Min(31, cleaned.Length)];
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 2 });

    /// <summary>The workbook's table of texts, each written once.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _texts = [];

        public string IndexOf(string text)
        {
            if (!_index.TryGetValue(text, out var i))
            {
                _index[text] = i = _texts.Count;
                _texts.Add(text);
            }
            return i.ToString(CultureInfo.InvariantCulture);
        }

        public SharedStringTable Table() => new(_texts.Select(t => new SharedStringItem(new Text(t) { Space = SpaceProcessingModeValues.Preserve })))
        {
            Count = (uint)_texts.Count, UniqueCount = (uint)_texts.Count,
        };
    }
}
