using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using OkrBot.Core;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Core.Sheets;
using OkrBot.Jobs.Hosting;

namespace OkrBot.Bot.Sheets;

/// <summary>
/// <c>import</c> and <c>export</c> on the bot's command line: the OKRs of a cycle to and from a spreadsheet, on the store the
/// bot is configured for. Every failure is one line on stderr and an exit code (the table is in <see cref="SheetCommandLine.Usage"/>).
/// </summary>
public static class SheetCommands
{
    public const int Done = 0, SheetInvalid = 1, WrongCommandLine = 2, FileProblem = 3, NotFound = 4, StoreProblem = 5;

    /// <summary>Runs a sheet command when <paramref name="args"/> ask for one; null when they ask for the bot.</summary>
    public static async Task<int?> TryRunAsync(string[] args) =>
        SheetCommandLine.IsSheetCommand(args)
            ? await RunAsync(args, Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected)
            : null;

    /// <param name="configure">Replaces services after the bot's own are added (the tests' clock).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal,
        Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        var (command, usageError, help) = SheetCommandLine.Parse(args);
        if (help)
        {
            await output.WriteLineAsync(SheetCommandLine.Usage);
            return Done;
        }
        if (command is null)
        {
            await error.WriteLineAsync($"okrbot {args[0]}: {usageError} (--help shows how)");
            return WrongCommandLine;
        }

        try
        {
            await using var services = Services(command, configure);
            var database = services.GetRequiredService<OkrDatabase>();
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (MissingSqliteFile(storage) is { } missing)
                return await Fail(error, command, StoreProblem, $"there is no store at {missing} (Storage:ConnectionString): start the bot once, or point the setting at the bot's store.");
            if (storage.MigrateOnStart) await database.MigrateAsync(ct);

            var tenant = await SheetTenants.FindAsync(database, command.Tenant, ct);
            if (tenant.Error is { } unknown) return await Fail(error, command, NotFound, unknown.Message);

            return command.Verb == SheetVerb.Import
                ? await ImportAsync(command, tenant.Value!, services, output, error, errorIsTerminal, ct)
                : await ExportAsync(command, tenant.Value!, services, output, error, ct);
        }
        catch (SheetFileException e)
        {
            return await Fail(error, command, FileProblem, e.Message);
        }
        catch (Exception e) when (ConfigurationErrors.Explain(e) is { } setting)
        {
            return await Fail(error, command, ConfigurationErrors.ExitCode, setting);
        }
        catch (Exception e) when (StoreFailure(e) is { } store)
        {
            return await Fail(error, command, StoreProblem, $"the store cannot be used: {store}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One line for a person; the whole exception only when they ask for it.
            await error.WriteLineAsync($"okrbot {args[0]}: failed: {e.GetType().Name}: {e.Message}{(command.Verbose ? "" : " (--verbose shows the details)")}");
            if (command.Verbose) await error.WriteLineAsync(e.ToString());
            return StoreProblem;
        }
    }

    private static async Task<int> ImportAsync(SheetCommand command, Tenant tenant, IServiceProvider services,
        TextWriter output, TextWriter error, bool errorIsTerminal, CancellationToken ct)
    {
        var file = command.File!;
        var grid = SheetFiles.Read(CallerPath(file), command.Worksheet);
        var importer = services.GetRequiredService<SheetImporter>();
        var progress = new SheetProgressDisplay(error, errorIsTerminal);
        var result = await importer.ImportAsync(tenant.Id, grid, new SheetImportOptions(command.Cycle, command.DryRun), progress, ct);
        if (result.Error is { } refused)
            return await Fail(error, command, refused.Code == OkrErrorCode.Conflict ? StoreProblem : NotFound, refused.Message);

        var report = result.Value!;
        var name = Path.GetFileName(file);
        foreach (var warning in report.Warnings) await error.WriteLineAsync($"warning: {name}, {warning}");
        if (!report.IsValid)
        {
            await error.WriteLineAsync($"okrbot import: {name} has {Count(report.Problems.Count, "problem")}; nothing was imported:");
            foreach (var problem in report.Problems) await error.WriteLineAsync($"  {problem}");
            return SheetInvalid;
        }

        var where = $"{tenant.Name}, {string.Join(" and ", report.Cycles)}";
        await output.WriteLineAsync(report.DryRun
            ? $"Dry run: {name} is valid ({Count(report.Rows, "row")}). Importing it into {where} would give {Counts(report.Counts, dryRun: true)}. Nothing was changed."
            : $"Imported {name} into {where} ({Count(report.Rows, "row")}): {Counts(report.Counts, dryRun: false)}.");
        return Done;
    }

    private static async Task<int> ExportAsync(SheetCommand command, Tenant tenant, IServiceProvider services,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (SheetFiles.UnsupportedExtension(command.Out!) is { } unsupported) return await Fail(error, command, WrongCommandLine, unsupported);
        var language = command.Language switch { "zh" => SheetLanguage.Chinese, "en" => SheetLanguage.English, _ => (SheetLanguage?)null };
        var exported = await services.GetRequiredService<SheetExporter>().ExportAsync(tenant.Id, command.Cycle, language, ct);
        if (exported.Error is { } refused) return await Fail(error, command, NotFound, refused.Message);

        var table = exported.Value!;
        SheetFiles.Write(table, CallerPath(command.Out!));
        var columns = SheetExporter.Columns.ToList();
        var (keyResultColumn, objectiveColumn, ownerColumn) =
            (columns.IndexOf(SheetColumn.KeyResult), columns.IndexOf(SheetColumn.Objective), columns.IndexOf(SheetColumn.PersonOrTeam));
        var keyResults = table.Rows.Count(r => !string.IsNullOrEmpty(r[keyResultColumn].Text));
        var objectives = table.Rows.Select(r => (r[ownerColumn].Text, r[objectiveColumn].Text)).Distinct().Count();
        await output.WriteLineAsync($"Exported {tenant.Name}, {table.Name}: {Count(objectives, "objective")} and {Count(keyResults, "key result")} to {CallerPath(command.Out!)}.");
        return Done;
    }

    private static ServiceProvider Services(SheetCommand command, Action<IServiceCollection>? configure)
    {
        // The bot's configuration sources, in the bot's order: appsettings.json in the working directory (the content
        // root), the environment, then the command line, so `import` reads the store the bot runs on.
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(CommandLine.Expand([.. command.Settings]))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOkrCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A sheet's path as the person typed it, from the directory they typed it in. `dotnet run --project bot` runs the bot in
    /// bot/ (where its SQLite store and appsettings.json are), but leaves the shell's directory in PWD: "import okrs.xlsx"
    /// means the okrs.xlsx beside the person, not one in bot/.
    /// </summary>
    internal static string CallerPath(string path)
    {
        if (Path.IsPathRooted(path)) return path;
        var shell = Environment.GetEnvironmentVariable("PWD");
        return Path.GetFullPath(path, !string.IsNullOrEmpty(shell) && Directory.Exists(shell) ? shell : Directory.GetCurrentDirectory());
    }

    /// <summary>A SQLite file that is not there: SQLite would create an empty store there, and the import would find nobody.</summary>
    private static string? MissingSqliteFile(StorageOptions storage)
    {
        if (storage.Provider != DatabaseProvider.Sqlite) return null;
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(storage.ConnectionString) ? StorageOptions.DefaultSqliteConnectionString : storage.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:") return null;
        var path = Path.GetFullPath(builder.DataSource);
        return File.Exists(path) ? null : path;
    }

    private static string? StoreFailure(Exception e) => e switch
    {
        NpgsqlException or SqliteException => e.Message,
        TimeoutException => e.Message,
        _ when e.InnerException is { } inner => StoreFailure(inner),
        _ => null,
    };

    private static async Task<int> Fail(TextWriter error, SheetCommand command, int code, string message)
    {
        await error.WriteLineAsync($"okrbot {(command.Verb == SheetVerb.Import ? "import" : "export")}: {message}");
        return code;
    }

    private static string Counts(SheetImportCounts c, bool dryRun)
    {
        var (created, updated) = dryRun ? ("new", "changed") : ("created", "updated");
        return string.Create(CultureInfo.InvariantCulture,
            $"objectives {c.ObjectivesCreated:N0} {created}, {c.ObjectivesUpdated:N0} {updated}, {c.ObjectivesUnchanged:N0} unchanged; " +
            $"key results {c.KeyResultsCreated:N0} {created}, {c.KeyResultsUpdated:N0} {updated}, {c.KeyResultsUnchanged:N0} unchanged");
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");
}
