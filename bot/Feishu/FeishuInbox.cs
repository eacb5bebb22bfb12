using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Channels.Feishu;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// The accepted events waiting for their turn (messages, chats opened, the bot added to a group), processed one at a time
/// after the callback was answered. The queue holds only event ids; the events themselves are in the database
/// (<see cref="FeishuEventLog"/>), so the ones a stopped process did not get to are picked up again when it starts (see
/// docs/decisions/0012-feishu-events.md); one that failed otherwise stays pending for the next start too. Rows of processed
/// events are deleted after <see cref="KeepProcessed"/>: long after Feishu's last repeat.
/// </summary>
/// <remarks>
/// An answer Feishu throttled or could not take just then (429, 5xx, no answer, a dropped connection) is tried again after
/// the wait Feishu named or a growing backoff, up to <see cref="MaxSendAttempts"/> times, under the same uuid, so Feishu shows
/// it once; then the event is given up. While the store is away an event is tried again after a backoff for as long as it
/// takes (docs/decisions/0019-when-the-database-is-away.md), and so is the look for events left pending at start-up.
/// </remarks>
public sealed partial class FeishuInbox(FeishuEventLog events, IServiceProvider services, TimeProvider clock, ILogger<FeishuInbox> logger)
    : BackgroundService
{
    /// <summary>Feishu repeats an unanswered event for a few hours at most; its id is kept well beyond that to spot repeats.</summary>
    public static readonly TimeSpan KeepProcessed = TimeSpan.FromDays(3);

    private static readonly TimeSpan CleanupEvery = TimeSpan.FromHours(1);

    /// <summary>Tries of one answer, the first included, before the event is given up.</summary>
    public const int MaxSendAttempts = 6;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(1);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, int> _tries = new(StringComparer.Ordinal);

    public void Post(string eventId) => _queue.Writer.TryWrite(eventId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var cleanup = new PeriodicTimer(CleanupEvery, clock);
        _ = CleanUpEveryHourAsync(cleanup, stoppingToken);
        _ = RecoverAsync(stoppingToken);
        await foreach (var eventId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Posted twice (recovered at start and posted by the endpoint): the second finds nothing pending.
                if (await events.PendingPayloadAsync(eventId, stoppingToken) is not { } payload) continue;
                var outcome = JsonNode.Parse(payload) is JsonObject callback ? await DispatchAsync(callback, eventId, stoppingToken) : null;
                if (outcome is { Kind: FeishuOutcomeKind.Throttled or FeishuOutcomeKind.Transient })
                {
                    var tries = Tried(eventId);
                    if (tries < MaxSendAttempts)
                    {
                        var wait = outcome.RetryAfter is { } after && after > TimeSpan.Zero ? Min(after, LongestRetry) : Backoff(tries);
                        LogAnswerRetried(eventId, outcome.Kind, wait);
                        RetryLater(eventId, wait, stoppingToken);
                        continue;
                    }
                    LogAnswerGivenUp(eventId, tries);
                }
                await events.MarkProcessedAsync(eventId, stoppingToken);
                _tries.TryRemove(eventId, out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (StoreFailures.IsUnavailable(ex))
            {
                // The event is safe in the store; when the store is back, so is the work.
                var wait = Backoff(Tried(eventId));
                LogStoreAway(eventId, wait, ex.Message);
                RetryLater(eventId, wait, stoppingToken);
            }
            catch (Exception ex)
            {
                // Left pending: the next start tries it again (the reply's uuid keeps Feishu from showing it twice).
                _tries.TryRemove(eventId, out _);
                LogFailed(ex, eventId);
            }
        }
    }

    /// <summary>Does what the event asks; how sending its answer went, or null when it needs none.</summary>
    private Task<FeishuOutcome?> DispatchAsync(JsonObject callback, string eventId, CancellationToken ct)
    {
        var turns = services.GetRequiredService<FeishuTurns>();
        return FeishuEventsEndpoint.Text(callback["header"], "event_type") switch
        {
            FeishuEventProcessor.ChatEntered => turns.ChatEnteredAsync(callback, eventId, ct),
            FeishuEventProcessor.BotAdded => turns.BotAddedAsync(callback, eventId, ct),
            _ => turns.MessageAsync(callback, eventId, ct),
        };
    }

    /// <summary>Deletes the rows of events processed more than <see cref="KeepProcessed"/> ago, at start and then every hour.</summary>
    private async Task CleanUpEveryHourAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            do
            {
                try
                {
                    var removed = await events.ForgetProcessedBeforeAsync(clock.GetUtcNow() - KeepProcessed, ct);
                    if (removed > 0) LogCleanedUp(removed);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCleanupFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Queues the events a stopped process left pending, trying again while the store is away.</summary>
    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                foreach (var pending in await events.PendingAsync(stoppingToken))
                {
                    LogRecovered(pending);
                    _queue.Writer.TryWrite(pending);
                }
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRecoveryFailed(ex, Backoff(attempt));
            }

            try
            {
                await Task.Delay(Backoff(attempt), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Counts one more try of the event and returns how many there were.</summary>
    private int Tried(string eventId) => _tries.AddOrUpdate(eventId, 1, (_, n) => n + 1);

    private void RetryLater(string eventId, TimeSpan wait, CancellationToken stoppingToken) => _ = Task.Run(async () =>
    {
        try
        {
            await Task.Delay(wait, clock, stoppingToken);
            Post(eventId);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the event stays pending and the next start picks it up.
        }
    }, CancellationToken.None);

    /// <summary>2 s, 4 s, 8 s ... up to a minute.</summary>
    private static TimeSpan Backoff(int tries) => Min(FirstRetry * Math.Pow(2, Math.Min(Math.Max(tries - 1, 0), 10)), LongestRetry);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Information, "Picked up Feishu event {EventId}, accepted before the last stop")]
    private partial void LogRecovered(string eventId);

    [LoggerMessage(LogLevel.Warning, "Could not look for Feishu events left pending; trying again in {Wait}")]
    private partial void LogRecoveryFailed(Exception ex, TimeSpan wait);

    [LoggerMessage(LogLevel.Information, "The answer to Feishu event {EventId} was not sent ({Kind}); trying again in {Wait}")]
    private partial void LogAnswerRetried(string eventId, FeishuOutcomeKind kind, TimeSpan wait);

    [LoggerMessage(LogLevel.Error, "The answer to Feishu event {EventId} could not be sent in {Attempts} tries; given up")]
    private partial void LogAnswerGivenUp(string eventId, int attempts);

    [LoggerMessage(LogLevel.Warning, "Feishu event {EventId} waits for the store, trying again in {Wait}: {Reason}")]
    private partial void LogStoreAway(string eventId, TimeSpan wait, string reason);

    [LoggerMessage(LogLevel.Error, "Feishu event {EventId} failed; it stays pending until the next start")]
    private partial void LogFailed(Exception ex, string eventId);

    [LoggerMessage(LogLevel.Information, "Forgot {Count} Feishu events processed long ago")]
    private partial void LogCleanedUp(int count);

    [LoggerMessage(LogLevel.Warning, "Could not clean up processed Feishu events")]
    private partial void LogCleanupFailed(Exception ex);
}
