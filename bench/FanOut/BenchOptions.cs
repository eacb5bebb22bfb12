using System.Globalization;

namespace OkrBot.Bench.FanOut;

/// <summary>The command line: what to send, how fast the fake connector lets it through, how many dispatcher nodes.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        OkrBot fan-out benchmark: the real delivery dispatcher sends check-in prompts to a local fake Bot Connector that
        enforces the Teams per-tenant limit (sliding 1-second window, 429 + Retry-After: 1 beyond it).

        Options:
          --prompts N      check-in prompts to send, one per person (default 5000)
          --limit R        the tenant's limit in messages per second, at the connector and in the dispatcher (default 50)
          --nodes K        dispatcher nodes on the same database, sharing the rate limiter (default 1)
          --unthrottled    no limit at the connector, and the dispatcher's limit raised so it is not the bottleneck
          --vs-botbuilder  unthrottled (10,000 prompts unless --prompts says otherwise), then the same card to the same
                           conversations, as many in flight as the dispatcher sends (16), from the official Bot Framework
                           SDK for JavaScript (botbuilder, continueConversationAsync) and from a bare .NET HttpClient loop;
                           goal: the dispatcher at least 5x botbuilder's messages/s
          --timeout S      give up after S seconds of dispatching (default: 3 x the ideal time + 60)
          --probe          also time each content render (a decorator around the real content) and count the SQL
                           commands by table family (Npgsql's activity source)
          --content C      okr (default): the real OkrDeliveryContent, which reads each person's KRs when sending;
                           static: diagnostic, one real CheckInCardView read once and reused (no SQL per render)
          --set KEY=VALUE  any node setting, e.g. --set Delivery:Dispatcher:BatchSize=100 (repeatable; wins over the above)
          --verbose        the product's own logs at Information (default Warning)
          --json           machine-readable result on stdout (progress goes to stderr)
          -h, --help       this text
        """;

    public int Prompts { get; init; } = 5000;
    public int Limit { get; init; } = 50;
    public int Nodes { get; init; } = 1;
    public bool Unthrottled { get; init; }
    public bool VsBotbuilder { get; init; }
    public TimeSpan? Timeout { get; init; }
    public bool Probe { get; init; }
    public bool StaticContent { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];
    public bool Verbose { get; init; }
    public bool Json { get; init; }

    /// <summary>The goal of the issue: at least this fraction of the limit, as achieved rate.</summary>
    public const double RequiredFraction = 0.95;

    /// <summary>The goal of the unthrottled comparison: the dispatcher's messages/s at least this multiple of botbuilder's.</summary>
    public const double BotbuilderMultipleGoal = 5.0;

    /// <summary>
    /// The dispatcher's send rate: as production sets it for a messenger that publishes <see cref="Limit"/> (the product's
    /// share of it, RateLimits.PublishedLimitShare), or far above anything reachable when unthrottled.
    /// </summary>
    public double DispatcherLimit => Unthrottled ? 100_000 : Limit * OkrBot.Core.Deliveries.RateLimits.PublishedLimitShare;

    public TimeSpan EffectiveTimeout => Timeout ?? (Unthrottled
        ? TimeSpan.FromSeconds(300)
        : TimeSpan.FromSeconds(3.0 * Prompts / Limit + 60));

    /// <summary>Parsed options, or null with <paramref name="error"/> set (empty error: help was asked for).</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new BenchOptions();
        var promptsGiven = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value");
            promptsGiven |= arg == "--prompts";
            try
            {
                options = arg switch
                {
                    "--prompts" => options with { Prompts = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--limit" => options with { Limit = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--nodes" => options with { Nodes = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--timeout" => options with { Timeout = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)) },
                    "--unthrottled" => options with { Unthrottled = true },
                    "--vs-botbuilder" => options with { Unthrottled = true, VsBotbuilder = true },
                    "--probe" => options with { Probe = true },
                    "--content" => Value() switch
                    {
                        "okr" => options with { StaticContent = false },
                        "static" => options with { StaticContent = true },
                        var other => throw new FormatException($"--content takes okr or static, not {other}"),
                    },
                    "--set" => Value().Split('=', 2) is [var key, var value] && key.Trim().Length > 0
                        ? options with { Settings = [.. options.Settings, new(key.Trim(), value)] }
                        : throw new FormatException("--set takes KEY=VALUE"),
                    "--verbose" => options with { Verbose = true },
                    "--json" => options with { Json = true },
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

        if (options.VsBotbuilder && !promptsGiven) options = options with { Prompts = 10_000 };
        error = options switch
        {
            { Prompts: < 1 or > 1_000_000 } => "--prompts must be between 1 and 1,000,000",
            { Limit: < 1 or > 10_000 } => "--limit must be between 1 and 10,000",
            { Nodes: < 1 or > 16 } => "--nodes must be between 1 and 16",
            { Timeout: { } t } when t <= TimeSpan.Zero => "--timeout must be positive",
            _ => null,
        };
        return error is null ? options : null;
    }
}
