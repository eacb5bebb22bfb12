using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Sheets;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Sheets;

public sealed class SheetImportOnPostgres() : SheetImportTests(DatabaseProvider.Postgres);
public sealed class SheetImportOnSqlite() : SheetImportTests(DatabaseProvider.Sqlite);

public abstract class SheetImportTests(DatabaseProvider provider) : StoreTests(provider)
{
    private SheetImporter Importer => new(Store.Database, Store.Clock);

    private async Task<SheetImportReport> ImportAsync(SheetWorld world, SheetGrid grid, string? cycle = null, bool dryRun = false)
    {
        var result = await Importer.ImportAsync(world.Tenant.Id, grid, new SheetImportOptions(cycle, dryRun));
        Assert.True(result.IsOk, result.ToString());
        return result.Value!;
    }

    private async Task<(List<Objective> Objectives, List<KeyResult> KeyResults)> QuarterAsync(SheetWorld world)
    {
        await using var db = Store.Database.Open();
        var objectives = await db.Objectives.Where(o => o.CycleId == world.Quarter.Id).ToListAsync();
        var ids = objectives.Select(o => o.Id).ToList();
        return (objectives, await db.KeyResults.Where(k => ids.Contains(k.ObjectiveId)).ToListAsync());
    }

    [Fact]
    public async Task A_sheet_of_Chinese_and_English_rows_becomes_published_objectives_with_their_key_results_owners_and_alignment()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var auditBefore = await CreatedAsync();

        var report = await ImportAsync(world, SheetWorld.Grid("okrs.csv"));

        Assert.True(report.Applied, string.Join("\n", report.Problems));
        Assert.Equal(10, report.Rows);
        Assert.Equal(new SheetImportCounts(5, 0, 0, 10, 0, 0), report.Counts);
        Assert.Equal(["2026 Q4"], report.Cycles);
        var (objectives, krs) = await QuarterAsync(world);
        Assert.Equal(5, objectives.Count);
        Assert.All(objectives, o => Assert.Equal((ObjectiveState.Published, Visibility.Public, world.Tenant.Id), (o.State, o.Visibility, o.TenantId)));
        Objective O(string title) => objectives.Single(o => o.Title == title);
        KeyResult K(string title) => krs.Single(k => k.Title == title);

        // Owners: teams and people, by English and Chinese names, case and width aside ("ana souza").
        var shanghai = O("Win the Shanghai wholesale market");
        Assert.Equal((null, world.Teams["Sales"].Id), (shanghai.OwnerPersonId, shanghai.OwnerTeamId));
        Assert.Equal(world["李伟"].Id, O("拓展华东渠道").OwnerPersonId);
        Assert.Equal(world.Teams["产品部"].Id, O("让新用户第一周就爱上我们的 App").OwnerTeamId);
        Assert.Equal(world["Alex Chen"].Id, O("Grow as a people manager").OwnerPersonId);
        Assert.Equal(world["Ana Souza"].Id, K("CSAT from 82% to 92%").OwnerId);

        // Alignment: to an annual KR ("Objective > KR"), to a KR of the same sheet, to an annual objective, to a sheet objective.
        Assert.Equal(world.AnnualAccounts.Id, shanghai.ParentKeyResultId);
        Assert.Equal(K("Sign 12 new wholesale accounts in Shanghai").Id, O("拓展华东渠道").ParentKeyResultId);
        Assert.Equal(world.AnnualCustomers.Id, O("Answer every customer within an hour, day or night").ParentObjectiveId);
        Assert.Equal(world.AnnualCustomers.Id, O("让新用户第一周就爱上我们的 App").ParentObjectiveId);
        Assert.Equal(shanghai.Id, O("Grow as a people manager").ParentObjectiveId);

        // All three kinds, directions from start and target, defaults where the cells are empty.
        var accounts = K("Sign 12 new wholesale accounts in Shanghai");
        Assert.Equal((KeyResultKind.Metric, Direction.Increase, 0m, 12m, "accounts", 2m, world["李伟"].Id, 0m),
            (accounts.Kind, accounts.Direction, accounts.StartValue, accounts.TargetValue, accounts.Unit, accounts.Weight, accounts.OwnerId, accounts.CurrentValue));
        var repeat = K("Repeat purchase rate from 28% to 40%");
        Assert.Equal((KeyResultKind.Percentage, 28m, 40m, "%", 28m), (repeat.Kind, repeat.StartValue, repeat.TargetValue, repeat.Unit, repeat.CurrentValue));
        var returns = K("渠道退货率从 8% 降到 3%");
        Assert.Equal((KeyResultKind.Percentage, Direction.Decrease, 8m, 3m), (returns.Kind, returns.Direction, returns.StartValue, returns.TargetValue));
        var response = K("Median first response time from 4h to 1h");
        Assert.Equal((Direction.Decrease, "hours"), (response.Direction, response.Unit));
        Assert.Equal("%", K("CSAT from 82% to 92%").Unit);
        var onboarding = K("上线新手引导");
        Assert.Equal((KeyResultKind.Milestone, 0m, 1m, 0m, null), (onboarding.Kind, onboarding.StartValue, onboarding.TargetValue, onboarding.CurrentValue, onboarding.Unit));
        // An empty owner: the objective's person owns the KR; a team's objective gives it to the team's lead.
        Assert.Equal(world["李伟"].Id, K("签约 5 家区域经销商").OwnerId);
        Assert.Equal(world["Alex Chen"].Id, K("Hold a weekly 1:1 with each of my 4 reports").OwnerId);

        // Through the audited save: every objective and KR has its "created" entry.
        Assert.Equal(auditBefore + 15, await CreatedAsync());

        async Task<int> CreatedAsync()
        {
            await using var db = Store.Database.Open();
            return await db.AuditEntries.CountAsync(a => a.TenantId == world.Tenant.Id && a.Action == AuditAction.Created && (a.Entity == "Objective" || a.Entity == "KeyResult"));
        }
    }

    [Fact]
    public async Task An_xlsx_with_Chinese_headers_merged_cells_and_percent_formats_imports_the_same_OKRs_as_the_CSV()
    {
        var fromCsv = await SheetWorld.CreateAsync(Store, "From CSV");
        var fromXlsx = await SheetWorld.CreateAsync(Store, "From xlsx");

        Assert.True((await ImportAsync(fromCsv, SheetWorld.Grid("okrs.csv"))).Applied);
        var report = await ImportAsync(fromXlsx, SheetWorld.Grid("okrs-zh.xlsx"));

        Assert.True(report.Applied, string.Join("\n", report.Problems));
        Assert.Equal(new SheetImportCounts(5, 0, 0, 10, 0, 0), report.Counts);
        // The notes column is named, not silently dropped.
        var warning = Assert.Single(report.Warnings);
        Assert.Equal((3, "备注"), (warning.Row, warning.Column));
        Assert.Equal(await SheetWorld.QuarterAsync(Store, fromCsv.Tenant.Id), await SheetWorld.QuarterAsync(Store, fromXlsx.Tenant.Id));
    }

    [Fact]
    public async Task One_broken_row_among_good_ones_leaves_the_store_untouched_and_names_its_row_and_column()
    {
        var world = await SheetWorld.CreateAsync(Store);
        await using (var before = Store.Database.Open()) Assert.Empty(await before.Objectives.Where(o => o.CycleId == world.Quarter.Id).ToListAsync());
        var auditBefore = await AuditCountAsync();

        var report = await ImportAsync(world, SheetWorld.Grid("okrs-one-broken-row.csv"));

        Assert.False(report.Applied);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((5, "Target", "五"), (problem.Row, problem.Column, problem.Value));
        Assert.Equal("row 5, Target \"五\": not a number.", problem.ToString());
        var (objectives, krs) = await QuarterAsync(world);
        Assert.Empty(objectives);
        Assert.Empty(krs);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task Every_kind_of_problem_in_a_sheet_is_reported_together_with_its_row_and_column()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var report = await ImportAsync(world, SheetWorld.Grid("okrs-many-problems.csv"));

        Assert.False(report.Applied);
        var said = report.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("row 3, Person or team \"Salse\": no person or team is called that in Northwind Tea 北风茶业.", said);
        Assert.Contains(said, p => p.StartsWith("row 4, Person or team \"张伟\": matches 2: 张伟 (person in Sales, id 29:张伟-(Sales)); 张伟 (person in 产品部, id 29:张伟-(产品部))", StringComparison.Ordinal));
        Assert.Contains("row 5, Target \"120\": a percentage lies between 0 and 100.", said);
        Assert.Contains("row 6, Target \"5\": a milestone goes from 0 (not done) to 1 (done): leave start and target empty.", said);
        Assert.Contains(said, p => p.StartsWith("row 7, Kind \"ratio\": not a kind of key result", StringComparison.Ordinal));
        Assert.Contains("row 8, Weight \"0\": must be more than 0.", said);
        Assert.Contains("row 8, Target \"40\": equals the start (40): there would be nothing to achieve.", said);
        Assert.Contains(said, p => p.StartsWith("row 9, Owner \"Sales\": a key result is owned by one person, and \"Sales\" is a team", StringComparison.Ordinal));
        Assert.Contains(said, p => p.StartsWith("row 9, Parent \"Become the best tea app in the world\": no objective or key result has that title", StringComparison.Ordinal));
        Assert.Contains(said, p => p.StartsWith("row 10, Cycle \"2026 Q3\": Northwind Tea 北风茶业 has no cycle of that name; its open cycles are 2026, 2026 Q4", StringComparison.Ordinal));
        Assert.Contains("row 11, Cycle \"2025 Q4\": that cycle is closed: its OKRs are history and stay as they were scored.", said);
        Assert.Contains(said, p => p.StartsWith("row 12, Key result \"Sign 12 new wholesale accounts in Shanghai\": repeats row 2", StringComparison.Ordinal));
        Assert.Contains(said, p => p.StartsWith("row 13, Person or team \"Tom Baker\": Tom Baker (29:Tom-Baker) is deactivated", StringComparison.Ordinal));
        Assert.Equal(13, said.Count);
        Assert.Equal(said.OrderBy(p => int.Parse(p.Split(',')[0][4..], System.Globalization.CultureInfo.InvariantCulture)), said);
        Assert.Empty((await QuarterAsync(world)).Objectives);
    }

    [Fact]
    public async Task Importing_the_same_sheet_again_with_a_changed_target_updates_that_key_result_and_duplicates_nothing()
    {
        var world = await SheetWorld.CreateAsync(Store);
        Assert.True((await ImportAsync(world, SheetWorld.Grid("okrs.csv"))).Applied);
        var (_, firstKrs) = await QuarterAsync(world);
        var accounts = firstKrs.Single(k => k.Title == "Sign 12 new wholesale accounts in Shanghai");
        Store.Clock.Advance(TimeSpan.FromDays(2));

        var changed = SheetWorld.Grid("okrs.csv");
        var edited = changed.Rows.Select(r => r.Number == 2 ? r with { Cells = r.Cells.Select(c => c == "12" ? "15" : c).ToList() } : r).ToList();
        var report = await ImportAsync(world, new SheetGrid(edited));

        Assert.True(report.Applied);
        Assert.Equal(new SheetImportCounts(0, 0, 5, 0, 1, 9), report.Counts);
        var (objectives, krs) = await QuarterAsync(world);
        Assert.Equal((5, 10), (objectives.Count, krs.Count));
        var updated = krs.Single(k => k.Id == accounts.Id);
        Assert.Equal((15m, accounts.Version + 1, Store.Clock.GetUtcNow()), (updated.TargetValue, updated.Version, updated.UpdatedAt));
        await using var db = Store.Database.Open();
        var change = await db.AuditEntries.SingleAsync(a => a.EntityId == accounts.Id && a.Action == AuditAction.Changed);
        Assert.Equal(("TargetValue", "12", "15"), (change.Field, decimal.Parse(change.OldValue!, System.Globalization.CultureInfo.InvariantCulture).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(change.NewValue!, System.Globalization.CultureInfo.InvariantCulture).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_re_import_matches_titles_and_names_whatever_their_case_width_and_spacing()
    {
        var world = await SheetWorld.CreateAsync(Store);
        Assert.True((await ImportAsync(world, SheetWorld.Grid("okrs.csv"))).Applied);

        var grid = Grid(
            ["Cycle", "Person or team", "Objective", "Key result", "Kind", "Start", "Target", "Unit", "Weight", "Owner"],
            ["２０２６ q4", "ＳＡＬＥＳ", "win  the shanghai WHOLESALE market", "SIGN 12 NEW WHOLESALE ACCOUNTS IN SHANGHAI", "Metric", "0", "12", "accounts", "2", "李伟"]);
        var report = await ImportAsync(world, grid);

        // Only the spelling of the two titles changes: same objective, same KR.
        Assert.Equal(new SheetImportCounts(0, 1, 0, 0, 1, 0), report.Counts);
        var (objectives, krs) = await QuarterAsync(world);
        Assert.Equal((5, 10), (objectives.Count, krs.Count));
        // Stored as the sheet now spells it, runs of spaces made one.
        Assert.Contains(objectives, o => o.Title == "win the shanghai WHOLESALE market");
    }

    [Fact]
    public async Task A_dry_run_says_what_would_change_and_changes_nothing()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var audit = await AuditCountAsync();

        var report = await ImportAsync(world, SheetWorld.Grid("okrs.csv"), dryRun: true);

        Assert.True(report.IsValid);
        Assert.False(report.Applied);
        Assert.Equal(new SheetImportCounts(5, 0, 0, 10, 0, 0), report.Counts);
        Assert.Empty((await QuarterAsync(world)).Objectives);
        Assert.Equal(audit, await AuditCountAsync());
    }

    [Fact]
    public async Task Without_a_cycle_column_the_cycle_comes_from_the_option_and_a_cell_that_disagrees_with_it_is_refused()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var noCycle = Grid(["个人或团队", "目标", "关键结果", "类型", "目标值"],
            ["陈静", "提升 App 评分", "应用商店评分从 4.1 提升到 4.6", "数值", "4.6"], ["陈静", "提升 App 评分", "差评一周内全部回复", "里程碑", ""]);

        var missing = await ImportAsync(world, noCycle);
        Assert.Equal("row 2, Cycle (周期): the sheet has no cycle column: pass --cycle, or add a Cycle (周期) column.", Assert.Single(missing.Problems).ToString());

        var report = await ImportAsync(world, noCycle, cycle: "2026 Q4");
        Assert.True(report.Applied, string.Join("\n", report.Problems));
        var kr = (await QuarterAsync(world)).KeyResults.Single(k => k.Kind == KeyResultKind.Metric);
        Assert.Equal((0m, 4.6m, world["陈静"].Id), (kr.StartValue, kr.TargetValue, kr.OwnerId));

        var disagreeing = Grid(["周期", "个人或团队", "目标"], ["2026", "陈静", "提升 App 评分"]);
        var refused = await ImportAsync(world, disagreeing, cycle: "2026 Q4");
        Assert.Equal("row 2, 周期 \"2026\": differs from --cycle \"2026 Q4\"; leave the cell empty or import without --cycle.", Assert.Single(refused.Problems).ToString());
    }

    [Fact]
    public async Task Ambiguous_parents_list_their_candidates_and_the_qualified_forms_pick_one()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var grid = Grid(
            ["Cycle", "Person or team", "Objective", "Key result", "Kind", "Target", "Parent"],
            ["2026 Q4", "Sales", "Grow the team", "Hire 3 account managers", "metric", "3", ""],
            ["2026 Q4", "产品部", "Grow the team", "Hire 2 designers", "metric", "2", ""],
            ["2026 Q4", "Alex Chen", "Onboard new hires fast", "Every hire productive in 30 days", "milestone", "", "Grow the team"],
            ["2026 Q4", "陈静", "Mentor new designers", "Pair each designer with a mentor", "milestone", "", "Grow the team (产品部)"],
            ["2026 Q4", "李伟", "Coach new account managers", "Shadow 10 customer calls each", "metric", "10", "Grow the team (Sales) > Hire 3 account managers"]);

        var report = await ImportAsync(world, grid);

        var problem = Assert.Single(report.Problems);
        Assert.Equal((4, "Parent"), (problem.Row, problem.Column));
        Assert.Contains("matches 2: objective \"Grow the team\" (Sales (team), 2026 Q4); objective \"Grow the team\" (产品部 (team), 2026 Q4)", problem.Message);

        var fixedGrid = new SheetGrid(grid.Rows.Select(r => r.Number == 4 ? r with { Cells = [.. r.Cells.Take(6), "Grow the team (Sales)"] } : r).ToList());
        Assert.True((await ImportAsync(world, fixedGrid)).Applied);
        var (objectives, krs) = await QuarterAsync(world);
        var salesGrowth = objectives.Single(o => o.Title == "Grow the team" && o.OwnerTeamId == world.Teams["Sales"].Id);
        var productGrowth = objectives.Single(o => o.Title == "Grow the team" && o.OwnerTeamId == world.Teams["产品部"].Id);
        Assert.Equal(salesGrowth.Id, objectives.Single(o => o.Title == "Onboard new hires fast").ParentObjectiveId);
        Assert.Equal(productGrowth.Id, objectives.Single(o => o.Title == "Mentor new designers").ParentObjectiveId);
        Assert.Equal(krs.Single(k => k.Title == "Hire 3 account managers").Id, objectives.Single(o => o.Title == "Coach new account managers").ParentKeyResultId);
    }

    [Fact]
    public async Task An_alignment_loop_and_an_objective_aligned_to_itself_are_refused()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var grid = Grid(
            ["Cycle", "Person or team", "Objective", "Parent"],
            ["2026 Q4", "Sales", "A", "B"],
            ["2026 Q4", "Sales", "B", "A"],
            ["2026 Q4", "Sales", "C", "C"]);

        var report = await ImportAsync(world, grid);

        Assert.Equal(
            ["row 2, Parent \"B\": the alignment goes round in a loop: \"A\" → \"B\" → \"A\".", "row 4, Parent \"C\": an objective cannot align to itself."],
            report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task A_stored_key_results_value_stays_what_its_check_ins_made_it_and_a_kind_it_no_longer_fits_is_refused()
    {
        var world = await SheetWorld.CreateAsync(Store);
        Assert.True((await ImportAsync(world, SheetWorld.Grid("okrs.csv"))).Applied);
        await using (var db = Store.Database.Open())
        {
            var kr = await db.KeyResults.SingleAsync(k => k.Title == "Sign 12 new wholesale accounts in Shanghai");
            kr.CurrentValue = 7;
            kr.Version++;
            await db.SaveChangesAsync();
        }
        string[] header = ["Cycle", "Person or team", "Objective", "Key result", "Kind", "Start", "Target", "Weight", "Owner", "Current"];

        var report = await ImportAsync(world, Grid(header,
            ["2026 Q4", "Sales", "Win the Shanghai wholesale market", "Sign 12 new wholesale accounts in Shanghai", "metric", "0", "12", "2", "李伟", "9"]));
        Assert.True(report.Applied);
        Assert.Equal("row 2, Current \"9\": left as it is (7): a stored key result's value comes from its check-ins.", Assert.Single(report.Warnings).ToString());

        var milestone = await ImportAsync(world, Grid(header,
            ["2026 Q4", "Sales", "Win the Shanghai wholesale market", "Sign 12 new wholesale accounts in Shanghai", "milestone", "", "", "2", "李伟", ""]));
        Assert.Equal("row 2, Kind \"milestone\": the key result stands at 7 from its check-ins, and a milestone is 0 or 1.", Assert.Single(milestone.Problems).ToString());
        await using var read = Store.Database.Open();
        var stored = await read.KeyResults.SingleAsync(k => k.Title == "Sign 12 new wholesale accounts in Shanghai");
        Assert.Equal((KeyResultKind.Metric, 7m), (stored.Kind, stored.CurrentValue));
    }

    [Fact]
    public async Task A_new_key_result_starts_from_the_current_value_the_sheet_gives()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var report = await ImportAsync(world, Grid(
            ["周期", "个人或团队", "目标", "关键结果", "类型", "起始值", "目标值", "当前值"],
            ["2026 Q4", "Ana Souza", "Answer faster", "First response under 1h", "百分比", "40", "90", "55%"],
            ["2026 Q4", "Ana Souza", "Answer faster", "Publish the support playbook", "里程碑", "", "", "完成"]));

        Assert.True(report.Applied, string.Join("\n", report.Problems));
        var krs = (await QuarterAsync(world)).KeyResults;
        Assert.Equal(55m, krs.Single(k => k.Title == "First response under 1h").CurrentValue);
        Assert.Equal(1m, krs.Single(k => k.Title == "Publish the support playbook").CurrentValue);
    }

    [Fact]
    public async Task A_sheet_without_a_header_row_is_refused_with_the_columns_it_needs()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var report = await ImportAsync(world, SheetWorld.Grid("okrs-no-header.csv"));

        var problem = Assert.Single(report.Problems);
        Assert.Null(problem.Row);
        Assert.StartsWith("no header row: one of the first 10 rows must name the columns, e.g. Person or team (个人或团队), Objective (目标)", problem.Message);
    }

    [Fact]
    public async Task Another_organisations_people_and_objectives_are_not_found_from_a_sheet()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var other = await SheetWorld.CreateAsync(Store, "Contoso");
        await using (var db = Store.Database.Open())
        {
            db.People.Add(new Person { TenantId = other.Tenant.Id, ExternalId = "29:outsider", DisplayName = "Olga Outsider", CreatedAt = Store.Clock.GetUtcNow() });
            db.Objectives.Add(new Objective { TenantId = other.Tenant.Id, CycleId = other.Year.Id, Title = "Contoso's secret plan", OwnerTeamId = other.Teams["Sales"].Id, CreatedAt = Store.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var report = await ImportAsync(world, Grid(["Cycle", "Person or team", "Objective", "Parent"], ["2026 Q4", "Olga Outsider", "Copy Contoso", "Contoso's secret plan"]));

        Assert.Equal([("Person or team", 2), ("Parent", 2)], report.Problems.Select(p => (p.Column!, p.Row!.Value)));
    }

    private static SheetGrid Grid(params string[][] rows) => new(rows.Select((cells, i) => new GridRow(i + 1, cells)).ToList());

    private async Task<int> AuditCountAsync()
    {
        await using var db = Store.Database.Open();
        return await db.AuditEntries.CountAsync();
    }
}
