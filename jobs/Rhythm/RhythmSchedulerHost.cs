using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace OkrBot.Jobs.Rhythm;

/// <summary>
/// Starts this node's Quartz scheduler in the background, and keeps trying while it cannot (Quartz's own hosted service
/// would fail the whole host when the PostgreSQL store is down at start-up; the bot must come up, report itself
/// unhealthy and recover instead). Shuts the scheduler down with the host without waiting for a running planner: a
/// planning run is idempotent and the next one (here or on another node) redoes it, while waiting let a run caught
/// mid-query hold the host's shutdown for its whole timeout (30 s).
/// </summary>
public sealed partial class RhythmSchedulerHost(ISchedulerFactory factory, TimeProvider clock, ILogger<RhythmSchedulerHost> log) : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
    private IScheduler? _scheduler;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Kept before it starts, so that a host stopping meanwhile still shuts it down (StopAsync runs after this returns).
                var scheduler = _scheduler = await factory.GetScheduler(stoppingToken);
                await scheduler.Start(stoppingToken);
                LogStarted(scheduler.SchedulerName, scheduler.SchedulerInstanceId);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogStartFailed(e, RetryAfter);
            }

            try
            {
                await Task.Delay(RetryAfter, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is not { } scheduler) return;
        try
        {
            await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
            // The host gave up waiting (its shutdown timeout) and is tearing down: the cluster notices this node is gone.
            LogShutdownCut(e);
        }
    }

    [LoggerMessage(LogLevel.Information, "Rhythm scheduler {SchedulerName} started as {InstanceId}")]
    private partial void LogStarted(string schedulerName, string instanceId);

    [LoggerMessage(LogLevel.Warning, "Rhythm scheduler shutdown was cut short")]
    private partial void LogShutdownCut(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Rhythm scheduler could not start (is the store reachable?); trying again in {RetryAfter}")]
    private partial void LogStartFailed(Exception exception, TimeSpan retryAfter);
}
