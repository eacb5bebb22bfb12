using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Jobs.Delivery;
using Quartz;

namespace OkrBot.Jobs.Rhythm;

public static class RhythmServiceCollectionExtensions
{
    /// <summary>
    /// The Quartz scheduler's name on PostgreSQL: the same for every node on one database (which is what makes them a
    /// cluster), and different for different databases, because Quartz keeps schedulers in a process-wide registry by name
    /// and two hosts in one process (tests) on two databases must not share one.
    /// </summary>
    public static string ClusterName(string? connectionString)
    {
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(connectionString ?? "");
        return $"OkrBot@{cs.Host}:{cs.Port}/{cs.Database}";
    }

    /// <summary>
    /// The rhythm: <see cref="RhythmOptions"/> ("Rhythm"), the <see cref="RhythmPlanner"/>, and a Quartz scheduler that runs
    /// it every <see cref="RhythmOptions.Interval"/> (unless Rhythm:Enabled is false). On SQLite the scheduler keeps its
    /// trigger in memory (one process); on PostgreSQL in a clustered persistent store (tables qrtz_*, created on first
    /// start) so that several nodes share one schedule, each firing runs on one node, and a dead node's run is recovered
    /// by another. Needs AddOkrCore and AddOkrDelivery first.
    /// </summary>
    public static IServiceCollection AddOkrRhythm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RhythmOptions>().Bind(configuration.GetSection(RhythmOptions.Section))
            .Validate(o => o.IsValid,
                "Rhythm: Interval must be 1 s to 1 h, Lookback longer than Interval, PageSize 1-10000, ClusterCheckInInterval at least 1 s.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RhythmOptions>>().Value);
        services.TryAddSingleton(sp => new RhythmPlanner(
            sp.GetRequiredService<RhythmStore>(), sp.GetRequiredService<DeliveryQueue>(), sp.GetRequiredService<RhythmOptions>(),
            sp.GetService<DeliveryNudge>(), sp.GetRequiredService<ILogger<RhythmPlanner>>()));

        var rhythm = configuration.GetSection(RhythmOptions.Section).Get<RhythmOptions>() ?? new RhythmOptions();
        if (!rhythm.Enabled) return services;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();

        services.AddQuartz(q =>
        {
            if (storage.Provider == DatabaseProvider.Postgres)
            {
                q.ConfigureScheduler(o => (o.InstanceName, o.GenerateInstanceId) = (ClusterName(storage.ConnectionString), true));
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(storage.ConnectionString ?? "");
                    s.ProvisionSchema();
                    s.UseSystemTextJsonSerializer();
                    s.UseClustering(c =>
                    {
                        c.CheckinInterval = rhythm.ClusterCheckInInterval;
                        c.CheckinMisfireThreshold = rhythm.ClusterCheckInInterval * 4;
                    });
                });
            }
            else
            {
                // One process, nothing to share. Quartz keeps schedulers in a process-wide registry by name: a name of its
                // own keeps two hosts in one process (tests) from sharing one.
                q.ConfigureScheduler(o => o.InstanceName = "OkrBot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
                q.UseInMemoryStore();
            }

            q.AddJob<RhythmPlannerJob>(j => j.WithIdentity(RhythmPlannerJob.Key).StoreDurably().RequestRecovery()
                .WithDescription("Plans the check-in prompts, reminders and escalations due now, in each person's time zone"));
            q.AddTrigger(t => t.ForJob(RhythmPlannerJob.Key).WithIdentity(RhythmPlannerJob.TriggerKey).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(rhythm.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<RhythmSchedulerHost>();
        return services;
    }
}
