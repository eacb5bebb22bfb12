using System.Globalization;

namespace OkrBot.Bench.Scale;

/// <summary>The command line of both benchmarks (and of the worker process each measurement runs in).</summary>
public sealed record ScaleOptions
{
    public const string Usage = """
        OkrBot scale benchmarks, over a generated organisation in PostgreSQL (a manager per 8 people, 3 objectives and 9 KRs
        each, 12 weeks of check-ins, 20 time zones), kept between runs.

          digests   time and peak memory to build every manager's digest (the product's digest content, a page of
                    managers at a time), per organisation size
          planning  time to plan the Friday prompts of everyone across 20 time zones (the product's rhythm planner), and
                    how PostgreSQL runs its queries: the "who is due now" page must use its index

        Options:
          --people N[,N...]  organisation sizes (digests default 10000,30000,100000; planning default 100000)
          --page N           digests: managers per page (default 500; the dispatcher's batch is 25, 1 is one at a time)
          --data DIR         where the PostgreSQL cluster and its generated databases are kept (default
                             $OKRBOT_BENCH_DATA or /var/tmp/okrbot-bench; about 0.6 GB per 10,000 people)
          --fresh            generate the organisations again even if a matching one is kept
          --explain          digests: also show how PostgreSQL runs each query of a page (EXPLAIN ANALYZE)
          --plans            planning: print the full plans, not only which scans each query uses
          --quick            planning: only the all-zones run (not the twenty zone-by-zone runs and the quiet minute)
          --json             result as JSON on stdout (progress on stderr)
          -h, --help         this text
        """;

    public required string Command { get; init; }
    public IReadOnlyList<int> People { get; init; } = [];
    public int Page { get; init; } = 500;
    public string Data { get; init; } = Environment.GetEnvironmentVariable("OKRBOT_BENCH_DATA") is { Length: > 0 } d ? d : "/var/tmp/okrbot-bench";
    public bool Fresh { get; init; }
    public bool Explain { get; init; }
    public bool FullPlans { get; init; }
    public bool Quick { get; init; }
    public bool Json { get; init; }
    /// <summary>Worker only: the database to measure.</summary>
    public string? Connection { get; init; }

    /// <summary>Parsed options, or null with <paramref name="error"/> set (empty error: help was asked for).</summary>
    public static ScaleOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var worker = args is ["worker", ..];
        var rest = worker ? args.Skip(1).ToList() : [.. args];
        if (rest is not [var command, ..] || command is not ("digests" or "planning"))
        {
            error = rest is ["-h" or "--help", ..] ? "" : "the first argument is digests or planning";
            return null;
        }

        var options = new ScaleOptions { Command = worker ? "worker " + command : command };
        for (var i = 1; i < rest.Count; i++)
        {
            var arg = rest[i];
            string Value() => i + 1 < rest.Count ? rest[++i] : throw new FormatException($"{arg} needs a value");
            try
            {
                options = arg switch
                {
                    "--people" => options with { People = [.. Value().Split(',').Select(p => int.Parse(p.Replace("_", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture))] },
                    "--page" => options with { Page = int.Parse(Value(), CultureInfo.InvariantCulture) },
                    "--data" => options with { Data = Path.GetFullPath(Value()) },
                    "--fresh" => options with { Fresh = true },
                    "--explain" => options with { Explain = true },
                    "--plans" => options with { FullPlans = true },
                    "--quick" => options with { Quick = true },
                    "--json" => options with { Json = true },
                    "--connection" when worker => options with { Connection = Value() },
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

        if (options.People.Count == 0) options = options with { People = command == "digests" ? [10_000, 30_000, 100_000] : [100_000] };
        error = options switch
        {
            { People: var p } when p.Any(n => n is < 100 or > 1_000_000) => "--people takes sizes between 100 and 1,000,000",
            { Page: < 1 or > 10_000 } => "--page must be between 1 and 10,000",
            { Connection: null } when worker => "a worker needs --connection",
            _ => null,
        };
        return error is null ? options : null;
    }
}
