using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class BulkEnqueueOnPostgres() : BulkEnqueueTests(DatabaseProvider.Postgres);
public sealed class BulkEnqueueOnSqlite() : BulkEnqueueTests(DatabaseProvider.Sqlite);

/// <summary>
/// A planner run's rows go in with one statement a chunk on PostgreSQL (DeliveryQueue.EnqueueManyAsync): they must be the
/// rows one enqueue at a time writes through EF, column for column, and racing planners must still write each key once.
/// </summary>
public abstract class BulkEnqueueTests(DatabaseProvider provider) : StoreTests(provider)
{
    [Fact]
    public async Task Rows_enqueued_together_are_the_rows_enqueued_one_at_a_time_in_every_column()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(2);
        var alone = await w.Queue.EnqueueAsync(DeliveryWorld.Prompt(people[0]) with { Payload = """{"note":"x"}""", NotBefore = DeliveryWorld.Start.AddHours(1) });
        var together = (await w.Queue.EnqueueManyAsync([DeliveryWorld.Prompt(people[1]) with { Payload = """{"note":"x"}""", NotBefore = DeliveryWorld.Start.AddHours(1) }]))[0];

        await using var db = Store.Database.Open();
        var rows = await db.Deliveries.AsNoTracking().ToDictionaryAsync(d => d.Id);
        var entity = db.Model.FindEntityType(typeof(Core.Model.Delivery))!;
        var differing = entity.GetProperties()
            .Where(p => p.Name is not (nameof(Core.Model.Delivery.Id) or nameof(Core.Model.Delivery.PersonId)))
            .Where(p => !Equals(p.PropertyInfo!.GetValue(rows[alone.Id]), p.PropertyInfo!.GetValue(rows[together.Id])))
            .Select(p => p.Name).ToList();
        Assert.True(together.Created);
        Assert.Empty(differing);
        Assert.Equal((DeliveryState.Pending, 0, null), (rows[together.Id].State, rows[together.Id].Attempts, rows[together.Id].ClaimedBy));
    }

    [Fact]
    public async Task Planners_racing_over_the_same_people_write_each_delivery_once_and_agree_on_its_id()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(300);
        // A few weeks, so the planners collide in one of them whatever the timing.
        foreach (var week in new[] { "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23" })
        {
            DeliveryRequest[] requests = [.. people.Select(p => DeliveryWorld.Prompt(p, week))];
            // Overlapping halves, in opposite orders, at the same time.
            var first = w.NewQueue().EnqueueManyAsync([.. requests.Take(200)]);
            var second = w.NewQueue().EnqueueManyAsync([.. requests.Skip(100).Reverse()]);
            var results = await Task.WhenAll(first, second);

            var rows = (await w.RowsAsync()).Where(r => r.PeriodKey == week).ToList();
            Assert.Equal(300, rows.Count);
            Assert.Equal(300, results.SelectMany(r => r).Count(r => r.Created));
            var byPerson = rows.ToDictionary(r => r.PersonId, r => r.Id);
            Assert.All(results[0].Select((r, i) => (r, requests[i])), x => Assert.Equal(byPerson[x.Item2.PersonId], x.r.Id));
            Assert.All(results[1].Select((r, i) => (r, requests[299 - i])), x => Assert.Equal(byPerson[x.Item2.PersonId], x.r.Id));
        }
    }
}
