using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// The accepted events waiting for their turn (messages, chats opened, the bot added to a group), processed one at a time
/// after the callback was answered. The queue holds only event ids; the events themselves are in the database
/// (<see cref="FeishuEventLog"/>), so the ones a stopped process did not get to are picked up again when it starts (see
/// docs/decisions/0012-feishu-events.md); one that failed stays pending for the next start too. Rows of processed events are
/// deleted after <see cref="KeepProcessed"/>: long after Feishu's last repeat.
/// </summary>
public sealed partial class FeishuInbox(FeishuEventLog events, IServiceProvider services, TimeProvider clock, ILogger<FeishuInbox> logger)
    : BackgroundService
{
    /// <summary>Feishu repeats an unanswered event for a few hours at most; its id is kept well beyond that to spot repeats.</summary>
    public static readonly TimeSpan KeepProcessed = TimeSpan.FromDays(3);

    private static readonly TimeSpan CleanupEvery = TimeSpan.FromHours(1);

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(string eventId) => _queue.Writer.TryWrite(eventId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var cleanup = new PeriodicTimer(CleanupEvery, clock);
        _ = CleanUpEveryHourAsync(cleanup, stoppingToken);

        try
        {
            foreach (var pending in await events.PendingAsync(stoppingToken))
            {
                LogRecovered(pending);
                _queue.Writer.TryWrite(pending);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecoveryFailed(ex);
        }

        await foreach (var eventId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Posted twice (recovered at start and posted by the endpoint): the second finds nothing pending.
                if (await events.PendingPayloadAsync(eventId, stoppingToken) is not { } payload) continue;
                if (JsonNode.Parse(payload) is JsonObject callback) await DispatchAsync(callback, eventId, stoppingToken);
                await events.MarkProcessedAsync(eventId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Left pending: the next start tries it again (the reply's uuid keeps Feishu from showing it twice).
                LogFailed(ex, eventId);
            }
        }
    }

    private Task DispatchAsync(JsonObject callback, string eventId, CancellationToken ct)
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

    [LoggerMessage(LogLevel.Information, "Picked up Feishu event {EventId}, accepted before the last stop")]
    private partial void LogRecovered(string eventId);

    [LoggerMessage(LogLevel.Warning, "Could not look for Feishu events left pending")]
    private partial void LogRecoveryFailed(Exception ex);

    [LoggerMessage(LogLevel.Error, "Feishu event {EventId} failed; it stays pending until the next start")]
    private partial void LogFailed(Exception ex, string eventId);

    [LoggerMessage(LogLevel.Information, "Forgot {Count} Feishu events processed long ago")]
    private partial void LogCleanedUp(int count);

    [LoggerMessage(LogLevel.Warning, "Could not clean up processed Feishu events")]
    private partial void LogCleanupFailed(Exception ex);
}
