using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Faults;

/// <summary>
/// The dispatcher when PostgreSQL goes away in the middle of a batch (a server of its own, stopped by the first send): the
/// message in flight cannot be recorded, and the dispatcher starts no further sends it could not record either. Each of
/// those would go out again when its lease ends.
/// </summary>
public sealed class DispatcherStoreAwayTests : IAsyncLifetime
{
    /// <summary>This class's row of the faults table in docs/reliability.md.</summary>
    public static IReadOnlyList<string> Rows { get; } =
    [
        "| PostgreSQL | stopped while the dispatcher's first send of a batch of 10 is on its way | that outcome is not recorded; no further send starts (all 10 went out before), " +
        "the rest wait for their lease |",
    ];

    private PostgresServer _server = null!;
    private TestStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartDedicatedAsync();
        _store = await TestStore.CreateOnAsync(_server);
    }

    public Task DisposeAsync()
    {
        // The store goes with its server.
        _server.Remove();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Once_an_outcome_cannot_be_recorded_because_the_store_is_away_no_more_sends_start()
    {
        var world = await DeliveryWorld.CreateAsync(_store, new TimerClock(DeliveryWorld.Start));
        var people = await world.PeopleAsync(10);
        await world.EnqueuePromptsAsync(people);
        var sender = new RecordingSender(world.Clock, (_, _, _) =>
        {
            // The store stops while the first message is on its way.
            _server.Stop();
            return Task.FromResult(DeliveryOutcome.Sent("message-1", 201));
        });
        var dispatcher = world.Dispatcher(sender, "node-a", options: o => o.MaxConcurrentSends = 1);

        var report = await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Single(sender.Calls);
        Assert.Equal((10, 0, 1), (report.Claimed, report.Sent, report.Unrecorded));
        Assert.Contains(world.Logs.Entries, e => e.Message.StartsWith("The store is not answering", StringComparison.Ordinal));
    }
}
