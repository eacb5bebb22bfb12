using System.Globalization;

namespace OkrBot.Bench.Inbound;

/// <summary>
/// Certificates, the local Bot Framework, the store, then for each server: start it on the server core, warm it up, run
/// wrk at each connection count a few times, read its peak memory, stop it. Then the report.
/// </summary>
internal static class InboundRun
{
    public static async Task<InboundReport> RunAsync(InboundOptions options)
    {
        var say = options.Json ? Console.Error : Console.Out;
        var repo = RepositoryRoot();
        int? serverCore = options.Pin ? options.ServerCore : null;
        int? loadCore = options.Pin ? options.LoadCore : null;
        // This process hosts the fake connector and the issuer, and starts PostgreSQL and wrk: all on the load core.
        if (loadCore is { } own) Pinning.Pin(Environment.ProcessId, own);
        var loadAtStart = InboundReport.LoadNow();

        var work = Directory.CreateTempSubdirectory("okrbot-inbound-").FullName;
        try
        {
            using var certificates = BenchCertificates.Create(work);
            await using var botFramework = await LocalBotFramework.StartAsync(certificates);
            var store = await InboundStore.CreateAsync();
            if (serverCore is { } dbCore && !options.DatabaseOnLoadCore) await store.PinAsync(dbCore);
            var botId = "28:" + botFramework.AppId;
            var people = await store.SeedAsync(options.People, botFramework.ServiceUrl, botId);
            var week = InboundStore.ThisWeek();
            var database = await store.ServerPidAsync();
            // A fresh file for every wrk run: everyone's card, then everyone's second, with values no earlier run sent. Going
            // round them in turn, each request changes the person's check-ins (as someone correcting their numbers would),
            // never a replay, which OkrBot records once and does not write again; wrk starts each run at the first line.
            var laps = 0;
            async Task<string> BodiesAsync()
            {
                var file = Path.Combine(work, "activities.jsonl");
                var first = 2 * laps++;
                await File.WriteAllLinesAsync(file, new[] { first, first + 1 }.SelectMany(variant =>
                    people.Select(p => CheckInActivity.For(p, week, botFramework.ServiceUrl, store.TenantId, botId, variant))));
                return file;
            }
            say.WriteLine($"Inbound: {options.People:N0} people with 3 KRs each, check-ins for the week of {week:yyyy-MM-dd}; " +
                          $"connector {botFramework.ServiceUrl}, issuer {botFramework.IssuerBase}; " +
                          (options.Pin ? $"servers on core {options.ServerCore}, wrk + connector on core {options.LoadCore}, PostgreSQL on core {(options.DatabaseOnLoadCore ? options.LoadCore : options.ServerCore)}" : "nothing pinned"));

            var measures = new List<RunMeasure>();
            var servers = new List<ServerSummary>();
            foreach (var target in options.Targets)
            {
                var port = ServerProcess.FreePort();
                await using var server = Start(target, port, repo, botFramework, store, certificates, serverCore, work, options);
                await server.WaitReadyAsync(target == Target.OkrBot ? "/healthz" : "/", TimeSpan.FromSeconds(120));
                say.WriteLine($"{Target.Describe(target)}: pid {server.Pid} on core(s) {server.Affinity}, port {port}");
                var tokenFile = target == Target.Peer ? null : Path.Combine(work, "token.txt");

                if (options.WarmupSeconds > 0)
                {
                    if (tokenFile is not null) await File.WriteAllTextAsync(tokenFile, botFramework.ChannelToken() + "\n");
                    var warm = await Wrk.RunAsync(server.BaseUrl, options.Connections[0], options.WarmupSeconds, await BodiesAsync(), tokenFile, loadCore);
                    say.WriteLine($"  warm-up {options.WarmupSeconds} s at {options.Connections[0]} connections: {warm.RequestsPerSecond:N0} req/s, {warm.Errors} errors");
                    await QuietAsync(botFramework);
                }

                for (var run = 1; run <= options.Runs; run++)
                {
                    foreach (var connections in options.Connections)
                    {
                        if (server.HasExited) throw new InvalidOperationException($"{target} exited during the benchmark; its log: {server.LogFile}\n{server.Tail()}");
                        if (tokenFile is not null) await File.WriteAllTextAsync(tokenFile, botFramework.ChannelToken() + "\n");
                        var connectorBefore = botFramework.Counts;
                        long? writesBefore = target == Target.OkrBot ? await store.CheckInWritesAsync() : null;
                        var (cpuBefore, databaseBefore, coresBefore) = (server.CpuTime, Pinning.TreeCpuTime(database), Pinning.CoreTimes());
                        var result = await Wrk.RunAsync(server.BaseUrl, connections, options.DurationSeconds, await BodiesAsync(), tokenFile, loadCore);
                        var (cpuAfter, databaseAfter, coresAfter) = (server.CpuTime, Pinning.TreeCpuTime(database), Pinning.CoreTimes());
                        await QuietAsync(botFramework);
                        var connector = botFramework.Counts - connectorBefore;
                        long? writes = writesBefore is { } w ? await store.CheckInWritesAsync() - w : null;
                        var measure = new RunMeasure(target, connections, run, result, connector, writes,
                            (cpuAfter - cpuBefore).TotalMilliseconds, (databaseAfter - databaseBefore).TotalMilliseconds,
                            options.Pin ? Pinning.Busy(coresBefore, coresAfter, options.ServerCore) : null,
                            options.Pin ? Pinning.Busy(coresBefore, coresAfter, options.LoadCore) : null);
                        measures.Add(measure);
                        var written = writes is { } n ? string.Create(CultureInfo.InvariantCulture, $"  check-ins written {n:N0}") : "";
                        say.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  run {run}, {connections,3} connections: {result.RequestsPerSecond,8:N0} req/s  p50 {result.P50Us / 1000.0,7:0.0} ms  p99 {result.P99Us / 1000.0,7:0.0} ms  errors {result.Errors}  replies {connector.Activities:N0}{written}"));
                    }
                }

                servers.Add(new ServerSummary(target, server.PeakResidentBytes, server.WarningLines - server.CutOffRequests, server.CutOffRequests, server.LogFile));
            }

            return InboundReport.From(options, measures, servers, botFramework.Counts, loadAtStart);
        }
        finally
        {
            // The servers' logs are worth a look after a failed run; everything else goes.
            foreach (var file in Directory.EnumerateFiles(work).Where(f => !f.EndsWith(".log", StringComparison.Ordinal)))
                File.Delete(file);
        }
    }

    private static ServerProcess Start(string target, int port, string repo, LocalBotFramework botFramework, InboundStore store,
        BenchCertificates certificates, int? core, string work, InboundOptions options)
    {
        var echo = options.Verbose;
        var url = $"http://127.0.0.1:{port}";
        switch (target)
        {
            case Target.OkrBot:
            {
                var bin = options.OkrBotBin ?? Path.Combine(repo, "bot", "bin", "Release", "net10.0");
                // --set: any other setting, on the command line, where it wins over the environment and appsettings.json.
                string[] args = [Path.Combine(bin, "OkrBot.Bot.dll"), $"--Urls={url}", .. options.Settings.Select(s => $"--{s.Key}={s.Value}")];
                return ServerProcess.Start(target, "dotnet", args, With(options, new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                    ["Storage__Provider"] = "Postgres",
                    ["Storage__ConnectionString"] = store.BotConnectionString,
                    ["Teams__AppId"] = botFramework.AppId,
                    ["Teams__AppSecret"] = botFramework.AppSecret,
                    ["Teams__BotFrameworkOpenIdMetadataUrl"] = botFramework.OpenIdMetadataUrl,
                    ["Teams__EntraOpenIdMetadataUrl"] = botFramework.EntraMetadataUrl,
                    ["Teams__TokenEndpoint"] = botFramework.TokenEndpoint,
                    // The fake connector is on this machine: named, so the bot's token may go there (https only).
                    ["Teams__AllowedServiceUrlHosts__0"] = "127.0.0.1",
                    // A web node: the rhythm (prompts at people's local times) runs on a worker; it would message these people.
                    ["Rhythm__Enabled"] = "false",
                    ["SSL_CERT_FILE"] = certificates.BundleFile,
                }), bin, port, core, work, echo);
            }
            case Target.Peer:
            {
                var dir = Path.Combine(repo, "bench", "botbuilder");
                return ServerProcess.Start(target, "node", [Path.Combine(dir, "peer-bot.js"), port.ToString(CultureInfo.InvariantCulture)],
                    With(options, new Dictionary<string, string> { ["NODE_ENV"] = "production", ["NODE_EXTRA_CA_CERTS"] = certificates.CaFile }),
                    dir, port, core, work, echo);
            }
            case Target.Ceiling:
            {
                var bin = Path.Combine(repo, "bench", "Ceiling", "bin", "Release", "net10.0");
                return ServerProcess.Start(target, "dotnet", [Path.Combine(bin, "OkrBot.Bench.Ceiling.dll"), "--urls", url],
                    With(options, new Dictionary<string, string>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Production",
                        ["DOTNET_ENVIRONMENT"] = "Production",
                        ["SSL_CERT_FILE"] = certificates.BundleFile,
                    }), bin, port, core, work, echo);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, "unknown target");
        }
    }

    /// <summary>The server's environment, with what --env adds ("{name}" in a value becomes the server's name).</summary>
    private static Dictionary<string, string> With(InboundOptions options, Dictionary<string, string> environment)
    {
        foreach (var (key, value) in options.Environment) environment[key] = value;
        return environment;
    }

    /// <summary>Waits until the connector has seen no new activity for a moment: the replies of requests wrk cut off are in.</summary>
    private static async Task QuietAsync(LocalBotFramework botFramework)
    {
        var last = botFramework.Counts.Activities;
        for (var i = 0; i < 50; i++)
        {
            await Task.Delay(200);
            var now = botFramework.Counts.Activities;
            if (now == last) return;
            last = now;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OkrBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run this from the repository (bench/inbound.sh): OkrBot.sln was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One wrk run against one server.</summary>
/// <param name="Connector">What reached the fake connector during the run (and until it went quiet after).</param>
/// <param name="CheckInWrites">OkrBot only: check-in rows written (created or amended) during the run.</param>
/// <param name="ServerCpuMs">CPU time the server process used during the run.</param>
/// <param name="DatabaseCpuMs">CPU time PostgreSQL (all its processes) used during the run.</param>
/// <param name="ServerCoreBusy">How busy the server core was (0-1), whatever ran there.</param>
/// <param name="LoadCoreBusy">How busy the load core was (wrk, the connector, and whatever else ran there).</param>
public sealed record RunMeasure(
    string Target, int Connections, int Run, WrkResult Wrk, ConnectorCounts Connector, long? CheckInWrites, double ServerCpuMs, double DatabaseCpuMs,
    double? ServerCoreBusy, double? LoadCoreBusy);

/// <param name="PeakResidentBytes">VmHWM of the server process at the end of its runs.</param>
/// <param name="WarningLines">Warnings and errors in its log, besides the cut-off requests.</param>
/// <param name="CutOffRequests">Requests wrk cut off when a run ended (their body ended early).</param>
public sealed record ServerSummary(string Target, long? PeakResidentBytes, int WarningLines, int CutOffRequests, string LogFile);
