using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class RecordManyOnPostgres() : RecordManyTests(DatabaseProvider.Postgres);
public sealed class RecordManyOnSqlite() : RecordManyTests(DatabaseProvider.Sqlite);

/// <summary>
/// Outcomes recorded together (<see cref="DeliveryQueue.RecordManyAsync"/>, one statement on PostgreSQL) leave each row
/// exactly as recording it alone does, lost claims and a Sent that outlived its claim included.
/// </summary>
public abstract class RecordManyTests(DatabaseProvider provider) : StoreTests(provider)
{
    private static readonly DeliveryOutcome[] Outcomes =
    [
        DeliveryOutcome.Sent("1:42", 201),
        DeliveryOutcome.Throttled(TimeSpan.FromSeconds(30)),
        DeliveryOutcome.Gone("the bot was removed", 403),
        DeliveryOutcome.Cancelled("nothing to send any more"),
        DeliveryOutcome.Failed("the card was refused", 400),
        DeliveryOutcome.Throttled(TimeSpan.FromSeconds(5)), // for a row another node took over meanwhile: not recorded
        DeliveryOutcome.Sent("1:43", 201), // for a row another node took over meanwhile: the message went out, Sent is kept
    ];

    [Fact]
    public async Task Outcomes_recorded_together_leave_every_row_as_recording_each_alone_does()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        var (aloneClaims, alonePeople) = await ScenarioAsync(w);
        var (togetherClaims, togetherPeople) = await ScenarioAsync(w);

        var aloneStates = new List<DeliveryState?>();
        for (var i = 0; i < Outcomes.Length; i++) aloneStates.Add(await w.Queue.RecordAsync(aloneClaims[i], Outcomes[i]));
        var togetherStates = await w.Queue.RecordManyAsync([.. togetherClaims.Select((c, i) => (c, Outcomes[i]))]);

        DeliveryState?[] expected = [DeliveryState.Sent, DeliveryState.Pending, DeliveryState.Gone, DeliveryState.Cancelled, DeliveryState.Failed,
            null, DeliveryState.Sent];
        Assert.Equal(expected, aloneStates);
        Assert.Equal(expected, togetherStates);
        var now = w.Clock.GetUtcNow();
        var rows = (await w.RowsAsync()).ToDictionary(r => r.Id);
        object Row(DeliveryClaim claim)
        {
            var r = rows[claim.Id];
            return (r.State, r.LastOutcome, r.LastStatus, r.LastError, r.MessageId, r.ClaimedBy, r.LeaseUntil - now, r.NotBefore - now, r.Attempts,
                r.UpdatedAt - now);
        }

        Assert.Equal(aloneClaims.Select(Row), togetherClaims.Select(Row));
        // The gone conversation is marked inactive either way.
        await using var db = Store.Database.Open();
        foreach (var person in new[] { alonePeople[2], togetherPeople[2] })
            Assert.False(db.ConversationReferences.Single(c => c.PersonId == person.Id).IsActive);
    }

    [Fact]
    public async Task Nothing_given_records_nothing()
    {
        var w = await DeliveryWorld.CreateAsync(Store);
        Assert.Empty(await w.Queue.RecordManyAsync([]));
    }

    /// <summary>Seven people's prompts claimed by node-a; the last two then taken over by node-b after node-a gave them back.</summary>
    private static async Task<(IReadOnlyList<DeliveryClaim> Claims, IReadOnlyList<Person> People)> ScenarioAsync(DeliveryWorld w)
    {
        var people = await w.PeopleAsync(Outcomes.Length);
        await w.EnqueuePromptsAsync(people);
        var byPerson = (await w.Queue.ClaimDueAsync("node-a", w.Bucket, 100, TimeSpan.FromMinutes(2))).ToDictionary(c => c.PersonId);
        var claims = people.Select(p => byPerson[p.Id]).ToList();
        foreach (var lost in claims.TakeLast(2)) Assert.True(await w.Queue.ReleaseAsync(lost, w.Clock.GetUtcNow()));
        Assert.Equal(2, (await w.NewQueue().ClaimDueAsync("node-b", w.Bucket, 100, TimeSpan.FromMinutes(2))).Count);
        return (claims, people);
    }
}
