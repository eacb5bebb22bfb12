using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OkrBot.Bench.FanOut;

/// <summary>
/// A local stand-in for the Bot Connector that behaves like Teams under a fan-out: Kestrel on 127.0.0.1 (a free port),
/// <c>POST /v3/conversations/{id}/activities</c> (and replies, <c>.../activities/{activityId}</c>) answered 201 <c>{"id":"..."}</c>, and the per-app per-tenant limit
/// (PROTOCOLS.md §1) enforced over a sliding one-second window for all conversations of a tenant together: a request
/// that would make more than <c>limit</c> accepted messages within any second is answered 429 with <c>Retry-After: 1</c>
/// and does not count as delivered (nor against the window). Every accepted message is recorded per conversation, so lost
/// and duplicated messages can be counted.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private const string Prefix = "/v3/conversations/";
    private const string Suffix = "/activities";

    private readonly WebApplication _app;
    private readonly int? _limit;
    private readonly IReadOnlyDictionary<string, string> _tenantOf;
    private readonly ConcurrentDictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SlidingWindow> _windows = new(StringComparer.Ordinal);
    private readonly List<long> _acceptedAt = new(capacity: 8192);
    private readonly ConcurrentQueue<long> _early = new();
    private readonly Lock _gate = new();
    private long _throttled, _rejected, _messageIds;

    private FakeBotConnector(WebApplication app, int? limit, IReadOnlyDictionary<string, string> tenantOf)
    {
        _app = app;
        _limit = limit;
        _tenantOf = tenantOf;
    }

    /// <summary>The service URL to store in conversation references: loopback http, as in anonymous mode.</summary>
    public string ServiceUrl { get; private set; } = "";

    /// <summary>Messages accepted so far (201), over all conversations.</summary>
    public int AcceptedCount
    {
        get { lock (_gate) return _acceptedAt.Count; }
    }

    /// <summary>Requests answered 429.</summary>
    public long ThrottledCount => Interlocked.Read(ref _throttled);

    /// <summary>Requests answered 4xx other than 429: an unknown conversation or a body that is not a card message.</summary>
    public long RejectedCount => Interlocked.Read(ref _rejected);

    /// <summary>
    /// For each 429: how much too early the request came (<see cref="Stopwatch"/> ticks), i.e. how long after it the oldest
    /// message in the window would have left it. A few milliseconds means sends spaced exactly at the limit, with jitter.
    /// </summary>
    public IReadOnlyList<long> ThrottledEarlyBy => [.. _early];

    /// <summary>Accepted messages per conversation id.</summary>
    public IReadOnlyDictionary<string, int> AcceptedByConversation => _accepted;

    /// <summary>When each message was accepted (<see cref="Stopwatch"/> timestamps), in order.</summary>
    public IReadOnlyList<long> AcceptedTimestamps
    {
        get { lock (_gate) return [.. _acceptedAt]; }
    }

    /// <param name="limit">Accepted messages per tenant per second; null for no limit.</param>
    /// <param name="tenantOf">The tenant of each conversation the connector knows; others are answered 404.</param>
    public static async Task<FakeBotConnector> StartAsync(int? limit, IReadOnlyDictionary<string, string> tenantOf)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var fake = new FakeBotConnector(app, limit, tenantOf);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.ServiceUrl = $"http://127.0.0.1:{new Uri(address).Port}/";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        // A send (.../activities) or a reply (.../activities/{activityId}): botbuilder's continueConversationAsync replies
        // to the continuation activity it makes up, which Teams accepts as a new message in the conversation.
        var parts = target.StartsWith(Prefix, StringComparison.Ordinal) ? target[Prefix.Length..].Split('/') : [];
        if (context.Request.Method != HttpMethods.Post || parts.Length is not (2 or 3) || parts[0].Length == 0
            || "/" + parts[1] != Suffix || (parts.Length == 3 && parts[2].Length == 0))
        {
            await AnswerErrorAsync(context, 404, "NotFound", "Only POST /v3/conversations/{id}/activities[/{activityId}] is implemented here.");
            return;
        }

        var conversationId = Uri.UnescapeDataString(parts[0]);
        if (!_tenantOf.TryGetValue(conversationId, out var tenant))
        {
            await AnswerErrorAsync(context, 404, "ConversationNotFound", "Unknown conversation.");
            return;
        }

        // A request counts when its headers are in, before its body is read.
        long arrived;
        if (_limit is not { } limit) arrived = Stopwatch.GetTimestamp();
        else if (!_windows.GetOrAdd(tenant, _ => new SlidingWindow(limit, _early)).TryTake(out arrived))
        {
            Interlocked.Increment(ref _throttled);
            context.Response.Headers.RetryAfter = "1";
            await AnswerErrorAsync(context, 429, "Throttled", "Too many requests for this tenant.");
            return;
        }

        // Counted before the body is checked: the window holds the request whatever it carries, as a real endpoint would.
        if (!await IsCardMessageAsync(context.Request))
        {
            await AnswerErrorAsync(context, 400, "BadArgument", "Expected a message activity with an Adaptive Card attachment.");
            return;
        }

        _accepted.AddOrUpdate(conversationId, 1, (_, n) => n + 1);
        lock (_gate) _acceptedAt.Add(arrived);
        context.Response.StatusCode = 201;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync($$"""{"id":"1:{{Interlocked.Increment(ref _messageIds)}}"}""");
    }

    /// <summary>What TeamsChannelSender sends: <c>{"type":"message","attachments":[{"contentType":"...adaptive",...}]}</c>.</summary>
    private static async Task<bool> IsCardMessageAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            var root = body.RootElement;
            return root.TryGetProperty("type", out var type) && type.GetString() == "message"
                && root.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array
                && attachments.GetArrayLength() == 1
                && attachments[0].TryGetProperty("contentType", out var contentType)
                && contentType.GetString() == "application/vnd.microsoft.card.adaptive";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task AnswerErrorAsync(HttpContext context, int status, string code, string message)
    {
        if (status != 429) Interlocked.Increment(ref _rejected);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code, message } }));
    }

    /// <summary>
    /// At most <c>limit</c> takes within any one second: a take at t succeeds when fewer than <c>limit</c> takes happened in
    /// (t - 1 s, t]. Refused takes leave no trace.
    /// </summary>
    private sealed class SlidingWindow(int limit, ConcurrentQueue<long> earlyBy)
    {
        private readonly Queue<long> _taken = new();
        private readonly Lock _gate = new();

        /// <summary>Takes one now, if the window has room; <paramref name="timestamp"/> is now either way.</summary>
        public bool TryTake(out long timestamp)
        {
            lock (_gate)
            {
                // Read under the lock, so the queue stays in time order whatever the threads do.
                timestamp = Stopwatch.GetTimestamp();
                var windowStart = timestamp - Stopwatch.Frequency;
                while (_taken.Count > 0 && _taken.Peek() <= windowStart) _taken.Dequeue();
                if (_taken.Count >= limit)
                {
                    earlyBy.Enqueue(_taken.Peek() - windowStart);
                    return false;
                }

                _taken.Enqueue(timestamp);
                return true;
            }
        }
    }
}
