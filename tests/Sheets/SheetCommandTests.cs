using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Bot.Sheets;
using OkrBot.Core.Persistence;
using OkrBot.Core.Sheets;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Sheets;

public sealed class SheetCommandsOnPostgres() : SheetCommandTests(DatabaseProvider.Postgres);
public sealed class SheetCommandsOnSqlite() : SheetCommandTests(DatabaseProvider.Sqlite);

/// <summary>`import` and `export` as an operator runs them: the bot's command line, the store from its settings, stdout and stderr.</summary>
public abstract class SheetCommandTests(DatabaseProvider provider) : StoreTests(provider), IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("okr-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Run(int Exit, string Output, string Error);

    private async Task<Run> RunAsync(bool terminal, params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        string[] settings = [$"--Storage:Provider={Provider}", $"--Storage:ConnectionString={Store.Options.ConnectionString}"];
        var exit = await SheetCommands.RunAsync([.. args, .. settings], output, error, terminal, s => s.AddSingleton<TimeProvider>(Store.Clock));
        return new Run(exit, output.ToString(), error.ToString());
    }

    private Task<Run> RunAsync(params string[] args) => RunAsync(false, args);

    private static void NoStackTrace(Run run) => Assert.DoesNotContain("   at ", run.Output + run.Error);

    private async Task<int> QuarterObjectivesAsync(SheetWorld world)
    {
        await using var db = Store.Database.Open();
        return await db.Objectives.CountAsync(o => o.CycleId == world.Quarter.Id);
    }

    [Fact]
    public async Task Import_writes_the_sheet_and_says_what_it_did_with_progress_lines_on_stderr()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var run = await RunAsync("import", SheetWorld.Fixture("okrs.csv"), "--tenant", "northwind tea 北风茶业");

        Assert.Equal(SheetCommands.Done, run.Exit);
        Assert.Equal("Imported okrs.csv into Northwind Tea 北风茶业, 2026 Q4 (10 rows): objectives 5 created, 0 updated, 0 unchanged; " +
                     "key results 10 created, 0 updated, 0 unchanged.\n", run.Output.ReplaceLineEndings("\n"));
        Assert.Equal("Validated 10 rows\nWrote 10 rows\n", run.Error.ReplaceLineEndings("\n"));
        Assert.Equal(5, await QuarterObjectivesAsync(world));
    }

    [Fact]
    public async Task A_dry_run_of_an_xlsx_by_tenant_id_says_what_would_change_and_changes_nothing()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var run = await RunAsync("import", SheetWorld.Fixture("okrs-zh.xlsx"), $"--tenant={world.Tenant.Id}", "--dry-run");

        Assert.Equal(SheetCommands.Done, run.Exit);
        Assert.StartsWith("Dry run: okrs-zh.xlsx is valid (10 rows). Importing it into Northwind Tea 北风茶业, 2026 Q4 would give objectives 5 new", run.Output);
        Assert.EndsWith("Nothing was changed.\n", run.Output.ReplaceLineEndings("\n"));
        Assert.Contains("warning: okrs-zh.xlsx, row 3, 备注: not a column OkrBot reads; left out.", run.Error);
        Assert.Equal(0, await QuarterObjectivesAsync(world));
    }

    [Fact]
    public async Task An_invalid_sheet_prints_every_problem_and_exits_1_having_changed_nothing()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var run = await RunAsync("import", SheetWorld.Fixture("okrs-many-problems.csv"), "--tenant", world.Tenant.ExternalId);

        Assert.Equal(SheetCommands.SheetInvalid, run.Exit);
        var lines = run.Error.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal(["Validated 12 rows", "okrbot import: okrs-many-problems.csv has 13 problems; nothing was imported:"], lines[..2]);
        Assert.Equal(13, lines.Skip(2).Count(l => l.StartsWith("  row ", StringComparison.Ordinal)));
        Assert.Equal(15, lines.Length);
        Assert.Contains("  row 5, Target \"120\": a percentage lies between 0 and 100.", lines);
        Assert.Equal("", run.Output);
        NoStackTrace(run);
        Assert.Equal(0, await QuarterObjectivesAsync(world));
    }

    [Theory]
    [InlineData("okrs-gbk.csv", SheetCommands.FileProblem, "okrbot import: okrs-gbk.csv is not UTF-8 text (line 2")]
    [InlineData("missing.csv", SheetCommands.FileProblem, "okrbot import: no such file: ")]
    [InlineData("not-a-workbook.xlsx", SheetCommands.FileProblem, "okrbot import: not-a-workbook.xlsx is not an .xlsx workbook (it looks like text")]
    [InlineData("okrs-no-header.csv", SheetCommands.SheetInvalid, "okrbot import: okrs-no-header.csv has 1 problem; nothing was imported:\n  no header row:")]
    public async Task Malformed_and_missing_files_end_with_one_clear_message_and_their_exit_code(string file, int exit, string message)
    {
        var world = await SheetWorld.CreateAsync(Store);
        var path = File.Exists(SheetWorld.Fixture(file)) ? SheetWorld.Fixture(file) : Path.Combine(_dir, file);
        if (file.StartsWith("not-a-workbook", StringComparison.Ordinal)) await File.WriteAllTextAsync(path, "Cycle,Objective\n2026 Q4,Grow\n");

        var run = await RunAsync("import", path, "--tenant", world.Tenant.Name);

        Assert.Equal(exit, run.Exit);
        Assert.StartsWith(message, run.Error.ReplaceLineEndings("\n"));
        NoStackTrace(run);
    }

    [Fact]
    public async Task An_unknown_tenant_a_wrong_command_line_and_help_each_get_their_answer()
    {
        await SheetWorld.CreateAsync(Store);

        var unknown = await RunAsync("import", SheetWorld.Fixture("okrs.csv"), "--tenant", "Fabrikam");
        Assert.Equal(SheetCommands.NotFound, unknown.Exit);
        Assert.StartsWith("okrbot import: no organisation \"Fabrikam\"; the store has Northwind Tea 北风茶业 (Teams, id ", unknown.Error);

        var noTenant = await RunAsync("import", SheetWorld.Fixture("okrs.csv"));
        Assert.Equal((SheetCommands.WrongCommandLine, "okrbot import: import needs --tenant <name or id>. (--help shows how)\n"), (noTenant.Exit, noTenant.Error.ReplaceLineEndings("\n")));
        var unknownOption = await RunAsync("export", "--tenant", "x", "--out", "a.csv", "--dry-run");
        Assert.Equal((SheetCommands.WrongCommandLine, "okrbot export: export does not take --dry-run. (--help shows how)\n"), (unknownOption.Exit, unknownOption.Error.ReplaceLineEndings("\n")));

        var help = await RunAsync("import", "--help");
        Assert.Equal(SheetCommands.Done, help.Exit);
        Assert.Contains("import <file.csv|file.xlsx> --tenant <name or id> [--cycle <name>] [--sheet <worksheet>] [--dry-run]", help.Output);
    }

    [Theory]
    [InlineData("okrs.xlsx", "en")]
    [InlineData("okrs.csv", "zh")]
    public async Task Export_writes_the_cycle_and_the_file_imports_back_unchanged(string file, string language)
    {
        var world = await SheetWorld.CreateAsync(Store);
        Assert.Equal(SheetCommands.Done, (await RunAsync("import", SheetWorld.Fixture("okrs.csv"), "--tenant", world.Tenant.Name)).Exit);
        var path = Path.Combine(_dir, file);

        var export = await RunAsync("export", "--tenant", world.Tenant.Name, "--cycle", "2026 q4", "--out", path, "--lang", language);

        Assert.Equal(SheetCommands.Done, export.Exit);
        Assert.Equal($"Exported Northwind Tea 北风茶业, 2026 Q4: 5 objectives and 10 key results to {path}.\n", export.Output.ReplaceLineEndings("\n"));
        var header = SheetFiles.Read(path).Rows[0].Cells;
        Assert.Equal(language == "zh" ? "个人或团队" : "Person or team", header[1]);

        var again = await RunAsync("import", path, "--tenant", world.Tenant.Name);
        Assert.Equal(SheetCommands.Done, again.Exit);
        Assert.Contains("objectives 0 created, 0 updated, 5 unchanged; key results 0 created, 0 updated, 10 unchanged.", again.Output);
    }

    [Fact]
    public async Task Export_of_an_unknown_cycle_or_to_an_unwritable_place_fails_in_one_line()
    {
        var world = await SheetWorld.CreateAsync(Store);

        var cycle = await RunAsync("export", "--tenant", world.Tenant.Name, "--cycle", "2030", "--out", Path.Combine(_dir, "x.csv"));
        Assert.Equal((SheetCommands.NotFound, "okrbot export: Northwind Tea 北风茶业 has no cycle \"2030\"; its cycles are 2025 Q4, 2026, 2026 Q4.\n"), (cycle.Exit, cycle.Error.ReplaceLineEndings("\n")));

        var nowhere = await RunAsync("export", "--tenant", world.Tenant.Name, "--out", Path.Combine(_dir, "no", "such", "dir", "x.xlsx"));
        Assert.Equal(SheetCommands.FileProblem, nowhere.Exit);
        Assert.StartsWith($"okrbot export: cannot write {Path.Combine(_dir, "no", "such", "dir", "x.xlsx")}: ", nowhere.Error);
        NoStackTrace(nowhere);
    }

    [Fact]
    public async Task A_long_import_shows_a_bar_on_a_terminal_and_tenths_as_plain_lines_elsewhere()
    {
        var world = await SheetWorld.CreateAsync(Store);
        var csv = new StringBuilder("Cycle,Person or team,Objective,Key result,Kind,Start,Target\n");
        for (var i = 1; i <= 600; i++)
        {
            csv.Append($"2026 Q4,Sales,Objective {i},Key result {i}a,metric,0,{i}\n");
            csv.Append($"2026 Q4,Sales,Objective {i},Key result {i}b,percentage,10,90\n");
        }
        var path = Path.Combine(_dir, "long.csv");
        await File.WriteAllTextAsync(path, csv.ToString());

        var plain = await RunAsync("import", path, "--tenant", world.Tenant.Name, "--dry-run");
        Assert.Equal(SheetCommands.Done, plain.Exit);
        Assert.Equal(Enumerable.Range(1, 9).Select(t => $"Validated {(t * 120).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} of 1,200 rows").Append("Validated 1,200 rows"),
            plain.Error.ReplaceLineEndings("\n").TrimEnd().Split('\n'));

        var bar = await RunAsync(true, "import", path, "--tenant", world.Tenant.Name);
        Assert.Equal(SheetCommands.Done, bar.Exit);
        Assert.Contains("\rValidating [##############################]   1,200/1,200 rows 100%", bar.Error);
        Assert.Contains("\rWriting    [##############################]   1,200/1,200 rows 100%", bar.Error);
        Assert.Equal(2, bar.Error.Count(c => c == '\n'));
        await using var db = Store.Database.Open();
        Assert.Equal(1_200, await db.KeyResults.CountAsync(k => k.TenantId == world.Tenant.Id && k.Title.StartsWith("Key result ")));
    }
}

/// <summary>The real entry point: the built bot run as `dotnet OkrBot.Bot.dll import ...`, as an operator would.</summary>
public sealed class SheetCommandProcessTests
{
    [Fact]
    public async Task The_bot_executable_imports_a_sheet_and_exits_non_zero_with_one_line_for_a_missing_file()
    {
        await using var store = await TestStore.CreateAsync(DatabaseProvider.Sqlite);
        var world = await SheetWorld.CreateAsync(store);
        var dll = Path.Combine(AppContext.BaseDirectory, "OkrBot.Bot.dll");
        string[] settings = ["--Storage:Provider=Sqlite", $"--Storage:ConnectionString={store.Options.ConnectionString}"];

        var (exit, output) = await ChildProcess.RunAsync(ChildProcess.DotnetHost(),
            [dll, "import", SheetWorld.Fixture("okrs.csv"), "--tenant", world.Tenant.Name, .. settings],
            AppContext.BaseDirectory, "The bot runs on the .NET host (dotnet) that runs the tests.", TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, output);
        Assert.Contains("Imported okrs.csv into Northwind Tea 北风茶业, 2026 Q4 (10 rows)", output);
        await using (var db = store.Database.Open()) Assert.Equal(5, await db.Objectives.CountAsync(o => o.CycleId == world.Quarter.Id));

        var missing = await ChildProcess.RunAsync(ChildProcess.DotnetHost(),
            [dll, "import", "/nonexistent/okrs.xlsx", "--tenant", world.Tenant.Name, .. settings],
            AppContext.BaseDirectory, "The bot runs on the .NET host (dotnet) that runs the tests.", TimeSpan.FromMinutes(2));

        Assert.Equal(SheetCommands.FileProblem, missing.ExitCode);
        Assert.Equal("okrbot import: no such file: /nonexistent/okrs.xlsx", missing.Output.Trim());
    }
}
