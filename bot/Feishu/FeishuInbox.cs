using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// The accepted message events waiting for their turn, processed one at a time after the callback was answered. The queue
/// holds only event ids; the events themselves are in the database (<see cref="FeishuEventLog"/>), so the ones a stopped
/// process did not get to are picked up again when it starts (see docs/decisions/0012-feishu-events.md).
/// </summary>
public sealed partial class FeishuInbox(FeishuEventLog events, IServiceProvider services, ILogger<FeishuInbox> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(string eventId) => _queue.Writer.TryWrite(eventId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                if (JsonNode.Parse(payload) is JsonObject callback)
                    await services.GetRequiredService<FeishuTurns>().MessageAsync(callback, eventId, stoppingToken);
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

    [LoggerMessage(LogLevel.Information, "Picked up Feishu event {EventId}, accepted before the last stop")]
    private partial void LogRecovered(string eventId);

    [LoggerMessage(LogLevel.Warning, "Could not look for Feishu events left pending")]
    private partial void LogRecoveryFailed(Exception ex);

    [LoggerMessage(LogLevel.Error, "Feishu event {EventId} failed; it stays pending until the next start")]
    private partial void LogFailed(Exception ex, string eventId);
}
