using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Bench.FanOut;

/// <summary>One reference sender's result, measured at the fake connector as the dispatcher's is.</summary>
/// <param name="Rate">Accepted messages / (last accept - first accept).</param>
public sealed record ReferenceRun(string Name, string What, int Accepted, double SpanSeconds, double Rate, int Lost, int Duplicated, string? Problem);

/// <summary>
/// <c>--vs-botbuilder</c>: the same fan-out (the same check-in card, to the same conversations, the same number of sends
/// in flight) sent by the official Bot Framework SDK for JavaScript (<c>bench/botbuilder/fanout-sender.js</c>:
/// CloudAdapter.continueConversationAsync, anonymous) and by a bare .NET HttpClient loop, each to a fresh unlimited fake
/// connector. Neither reads or writes a database: they send one card made once, where the dispatcher claims rows, reads
/// each person's KRs, renders their own card and records every outcome.
/// </summary>
internal static class PeerFanOut
{
    /// <summary>The card: the real CheckInCardView of the first seeded person, rendered by the real Teams sender.</summary>
    public static async Task<JsonObject> CardAsync(BenchStore store)
    {
        await using var db = store.Database.Open();
        var person = await db.People.AsNoTracking().OrderBy(p => p.ExternalId).FirstAsync(p => p.TenantId == store.TenantId);
        var list = await new OkrQueryService(store.Database, TimeProvider.System).ForPersonAsync(new Actor(person.TenantId, person.Id), person.Id);
        if (list.Error is { } error) throw new InvalidOperationException($"No check-in card for the peer: {error.Message}");
        return TeamsChannelSender.Message(CheckInCardView.For(person.Locale, person.Id, person.DisplayName, list.Value!));
    }

    public static async Task<ReferenceRun> BotbuilderAsync(IReadOnlyList<string> conversations, JsonObject card, int concurrency, TextWriter say)
    {
        var script = Path.Combine(RepositoryRoot(), "bench", "botbuilder", "fanout-sender.js");
        await using var connector = await FakeBotConnector.StartAsync(null, conversations.ToDictionary(c => c, _ => BenchStore.TenantExternalId));
        var job = Path.Combine(Path.GetTempPath(), $"okrbot-fanout-botbuilder-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(job, new JsonObject
        {
            ["serviceUrl"] = connector.ServiceUrl,
            ["tenantId"] = BenchStore.TenantExternalId,
            ["concurrency"] = concurrency,
            ["conversations"] = new JsonArray([.. conversations.Select(c => (JsonNode)c)]),
            ["activity"] = card.DeepClone(),
        }.ToJsonString());
        try
        {
            say.WriteLine($"botbuilder: {conversations.Count:N0} cards through continueConversationAsync, {concurrency} at a time");
            var start = new ProcessStartInfo("node", [script, job]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            var problem = node.ExitCode == 0 ? null : $"fanout-sender.js exited {node.ExitCode}: {(await errors).Trim()}";
            if (problem is null && JsonNode.Parse((await output).Trim().Split('\n')[^1]) is JsonObject result && (int?)result["failed"] is > 0 and var failed)
                problem = $"{failed} sends failed: {result["errors"]?.ToJsonString()}";
            return Measure("botbuilder", "botbuilder 4.23 CloudAdapter.continueConversationAsync (Node), one card made once", connector, conversations, problem);
        }
        finally
        {
            File.Delete(job);
        }
    }

    public static async Task<ReferenceRun> HttpClientLoopAsync(IReadOnlyList<string> conversations, JsonObject card, int concurrency, TextWriter say)
    {
        await using var connector = await FakeBotConnector.StartAsync(null, conversations.ToDictionary(c => c, _ => BenchStore.TenantExternalId));
        say.WriteLine($"HttpClient loop: {conversations.Count:N0} cards, {concurrency} at a time");
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(connector.ServiceUrl) };
        var body = Encoding.UTF8.GetBytes(card.ToJsonString());
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < conversations.Count)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await http.PostAsync($"v3/conversations/{Uri.EscapeDataString(conversations[i])}/activities", content);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        }));
        return Measure("HttpClient loop", "bare .NET HttpClient POSTs of the same card", connector, conversations,
            failures > 0 ? $"{failures} sends failed" : null);
    }

    private static ReferenceRun Measure(string name, string what, FakeBotConnector connector, IReadOnlyList<string> conversations, string? problem)
    {
        var times = connector.AcceptedTimestamps.Order().ToList();
        var span = times.Count > 1 ? Stopwatch.GetElapsedTime(times[0], times[^1]).TotalSeconds : 0;
        var byConversation = connector.AcceptedByConversation;
        return new ReferenceRun(name, what, times.Count, span, span > 0 ? times.Count / span : 0,
            conversations.Count(c => byConversation.GetValueOrDefault(c) == 0),
            conversations.Sum(c => Math.Max(0, byConversation.GetValueOrDefault(c) - 1)), problem);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OkrBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("OkrBot.sln not found above " + AppContext.BaseDirectory);
    }
}
