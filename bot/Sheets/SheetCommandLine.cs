namespace OkrBot.Bot.Sheets;

public enum SheetVerb { Import, Export }

/// <summary>One sheet command as given on the command line. Settings (<c>--Storage:Provider=Postgres</c>) pass through.</summary>
public sealed record SheetCommand(SheetVerb Verb, string Tenant)
{
    public string? File { get; init; }
    public string? Cycle { get; init; }
    public string? Worksheet { get; init; }
    public bool DryRun { get; init; }
    public string? Out { get; init; }
    public string? Language { get; init; }
    public bool Verbose { get; init; }
    /// <summary>What goes to the configuration, as the bot's own command line would (<c>--Section:Key=value</c>).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];
}

/// <summary>Reads <c>import</c> and <c>export</c> command lines; anything it does not know is a usage error, never ignored.</summary>
public static class SheetCommandLine
{
    public const string Usage = """
        Import or export the OKRs of a cycle as a spreadsheet (.csv or .xlsx).

          import <file.csv|file.xlsx> --tenant <name or id> [--cycle <name>] [--sheet <worksheet>] [--dry-run]
          export --tenant <name or id> [--cycle <name>] --out <file.csv|file.xlsx> [--lang en|zh]

          --tenant    the organisation: its name, its id, or its Teams tenant id / Feishu tenant_key
          --cycle     import: the cycle of rows whose Cycle cell is empty (or of a sheet without that column);
                      export: the cycle to write (default: the one active today)
          --sheet     the worksheet of an .xlsx to read (default: the first visible one)
          --dry-run   check every row and say what would change; change nothing
          --out       where to write the export; .xlsx or .csv (UTF-8 with BOM)
          --lang      the export's headers and kinds: en or zh (default: the organisation's language)
          --verbose   on an unexpected failure, print the whole exception

        Storage settings are the bot's: bot/appsettings.json, environment variables (Storage__Provider,
        Storage__ConnectionString) or --Storage:Provider=Postgres --Storage:ConnectionString="Host=...".
        Exit codes: 0 done, 1 the sheet has problems (nothing changed), 2 wrong command line, 3 file missing or
        unreadable, 4 unknown organisation or cycle, 5 store unreachable or busy, 78 bad setting.
        """;

    /// <summary>Whether <paramref name="args"/> ask for a sheet command rather than the bot.</summary>
    public static bool IsSheetCommand(string[] args) => args.Length > 0 && args[0] is "import" or "export";

    /// <summary>The command, or what is wrong with the command line (help is the usage, and no error).</summary>
    public static (SheetCommand? Command, string? Error, bool Help) Parse(string[] args)
    {
        var verb = args[0] == "import" ? SheetVerb.Import : SheetVerb.Export;
        string? file = null, tenant = null, cycle = null, sheet = null, output = null, language = null;
        bool dryRun = false, verbose = false;
        var settings = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            var (name, inline) = arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            switch (name)
            {
                case "--help" or "-h": return (null, null, true);
                case "--dry-run" when verb == SheetVerb.Import: dryRun = true; break;
                case "--verbose": verbose = true; break;
                case "--tenant": if (!Value(ref tenant)) return Missing(); break;
                case "--cycle": if (!Value(ref cycle)) return Missing(); break;
                case "--sheet" when verb == SheetVerb.Import: if (!Value(ref sheet)) return Missing(); break;
                case "--out" when verb == SheetVerb.Export: if (!Value(ref output)) return Missing(); break;
                case "--lang" when verb == SheetVerb.Export: if (!Value(ref language)) return Missing(); break;
                // A setting of the bot's (--Storage:Provider=Postgres or --Storage:Provider Postgres).
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains(':'):
                    settings.Add(arg);
                    if (inline is null && i + 1 < args.Length) settings.Add(args[++i]);
                    break;
                case var option when option.StartsWith('-'):
                    return (null, $"{args[0]} does not take {option}.", false);
                default:
                    if (verb == SheetVerb.Export || file is not null) return (null, $"unexpected \"{arg}\".", false);
                    file = arg;
                    break;
            }

            bool Value(ref string? target)
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                if (string.IsNullOrWhiteSpace(value) || (inline is null && value.StartsWith("--", StringComparison.Ordinal))) return false;
                target = value;
                return true;
            }
            (SheetCommand?, string?, bool) Missing() => (null, $"{name} needs a value.", false);
        }

        if (verb == SheetVerb.Import && file is null) return (null, "import needs the file to read: import <file.csv|file.xlsx> --tenant <name>.", false);
        if (tenant is null) return (null, $"{args[0]} needs --tenant <name or id>.", false);
        if (verb == SheetVerb.Export && output is null) return (null, "export needs --out <file.csv|file.xlsx>.", false);
        if (language is not null && language.ToLowerInvariant() is not ("en" or "zh")) return (null, "--lang is en or zh.", false);
        return (new SheetCommand(verb, tenant)
        {
            File = file, Cycle = cycle, Worksheet = sheet, DryRun = dryRun, Out = output, Language = language?.ToLowerInvariant(),
            Verbose = verbose, Settings = settings,
        }, null, false);
    }
}
