using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using OkrBot.Bot.Sheets;
using OkrBot.Core.Sheets;

namespace OkrBot.Tests.Sheets;

/// <summary>The file codecs: what managers' CSV and xlsx files really hold, and the clear refusals of what they should not.</summary>
public sealed class SheetFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("okr-sheets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(SheetWorld.Fixture(name));

    private static List<List<string>> Cells(SheetGrid grid) => grid.Rows.Select(r => r.Cells.ToList()).ToList();

    [Fact]
    public void A_CSV_reads_the_same_with_or_without_a_BOM_and_as_UTF_16_tab_separated_text()
    {
        var plain = SheetFiles.Read(SheetWorld.Fixture("okrs.csv"));
        var text = Encoding.UTF8.GetString(Fixture("okrs.csv"));

        var withBom = SheetFiles.Read(Write("bom.csv", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
        // Excel's "Unicode text": UTF-16 with its BOM, tabs between cells.
        var tabbed = string.Join("\r\n", plain.Rows.Select(r => string.Join('\t', r.Cells)));
        var unicode = SheetFiles.Read(Write("unicode.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(tabbed)]));
        var semicolons = SheetFiles.Read(Write("semicolons.csv", Encoding.UTF8.GetBytes(string.Join("\n", plain.Rows.Select(r => string.Join(';', r.Cells.Select(c => c.Contains(';') || c.Contains(',') ? $"\"{c}\"" : c)))))));

        Assert.Equal(11, plain.Rows.Count);
        Assert.Equal("李伟", plain.Rows[1].Cells[9]);
        Assert.Equal("Answer every customer within an hour, day or night", plain.Rows[8].Cells[2]);
        Assert.Equal(Cells(plain), Cells(withBom));
        Assert.Equal(Cells(plain), Cells(unicode));
        Assert.Equal(Cells(plain), Cells(semicolons));
    }

    [Fact]
    public void Blank_lines_keep_the_row_numbers_a_spreadsheet_shows()
    {
        var grid = SheetFiles.Read(Write("gaps.csv", Encoding.UTF8.GetBytes("Objective,Person or team\n\nA,\"Li\nWei\"\nB,Ana\n")));

        Assert.Equal([1, 2, 3, 4], grid.Rows.Select(r => r.Number));
        Assert.Equal("Li\nWei", grid.Rows[2].Cells[1]);
        Assert.True(grid.Rows[1].IsBlank);
    }

    [Fact]
    public void A_GBK_CSV_is_refused_with_the_line_and_how_to_save_it_instead()
    {
        var bad = Assert.Throws<SheetFileException>(() => SheetFiles.Read(SheetWorld.Fixture("okrs-gbk.csv")));

        Assert.StartsWith("okrs-gbk.csv is not UTF-8 text (line 2 has bytes that are not;", bad.Message);
        Assert.Contains("\"CSV UTF-8\"", bad.Message);
    }

    [Theory]
    [InlineData("okrs.csv", "PK\u0003\u0004garbage", "okrs.csv is a zip archive (an .xlsx workbook?), not CSV text: give it the .xlsx extension.")]
    [InlineData("okrs.xlsx", "Cycle,Objective\n2026 Q4,Grow", "okrs.xlsx is not an .xlsx workbook (it looks like text: if it is CSV, name it .csv).")]
    [InlineData("okrs.xlsx", "\u00D0\u00CF\u0011\u00E0 old", "okrs.xlsx is an Excel 97-2003 .xls workbook (or a password-protected one): save it as .xlsx (without a password) and import that.")]
    [InlineData("okrs.csv", "\u00D0\u00CF\u0011\u00E0 old", "okrs.csv is an Excel 97-2003 workbook (or a password-protected one), not CSV text: save it as .xlsx or as CSV UTF-8.")]
    [InlineData("okrs.xls", "whatever", "okrs.xls is an Excel 97-2003 .xls file: save it as .xlsx (or CSV UTF-8).")]
    [InlineData("okrs.pdf", "whatever", "okrs.pdf: OkrBot reads and writes .csv and .xlsx sheets, not .pdf.")]
    [InlineData("okrs.csv", "", "okrs.csv is empty.")]
    public void Files_that_are_not_what_their_name_says_are_refused_in_one_sentence(string name, string content, string message)
    {
        var path = Write(name, content.Select(c => (byte)c).ToArray());

        Assert.Equal(message, Assert.Throws<SheetFileException>(() => SheetFiles.Read(path)).Message);
    }

    [Fact]
    public void A_damaged_workbook_and_a_missing_file_are_refused_in_one_sentence()
    {
        var workbook = Fixture("okrs-zh.xlsx");
        var damaged = Write("damaged.xlsx", workbook[..(workbook.Length / 2)]);

        Assert.StartsWith("damaged.xlsx is not a readable .xlsx workbook (", Assert.Throws<SheetFileException>(() => SheetFiles.Read(damaged)).Message);
        Assert.Equal($"no such file: {Path.Combine(_dir, "nope.csv")}", Assert.Throws<SheetFileException>(() => SheetFiles.Read(Path.Combine(_dir, "nope.csv"))).Message);
    }

    [Fact]
    public void A_workbook_is_read_as_a_person_sees_it_first_visible_sheet_percentages_as_percent_merged_cells_empty_below()
    {
        var grid = SheetFiles.Read(SheetWorld.Fixture("okrs-zh.xlsx"));

        Assert.Equal("北风茶业 2026 Q4 OKR（经管理层确认）", grid.Rows[0].Cells[0]);
        var header = grid.Rows.Single(r => r.Number == 3);
        Assert.Equal(["周期", "个人或团队", "目标", "关键结果", "类型", "起始值", "目标值", "单位", "权重", "负责人", "对齐到", "备注"], header.Cells);
        var repeat = grid.Rows.Single(r => r.Number == 5);
        // Merged cycle, owner and objective cells: only the top one holds the value.
        Assert.Equal(["", "", "", "Repeat purchase rate from 28% to 40%", "百分比", "28%", "40%", "%", "1"], repeat.Cells.Take(9));
        Assert.Equal(["0", "12", "accounts", "2"], grid.Rows.Single(r => r.Number == 4).Cells.Skip(5).Take(4));

        var hidden = SheetFiles.Read(SheetWorld.Fixture("okrs-zh.xlsx"), sheetName: "模板");
        Assert.Equal("这张表是模板，不要导入", hidden.Rows.Single().Cells.Single());
        Assert.Equal("okrs-zh.xlsx has no worksheet \"Q3\"; it has \"模板\", \"2026 Q4 OKR\".",
            Assert.Throws<SheetFileException>(() => SheetFiles.Read(SheetWorld.Fixture("okrs-zh.xlsx"), sheetName: "Q3")).Message);
    }

    [Fact]
    public void A_written_workbook_is_valid_Open_XML_and_reads_back_cell_for_cell()
    {
        var table = new SheetTable("2026 Q4: [draft]", ["Objective", "Key result", "Target", "Weight"],
        [
            [SheetValue.Of("让顾客爱上我们的茶"), SheetValue.Of("CSAT from 82% to 92%"), SheetValue.Of(92m), SheetValue.Of(0.25m)],
            [SheetValue.Of("=HYPERLINK(\"x\")"), SheetValue.Empty, SheetValue.Of(-1234567.5m), SheetValue.Of(1m)],
        ]);
        var path = Path.Combine(_dir, "out.xlsx");

        SheetFiles.Write(table, path);

        using (var document = SpreadsheetDocument.Open(path, false))
        {
            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.Empty(errors);
            Assert.Equal("2026 Q4- -draft-", document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single().Name!.Value);
        }
        var read = SheetFiles.Read(path);
        Assert.Equal(
            [["Objective", "Key result", "Target", "Weight"], ["让顾客爱上我们的茶", "CSAT from 82% to 92%", "92", "0.25"], ["=HYPERLINK(\"x\")", "", "-1234567.5", "1"]],
            Cells(read));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void A_written_CSV_has_a_BOM_for_Excel_and_defuses_formulas_yet_reads_back_the_same_text()
    {
        var table = new SheetTable("2026 Q4", ["目标", "关键结果", "目标值"],
        [
            [SheetValue.Of("=1+1"), SheetValue.Of("-20% churn, \"really\""), SheetValue.Of(-5m)],
        ]);
        var path = Path.Combine(_dir, "out.csv");

        SheetFiles.Write(table, path);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("目标,关键结果,目标值\r\n'=1+1,\"'-20% churn, \"\"really\"\"\",-5\r\n", Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal([["目标", "关键结果", "目标值"], ["=1+1", "-20% churn, \"really\"", "-5"]], Cells(SheetFiles.Read(path)));
    }
}
