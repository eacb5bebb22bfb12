using Microsoft.Extensions.Logging;
using OkrBot.Core.Persistence;
using Quartz;

namespace OkrBot.Jobs.Rhythm;

/// <summary>
/// The Quartz job that runs the <see cref="RhythmPlanner"/> every <see cref="RhythmOptions.Interval"/>. One run at a time
/// (per cluster, on PostgreSQL); a run that overlaps the next firing makes that firing wait rather than run twice. The
/// planner is idempotent, so a run repeated after a node died (RequestRecovery) plans nothing twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class RhythmPlannerJob(RhythmPlanner planner, TimeProvider clock, ILogger<RhythmPlannerJob> log) : IJob
{
    public static readonly JobKey Key = new("rhythm-planner", "okrbot");
    public static readonly TriggerKey TriggerKey = new("rhythm-planner-every-interval", "okrbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await planner.PlanAsync(clock.GetUtcNow(), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the next run (on this node or another) picks up where this one stopped.
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            // The next firing tries again, and nothing this one planned is lost or doubled (docs/decisions/0019).
            LogStoreAway(context.FireInstanceId, e.Message);
        }
        catch (Exception e)
        {
            LogFailed(e, context.FireInstanceId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Rhythm planner run {FireInstanceId} could not reach the store; the next run tries again ({Reason})")]
    private partial void LogStoreAway(string fireInstanceId, string reason);

    [LoggerMessage(LogLevel.Error, "Rhythm planner run {FireInstanceId} failed; the next run tries again")]
    private partial void LogFailed(Exception exception, string fireInstanceId);
}
