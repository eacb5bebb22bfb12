using Npgsql;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Rhythm;

/// <summary>
/// The planner's "who is due now" query (a page of one tenant's active people in one time zone) must read its index on a
/// table of realistic size, never the whole table: every minute the planner reads the zones where a time passed, and a
/// full scan of the people of every tenant each time would grow with all of them. Checked with the parameters' values
/// and without them: the statement is prepared, and after a few runs PostgreSQL may use a generic plan, which for a
/// plain "Id > last" walked the primary key through the whole tenant. PostgreSQL only: the plan is its.
/// </summary>
public sealed class WhoIsDuePlanTests() : StoreTests(DatabaseProvider.Postgres)
{
    private const string Index = "IX_People_TenantId_TimeZoneId_Id";

    private static readonly string[] Zones =
    [
        "Pacific/Honolulu", "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Halifax",
        "America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Athens", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi",
        "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    [Fact]
    public async Task The_planners_page_of_people_in_a_zone_reads_its_index_on_a_table_of_realistic_size()
    {
        // One organisation of 20,000 people in 20 zones, a team of 8 to a zone (one in 200 gone), statistics gathered. One
        // large tenant is the case that matters: with several, the tenant alone narrows the table and any plan looks good.
        var ours = await TenantWithPeopleAsync("Ours", 20_000);
        await ExecuteAsync("ANALYZE \"People\"");

        var capture = new SqlCapture { KeepCommands = true };
        var store = new RhythmStore(new OkrDatabase(Store.Options, Store.Clock, [capture]));
        var first = await store.PeopleAsync(ours, "Europe/Berlin", null, 200);
        var next = await store.PeopleAsync(ours, "Europe/Berlin", first[^1].Id, 200);
        Assert.Equal(200, first.Count);
        Assert.Equal(200, next.Count);
        Assert.True(next[0].Id.CompareTo(first[^1].Id) > 0);

        await using var connection = new NpgsqlConnection(Store.Options.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(2, capture.Commands.Count);
        // With the values, and without them: the statement is prepared, and after a few runs PostgreSQL may plan it generically.
        foreach (var (command, generic) in capture.Commands.SelectMany(c => new[] { (c, false), (c, true) }))
        {
            var plan = generic ? await QueryPlan.ExplainGenericAsync(connection, command) : await QueryPlan.ExplainAsync(connection, command, analyze: true);
            Assert.True(plan.UsesIndex(Index), $"The planner's page of people does not read {Index} (generic plan: {generic}):\n{plan.Text}");
            Assert.DoesNotContain("People", plan.SequentialScans);
            // A generic plan names the parameters instead of their values.
            Assert.Equal(generic, plan.Text.Contains("$1", StringComparison.Ordinal));
        }
    }

    private async Task<Guid> TenantWithPeopleAsync(string name, int count)
    {
        var now = Store.Clock.GetUtcNow();
        var tenant = new Tenant { Name = name, ExternalId = $"plan-{name}", CreatedAt = now };
        await using (var db = Store.Database.Open())
        {
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }

        foreach (var chunk in Enumerable.Range(0, count).Chunk(2_000))
        {
            await using var db = Store.Database.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.People.AddRange(chunk.Select(i => new Person
            {
                TenantId = tenant.Id, ExternalId = $"29:{name}-{i}", DisplayName = $"{name} {i}", TimeZoneId = Zones[i / 8 % Zones.Length],
                IsActive = i % 200 != 7, CreatedAt = now,
            }));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        return tenant.Id;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Store.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
