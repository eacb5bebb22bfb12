using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Rhythm;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Host;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;
using Quartz;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// Two whole worker nodes (jobs/Program.cs twice, each with its own Quartz scheduler, planner and dispatcher) on one
/// PostgreSQL database: one Quartz cluster, every prompt sent once, and the planner still firing after a node leaves. The
/// trigger is real (every second); only the planner's "now" is moved, to a Friday just after the prompt time. Nothing here
/// asserts timing: it waits, with a generous deadline, for what must happen.
/// </summary>
public sealed class ClusteredSchedulerOnPostgres() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Two_worker_nodes_form_one_cluster_send_every_prompt_once_and_the_survivor_keeps_planning_alone()
    {
        await using var fake = await FakeConnector.StartAsync();
        var clock = new ShiftedClock(DueForPrompt.Now); // one clock for the cluster, as nodes share NTP time
        var firings = new PlannerFirings();
        var org = await Org.CreateAsync(Store);
        var early = await DueForPrompt.SeedAsync(Store, org, 20, "early");

        // Two nodes started at once, as a deployment starts them: the first to get there creates the qrtz_* tables.
        var nodes = await Task.WhenAll(StartNodeAsync("node-1", fake, clock, firings), StartNodeAsync("node-2", fake, clock, firings));
        await using var node1 = nodes[0];
        await using var node2 = nodes[1];
        var ids = new[] { await InstanceIdAsync(node1), await InstanceIdAsync(node2) };

        // One cluster: both schedulers check in under their own instance ids, in the one scheduler-state table.
        Assert.NotEqual(ids[0], ids[1]);
        await Poll.UntilAsync(async () => (await ClusterMembersAsync()).Count == 2, "both nodes to check in", () => Logs(nodes));
        Assert.Equal(ids.Order(), (await ClusterMembersAsync()).Order());

        // The trigger fires again and again (each firing on one node); what it plans goes out once.
        await Poll.UntilAsync(() => Sends(fake).Count >= early.Count && firings.Count >= 5,
            "the early prompts to be sent while the planner fires five times", () => $"{firings}\n{Logs(nodes)}");

        // The node that fired last leaves. Quartz does not balance firings, so that is the one doing the planning: the other
        // must take the trigger over, and people due from now on must still get their prompt.
        var leaving = Array.IndexOf(ids, firings.Last);
        var staying = 1 - leaving;
        Assert.Equal(0, await nodes[leaving].StopAsync());
        var stopped = firings.Count;
        var late = await DueForPrompt.SeedAsync(Store, org, 10, "late");
        await Poll.UntilAsync(() => Sends(fake).Count >= early.Count + late.Count && firings.Since(stopped).Count(f => f == ids[staying]) >= 3,
            "the remaining node to plan and send the late prompts, firing three times", () => $"{firings}\n{Logs([nodes[staying]])}");
        // At most a firing that was already under way as the node stopped.
        Assert.InRange(firings.Since(stopped).Count(f => f == ids[leaving]), 0, 1);

        // Two more firings plan nothing again: each prompt was sent exactly once, on its first try.
        var settled = firings.Count;
        await Poll.UntilAsync(() => firings.Count >= settled + 2, "two more firings", () => firings.ToString());
        var conversations = early.Concat(late).Select(DeliveryWorld.ConversationOf).Order().ToList();
        Assert.Equal(conversations, Sends(fake).Select(s => s.ConversationId!).Order());
        var rows = await RowsAsync();
        Assert.Equal(early.Count + late.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal((DeliveryKind.CheckInPrompt, DueForPrompt.Week, DeliveryState.Sent, 1), (r.Kind, r.PeriodKey, r.State, r.Attempts)));
    }

    private Task<InProcessWorker> StartNodeAsync(string name, FakeConnector fake, TimeProvider clock, PlannerFirings firings) =>
        InProcessWorker.StartAsync(WorkerNodeSetup.Settings(Store, $"--Delivery:Dispatcher:NodeId={name}"),
            WorkerNodeSetup.Fakes(fake, clock, services => services.AddSingleton<IJobListener>(firings)));

    private static async Task<string> InstanceIdAsync(InProcessWorker node) =>
        (await node.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).SchedulerInstanceId;

    private static string Logs(IEnumerable<InProcessWorker> nodes) => string.Join("\n---\n", nodes.Select(n => n.Logs.AllText));

    private static List<RecordedRequest> Sends(FakeConnector fake) => [.. fake.ConnectorRequests.Where(r => r.Route == FakeRoute.SendToConversation)];

    /// <summary>The instances checked in to this database's Quartz cluster (none before the first node created the tables).</summary>
    private async Task<IReadOnlyList<string>> ClusterMembersAsync()
    {
        await using var connection = new NpgsqlConnection(Store.Options.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('qrtz_scheduler_state') IS NOT NULL", connection);
        if (await exists.ExecuteScalarAsync() is not true) return [];
        await using var members = new NpgsqlCommand("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = @name", connection);
        members.Parameters.AddWithValue("name", RhythmServiceCollectionExtensions.ClusterName(Store.Options.ConnectionString));
        var names = new List<string>();
        await using var reader = await members.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private async Task<IReadOnlyList<Core.Model.Delivery>> RowsAsync()
    {
        await using var db = Store.Database.Open();
        return await db.Deliveries.ToListAsync();
    }

    /// <summary>Which scheduler instance ran each planner firing, in the order they started; one listener on both nodes.</summary>
    private sealed class PlannerFirings : IJobListener
    {
        private readonly ConcurrentQueue<string> _instances = new();

        public string Name => "test-planner-firings";

        public int Count => _instances.Count;

        public string? Last => _instances.LastOrDefault();

        public IReadOnlyList<string> Since(int count) => [.. _instances.Skip(count)];

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            if (context.JobDetail.Key.Equals(RhythmPlannerJob.Key)) _instances.Enqueue(context.Scheduler.SchedulerInstanceId);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
            ValueTask.CompletedTask;

        public override string ToString() =>
            $"Planner firings: {string.Join(", ", _instances.GroupBy(i => i).Select(g => $"{g.Key} x{g.Count()}"))}";
    }
}
