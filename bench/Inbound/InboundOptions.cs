using System.Globalization;

namespace OkrBot.Bench.Inbound;

/// <summary>Which servers, what load, how many runs, which cores.</summary>
public sealed record InboundOptions
{
    public const string Usage = """
        OkrBot inbound benchmark: wrk POSTs a Teams check-in card submit (a message activity, three KRs) to
        /api/messages of OkrBot (Release, PostgreSQL, the token checked against a local issuer, replies through a local
        fake Bot Connector), of the peer (the official Bot Framework SDK for JavaScript, botbuilder 4.23, CloudAdapter,
        anonymous) and of the ceiling (a bare ASP.NET Core endpoint), and prints a table.

        Options:
          --targets LIST       which servers, in order (default okrbot,peer,ceiling)
          --connections LIST   wrk connections per run (default 32,128)
          --runs N             measured runs per connection count; the table shows their median (default 3)
          --duration S         seconds per measured run (default 15)
          --warmup S           seconds of load before the first measured run of each server (default 90)
          --people N           people who check in, each with three KRs; requests go round them (default 1000)
          --server-core N      the core the server runs on (default 0)
          --load-core N        the core wrk, the fake connector and this program run on (default 1)
          --db-core C          server (default): PostgreSQL shares the server's core; load: it shares the load core
          --no-pin             run nothing pinned (a machine with one core, or to see the difference)
          --set KEY=VALUE      an OkrBot setting, e.g. --set Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command=Information
                               (repeatable; diagnostics: the table then no longer shows the product as configured)
          --env KEY=VALUE      an environment variable for every server, e.g. --env DOTNET_TieredPGO=0 (repeatable; diagnostics)
          --okrbot-bin DIR     where OkrBot.Bot.dll is (default bot/bin/Release/net10.0, as bench/inbound.sh builds it)
          --json               machine-readable result on stdout (progress goes to stderr)
          --verbose            show the servers' own output
          -h, --help           this text
        """;

    public IReadOnlyList<string> Targets { get; init; } = [Target.OkrBot, Target.Peer, Target.Ceiling];
    public IReadOnlyList<int> Connections { get; init; } = [32, 128];
    public int Runs { get; init; } = 3;
    public int DurationSeconds { get; init; } = 15;
    public int WarmupSeconds { get; init; } = 90;
    public int People { get; init; } = 1000;
    public int ServerCore { get; init; }
    public int LoadCore { get; init; } = 1;
    public bool DatabaseOnLoadCore { get; init; }
    public bool Pin { get; init; } = true;
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public string? OkrBotBin { get; init; }
    public bool Json { get; init; }
    public bool Verbose { get; init; }

    /// <summary>Goals of the issue.</summary>
    public const double PeerMultipleGoal = 5.0;
    public const double CeilingFractionGoal = 0.5;
    public const double P99GoalMs = 50;
    public const int P99GoalConnections = 128;

    /// <summary>Parsed options, or null with <paramref name="error"/> set (empty error: help was asked for).</summary>
    public static InboundOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new InboundOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
            try
            {
                options = arg switch
                {
                    "--targets" => options with { Targets = [.. Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] },
                    "--connections" => options with
                    {
                        Connections = [.. Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                            .Select(c => int.Parse(c, NumberStyles.None, CultureInfo.InvariantCulture))],
                    },
                    "--runs" => options with { Runs = Number() },
                    "--duration" => options with { DurationSeconds = Number() },
                    "--warmup" => options with { WarmupSeconds = Number() },
                    "--people" => options with { People = Number() },
                    "--server-core" => options with { ServerCore = Number() },
                    "--load-core" => options with { LoadCore = Number() },
                    "--db-core" => Value() switch
                    {
                        "server" => options with { DatabaseOnLoadCore = false },
                        "load" => options with { DatabaseOnLoadCore = true },
                        var other => throw new FormatException($"--db-core takes server or load, not {other}"),
                    },
                    "--no-pin" => options with { Pin = false },
                    "--set" => Value().Split('=', 2) is [var key, var value] && key.Trim().Length > 0
                        ? options with { Settings = [.. options.Settings, new(key.Trim(), value)] }
                        : throw new FormatException("--set takes KEY=VALUE"),
                    "--env" => Value().Split('=', 2) is [var key, var value] && key.Trim().Length > 0
                        ? options with { Environment = [.. options.Environment, new(key.Trim(), value)] }
                        : throw new FormatException("--env takes KEY=VALUE"),
                    "--okrbot-bin" => options with { OkrBotBin = Path.GetFullPath(Value()) },
                    "--json" => options with { Json = true },
                    "--verbose" => options with { Verbose = true },
                    "-h" or "--help" => null,
                    _ => throw new FormatException($"unknown option {arg}"),
                };
            }
            catch (FormatException e)
            {
                error = e.Message;
                return null;
            }

            if (options is null)
            {
                error = "";
                return null;
            }
        }

        error = options switch
        {
            { Targets.Count: 0 } => "--targets needs at least one of okrbot, peer, ceiling",
            _ when options.Targets.FirstOrDefault(t => !Target.All.Contains(t)) is { } unknown => $"unknown target {unknown} (okrbot, peer, ceiling)",
            _ when options.Targets.Distinct().Count() != options.Targets.Count => "--targets names a server twice",
            { Connections.Count: 0 } => "--connections needs at least one number",
            _ when options.Connections.Any(c => c is < 1 or > 10_000) => "--connections must be between 1 and 10,000",
            { Runs: < 1 or > 20 } => "--runs must be between 1 and 20",
            { DurationSeconds: < 1 or > 3600 } => "--duration must be between 1 and 3,600 seconds",
            { WarmupSeconds: > 3600 } => "--warmup must be at most 3,600 seconds",
            { People: < 1 or > 100_000 } => "--people must be between 1 and 100,000",
            _ when options.Pin && options.ServerCore == options.LoadCore => "--server-core and --load-core must differ (or --no-pin)",
            _ when options.Pin && Math.Max(options.ServerCore, options.LoadCore) >= System.Environment.ProcessorCount =>
                $"this machine has {System.Environment.ProcessorCount} core(s): pin to cores below that, or run with --no-pin",
            _ => null,
        };
        return error is null ? options : null;
    }
}

/// <summary>The servers the benchmark knows.</summary>
public static class Target
{
    public const string OkrBot = "okrbot";
    public const string Peer = "peer";
    public const string Ceiling = "ceiling";
    public static readonly IReadOnlyList<string> All = [OkrBot, Peer, Ceiling];

    public static string Describe(string target) => target switch
    {
        OkrBot => "OkrBot (Release, PostgreSQL, token checked, check-ins recorded, card replaced)",
        Peer => "peer: botbuilder 4.23 CloudAdapter, anonymous (Node)",
        Ceiling => "ceiling: bare ASP.NET Core, deserialize + one reply",
        _ => target,
    };
}
