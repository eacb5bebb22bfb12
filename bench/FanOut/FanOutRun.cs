namespace OkrBot.Bench.FanOut;

/// <summary>Database, fake connector, seed, nodes, watch until every delivery is final, report.</summary>
internal static class FanOutRun
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public static async Task<FanOutReport> RunAsync(BenchOptions options)
    {
        var say = options.Json ? Console.Error : Console.Out;
        say.WriteLine($"Fan-out: {options.Prompts:N0} check-in prompts, {(options.Unthrottled ? "unthrottled" : $"limit {options.Limit}/s")}, {options.Nodes} node(s)");

        var store = await BenchStore.CreateAsync();
        var conversations = Enumerable.Range(0, options.Prompts).Select(i => $"a:bench-{i}").ToList();
        await using var connector = await FakeBotConnector.StartAsync(
            options.Unthrottled ? null : options.Limit, conversations.ToDictionary(c => c, _ => BenchStore.TenantExternalId));
        await store.SeedAsync(options.Prompts, connector.ServiceUrl);
        var enqueued = await store.EnqueuePromptsAsync();
        say.WriteLine($"Seeded {options.Prompts:N0} people with a KR and a Teams 1:1 at {connector.ServiceUrl}; enqueued {enqueued:N0} prompts for week {store.Week}");

        using var sql = options.Probe ? new SqlProbe() : null;
        var nodes = Enumerable.Range(1, options.Nodes)
            .Select(i => DispatcherNode.Create($"bench-node-{i}", store.ConnectionStringFor($"bench-node-{i}"), options))
            .ToList();
        var loadAtStart = FanOutReport.LoadNow();
        var startedAt = TimeProvider.System.GetUtcNow();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var node in nodes) await node.StartAsync();

        var timedOut = false;
        var (lastReport, lastAccepted, lastChecked) = (TimeSpan.Zero, 0, TimeSpan.Zero);
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            if (clock.Elapsed - lastReport >= ProgressEvery)
            {
                var accepted = connector.AcceptedCount;
                var rate = (accepted - lastAccepted) / (clock.Elapsed - lastReport).TotalSeconds;
                say.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0.0} s  sent {accepted,6:N0}/{options.Prompts:N0}  {rate,7:0.0}/s  429s {connector.ThrottledCount:N0}");
                (lastReport, lastAccepted) = (clock.Elapsed, accepted);
            }

            // Once a second is enough for the end, and keeps this watcher's own queries out of the way (and the SQL probe).
            if (clock.Elapsed - lastChecked >= TimeSpan.FromSeconds(1))
            {
                lastChecked = clock.Elapsed;
                if (await store.OpenCountAsync(CancellationToken.None) == 0) break;
            }

            if (clock.Elapsed > options.EffectiveTimeout)
            {
                timedOut = true;
                break;
            }
        }

        await Task.WhenAll(nodes.Select(n => n.StopAsync()));
        sql?.Dispose();
        var summary = await store.SummaryAsync();
        var report = FanOutReport.From(options, connector, conversations, summary, startedAt, timedOut,
            [.. nodes.Select(n => n.Renders).OfType<Timings>()], sql?.ByKind, loadAtStart);
        foreach (var node in nodes) await node.DisposeAsync();
        say.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s on {report.Machine}");
        if (!options.VsBotbuilder) return report;

        // The same card to the same people, as many in flight as the dispatcher keeps (its setting, --set included).
        var concurrency = options.Settings.LastOrDefault(s => s.Key.Equals("Delivery:Dispatcher:MaxConcurrentSends", StringComparison.OrdinalIgnoreCase)) is { Key: not null } set
            ? int.Parse(set.Value, System.Globalization.CultureInfo.InvariantCulture)
            : new OkrBot.Jobs.Delivery.DispatcherOptions().MaxConcurrentSends;
        var card = await PeerFanOut.CardAsync(store);
        var botbuilder = await PeerFanOut.BotbuilderAsync(conversations, card, concurrency, say);
        var httpClient = await PeerFanOut.HttpClientLoopAsync(conversations, card, concurrency, say);
        return report.WithReferences([botbuilder, httpClient], concurrency);
    }
}
