using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Persistence;

public sealed class AuditTrailOnPostgres() : AuditTrailTests(DatabaseProvider.Postgres);
public sealed class AuditTrailOnSqlite() : AuditTrailTests(DatabaseProvider.Sqlite);

public abstract class AuditTrailTests(DatabaseProvider provider) : StoreTests(provider)
{
    [Fact]
    public async Task Every_changed_field_is_recorded_with_who_when_and_old_and_new_value()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, target: 100);
        Store.Clock.Advance(TimeSpan.FromHours(3));

        await using (var db = Store.Database.Open(alice.Id))
        {
            var stored = await db.KeyResults.SingleAsync();
            stored.TargetValue = 120;
            stored.Title = "Raise NPS a lot";
            stored.Version++;
            await db.SaveChangesAsync();
        }

        await using var read = Store.Database.Open();
        var changes = await read.AuditEntries.Where(a => a.EntityId == kr.Id && a.Action == AuditAction.Changed)
            .OrderBy(a => a.Field).ToListAsync();
        Assert.Equal(["TargetValue", "Title"], changes.Select(c => c.Field));
        Assert.Equal(("Raise NPS", "Raise NPS a lot"), (changes[1].OldValue, changes[1].NewValue));
        Assert.Equal((100m, 120m), (decimal.Parse(changes[0].OldValue!, CultureInfo.InvariantCulture), decimal.Parse(changes[0].NewValue!, CultureInfo.InvariantCulture)));
        Assert.All(changes, c => Assert.Equal((alice.Id, org.Tenant.Id, Store.Clock.GetUtcNow()), (c.ActorId!.Value, c.TenantId, c.At)));
    }

    [Fact]
    public async Task Creation_and_deletion_are_recorded_and_the_version_counter_is_not_noise()
    {
        var org = await Org.CreateAsync(Store);
        var alice = await org.PersonAsync("Alice");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice);

        await using (var db = Store.Database.Open(alice.Id))
        {
            var stored = await db.KeyResults.SingleAsync();
            stored.Version++;
            await db.SaveChangesAsync();
            db.KeyResults.Remove(stored);
            await db.SaveChangesAsync();
        }

        await using var read = Store.Database.Open();
        var trail = await read.AuditEntries.Where(a => a.EntityId == kr.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AuditAction.Created, AuditAction.Deleted], trail);
    }

    [Fact]
    public async Task Audit_entries_stay_within_their_tenant()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var alice = await ours.PersonAsync("Alice");
        await theirs.PersonAsync("Eve");

        await using var db = Store.Database.Open();
        var tenantsOfAlicesTrail = await db.AuditEntries.Where(a => a.EntityId == alice.Id).Select(a => a.TenantId).Distinct().ToListAsync();
        Assert.Equal([ours.Tenant.Id], tenantsOfAlicesTrail);
    }
}
