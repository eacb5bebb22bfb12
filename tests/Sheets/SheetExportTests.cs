using Microsoft.EntityFrameworkCore;
using OkrBot.Bot.Sheets;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Core.Sheets;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Sheets;

public sealed class SheetExportOnPostgres() : SheetExportTests(DatabaseProvider.Postgres);
public sealed class SheetExportOnSqlite() : SheetExportTests(DatabaseProvider.Sqlite);

public abstract class SheetExportTests(DatabaseProvider provider) : StoreTests(provider)
{
    private SheetImporter Importer => new(Store.Database, Store.Clock);
    private SheetExporter Exporter => new(Store.Database, Store.Clock);

    private async Task<SheetWorld> ImportedWorldAsync(string tenantName = "Northwind Tea 北风茶业")
    {
        var world = await SheetWorld.CreateAsync(Store, tenantName);
        var imported = await Importer.ImportAsync(world.Tenant.Id, SheetWorld.Grid("okrs.csv"), new SheetImportOptions());
        Assert.True(imported.Value!.Applied, string.Join("\n", imported.Value.Problems));
        return world;
    }

    /// <summary>Where the quarter stands at its end: a KR moved by check-ins, and scored with a reason.</summary>
    private async Task CheckInAndScoreAsync(SheetWorld world)
    {
        await using var db = Store.Database.Open();
        var accounts = await db.KeyResults.SingleAsync(k => k.TenantId == world.Tenant.Id && k.Title == "Sign 12 new wholesale accounts in Shanghai");
        accounts.CurrentValue = 9;
        accounts.Version++;
        db.Scores.Add(new KeyResultScore
        {
            TenantId = world.Tenant.Id, KeyResultId = accounts.Id, Score = 0.7m, Reason = "9 of 12 signed; two more in legal review",
            SuggestedScore = 0.8m, ScoredById = world["李伟"].Id, ScoredAt = Store.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }

    private async Task<SheetTable> ExportAsync(SheetWorld world, string? cycle = "2026 Q4", SheetLanguage? language = null)
    {
        var result = await Exporter.ExportAsync(world.Tenant.Id, cycle, language);
        Assert.True(result.IsOk, result.ToString());
        return result.Value!;
    }

    private static Dictionary<string, string> Cells(SheetTable table, IReadOnlyList<SheetValue> row) =>
        table.Headers.Zip(row, (h, v) => (h, v.ToString())).ToDictionary(p => p.h, p => p.Item2);

    [Fact]
    public async Task A_cycle_is_written_in_the_import_layout_with_where_each_KR_stands_and_its_score_and_reason()
    {
        var world = await ImportedWorldAsync();
        await CheckInAndScoreAsync(world);

        var table = await ExportAsync(world, language: SheetLanguage.English);

        Assert.Equal("2026 Q4", table.Name);
        Assert.Equal(["Cycle", "Person or team", "Objective", "Key result", "Kind", "Start", "Target", "Unit", "Weight", "Owner", "Parent", "Current", "Score", "Score reason"], table.Headers);
        Assert.Equal(10, table.Rows.Count);
        var accounts = Cells(table, table.Rows.Single(r => r[3].Text == "Sign 12 new wholesale accounts in Shanghai"));
        Assert.Equal(
            ["2026 Q4", "Sales", "Win the Shanghai wholesale market", "Sign 12 new wholesale accounts in Shanghai", "metric", "0", "12", "accounts", "2", "李伟",
             "Win 40 new wholesale accounts", "9", "0.7", "9 of 12 signed; two more in legal review"],
            accounts.Values);
        var milestone = Cells(table, table.Rows.Single(r => r[3].Text == "上线新手引导"));
        Assert.Equal(("milestone", "", "", "0", "", ""), (milestone["Kind"], milestone["Start"], milestone["Target"], milestone["Current"], milestone["Score"], milestone["Score reason"]));
        // Numbers stay numbers (an xlsx gets numeric cells).
        Assert.Equal(12m, table.Rows.Single(r => r[3].Text == "Sign 12 new wholesale accounts in Shanghai")[6].Number);
    }

    [Fact]
    public async Task An_organisation_working_in_Chinese_gets_Chinese_headers_and_kinds_and_objectives_follow_what_they_align_to()
    {
        var world = await ImportedWorldAsync();

        var table = await ExportAsync(world, cycle: null);

        Assert.Equal("2026 Q4", table.Name);
        Assert.Equal(["周期", "个人或团队", "目标", "关键结果", "类型", "起始值", "目标值", "单位", "权重", "负责人", "对齐到", "当前值", "评分", "评分理由"], table.Headers);
        Assert.Equal(new HashSet<string> { "数值", "百分比", "里程碑" }, table.Rows.Select(r => r[4].Text!).ToHashSet());
        var objectives = table.Rows.Select(r => r[2].Text!).Distinct().ToList();
        Assert.True(objectives.IndexOf("Win the Shanghai wholesale market") < objectives.IndexOf("拓展华东渠道"));
        Assert.True(objectives.IndexOf("Win the Shanghai wholesale market") < objectives.IndexOf("Grow as a people manager"));
        Assert.Equal("Sign 12 new wholesale accounts in Shanghai", table.Rows.First(r => r[2].Text == "拓展华东渠道")[10].Text);
    }

    [Theory]
    [InlineData("okrs.csv")]
    [InlineData("okrs.xlsx")]
    public async Task An_export_imported_again_changes_nothing_and_into_a_fresh_store_gives_the_same_OKRs(string fileName)
    {
        var world = await ImportedWorldAsync();
        await CheckInAndScoreAsync(world);
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + "-" + fileName);
        try
        {
            SheetFiles.Write(await ExportAsync(world), path);
            var grid = SheetFiles.Read(path);
            var auditBefore = await AuditCountAsync(Store);

            var again = (await Importer.ImportAsync(world.Tenant.Id, grid, new SheetImportOptions())).Value!;

            Assert.True(again.Applied, string.Join("\n", again.Problems));
            Assert.Equal(new SheetImportCounts(0, 0, 5, 0, 0, 10), again.Counts);
            Assert.Equal(auditBefore, await AuditCountAsync(Store));
            // The score columns are said to be left out, not silently ignored.
            Assert.Contains(again.Warnings, w => w.Column == "评分");

            await using var fresh = await TestStore.CreateAsync(Provider);
            var copy = await SheetWorld.CreateAsync(fresh);
            var intoFresh = (await new SheetImporter(fresh.Database, fresh.Clock).ImportAsync(copy.Tenant.Id, grid, new SheetImportOptions())).Value!;
            Assert.True(intoFresh.Applied, string.Join("\n", intoFresh.Problems));
            Assert.Equal(await SheetWorld.QuarterAsync(Store, world.Tenant.Id), await SheetWorld.QuarterAsync(fresh, copy.Tenant.Id));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Owners_whose_names_are_shared_are_written_as_their_ids_so_that_they_read_back()
    {
        var world = await ImportedWorldAsync();
        var grid = new SheetGrid([
            new GridRow(1, ["Cycle", "Person or team", "Objective", "Key result", "Kind", "Target", "Owner", "Parent"]),
            new GridRow(2, ["2026 Q4", "29:张伟-(Sales)", "Open the Hangzhou office", "Hire 5 people in Hangzhou", "metric", "5", "29:张伟-(产品部)", "拓展华东渠道"]),
        ]);
        Assert.True((await Importer.ImportAsync(world.Tenant.Id, grid, new SheetImportOptions())).Value!.Applied);

        var table = await ExportAsync(world, language: SheetLanguage.English);

        var row = Cells(table, table.Rows.Single(r => r[2].Text == "Open the Hangzhou office"));
        Assert.Equal(("29:张伟-(Sales)", "29:张伟-(产品部)", "拓展华东渠道"), (row["Person or team"], row["Owner"], row["Parent"]));
        var reimport = (await Importer.ImportAsync(world.Tenant.Id, GridOf(table), new SheetImportOptions())).Value!;
        Assert.Equal(new SheetImportCounts(0, 0, 6, 0, 0, 11), reimport.Counts);
    }

    [Fact]
    public async Task OKRs_of_someone_who_left_still_read_back_though_a_namesake_joined_and_nothing_new_goes_to_them()
    {
        var world = await ImportedWorldAsync();
        await using (var db = Store.Database.Open())
        {
            var alex = await db.People.SingleAsync(p => p.Id == world["Alex Chen"].Id);
            alex.IsActive = false;
            db.People.Add(new Person { TenantId = world.Tenant.Id, ExternalId = "29:alex-chen-2", DisplayName = "Alex Chen", CreatedAt = Store.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var table = await ExportAsync(world, language: SheetLanguage.English);

        var row = Cells(table, table.Rows.Single(r => r[2].Text == "Grow as a people manager"));
        Assert.Equal(("29:Alex-Chen", "29:Alex-Chen"), (row["Person or team"], row["Owner"]));
        var grid = GridOf(table);
        var reimport = (await Importer.ImportAsync(world.Tenant.Id, grid, new SheetImportOptions())).Value!;
        Assert.Equal(new SheetImportCounts(0, 0, 5, 0, 0, 10), reimport.Counts);

        var newWork = new SheetGrid([.. grid.Rows, new GridRow(grid.Rows.Count + 1, ["2026 Q4", "29:Alex-Chen", "Grow as a people manager", "Write the team's onboarding guide", "milestone"])]);
        var refused = (await Importer.ImportAsync(world.Tenant.Id, newWork, new SheetImportOptions())).Value!;
        Assert.StartsWith($"row {grid.Rows.Count + 1}, Person or team \"29:Alex-Chen\": Alex Chen (29:Alex-Chen) is deactivated", Assert.Single(refused.Problems).ToString());
    }

    [Fact]
    public async Task An_unknown_cycle_is_refused_with_the_cycles_there_are()
    {
        var world = await ImportedWorldAsync();

        var result = await Exporter.ExportAsync(world.Tenant.Id, "2027 Q1");

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
        Assert.Equal("Northwind Tea 北风茶业 has no cycle \"2027 Q1\"; its cycles are 2025 Q4, 2026, 2026 Q4.", result.Error.Message);
    }

    /// <summary>The table as a codec would read it back.</summary>
    private static SheetGrid GridOf(SheetTable table) =>
        new([new GridRow(1, table.Headers), .. table.Rows.Select((r, i) => new GridRow(i + 2, r.Select(c => c.ToString()).ToList()))]);

    private static async Task<int> AuditCountAsync(TestStore store)
    {
        await using var db = store.Database.Open();
        return await db.AuditEntries.CountAsync();
    }
}
