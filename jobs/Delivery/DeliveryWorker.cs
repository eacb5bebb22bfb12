using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Persistence;

namespace OkrBot.Jobs.Delivery;

/// <summary>
/// The dispatcher loop of this node: run, then sleep until the poll interval passes or the next row falls due, whichever
/// comes first. A failed run (the store unreachable, say) is logged and tried again after a backoff (docs/decisions/0019).
/// </summary>
public sealed partial class DeliveryWorker(
    IServiceProvider services, DispatcherOptions options, DeliveryNudge nudge, TimeProvider clock, ILogger<DeliveryWorker> log)
    : BackgroundService
{
    private static readonly TimeSpan ShortestSleep = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dispatcher = services.GetRequiredService<DeliveryDispatcher>();
        var queue = services.GetRequiredService<DeliveryQueue>();
        LogStarted(dispatcher.NodeId, options.PollInterval);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = options.PollInterval;
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken);
                failures = 0;
                // Wake early for a row that falls due before the next poll. A row already due after a run is one this node
                // cannot take (no sender for its channel here): polling faster would not help it.
                if (await queue.NextDueAsync(stoppingToken) is { } next && next - clock.GetUtcNow() is var untilDue
                    && untilDue > TimeSpan.Zero && untilDue < sleep)
                {
                    sleep = untilDue < ShortestSleep ? ShortestSleep : untilDue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Backing off while the store is away (or anything keeps failing): a minute at most between tries. A nudge (an
                // alert queued) still wakes the loop at once.
                failures++;
                sleep = Backoff(options.PollInterval, failures);
                if (StoreFailures.IsUnavailable(e)) LogStoreAway(sleep, e.Message);
                else LogRunFailed(e, sleep);
            }

            try
            {
                await nudge.WaitAsync(sleep, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        LogStopped(dispatcher.NodeId);
    }

    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    /// <summary>The poll interval, doubled for each failure after the first, up to a minute.</summary>
    public static TimeSpan Backoff(TimeSpan pollInterval, int failures)
    {
        var longest = pollInterval > LongestSleep ? pollInterval : LongestSleep;
        var sleep = pollInterval * Math.Pow(2, Math.Min(failures - 1, 16));
        return sleep < longest ? sleep : longest;
    }

    [LoggerMessage(LogLevel.Warning, "The store is not answering; the delivery dispatcher tries again in {Sleep} ({Reason})")]
    private partial void LogStoreAway(TimeSpan sleep, string reason);

    [LoggerMessage(LogLevel.Information, "Delivery dispatcher {NodeId} started, polling every {PollInterval}")]
    private partial void LogStarted(string nodeId, TimeSpan pollInterval);

    [LoggerMessage(LogLevel.Information, "Delivery dispatcher {NodeId} stopped")]
    private partial void LogStopped(string nodeId);

    [LoggerMessage(LogLevel.Error, "A delivery dispatcher run failed; trying again in {Sleep}")]
    private partial void LogRunFailed(Exception exception, TimeSpan sleep);
}
