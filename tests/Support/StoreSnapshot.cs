using Npgsql;
using OkrBot.Core.Persistence;

namespace OkrBot.Tests.Support;

/// <summary>
/// Every table of a PostgreSQL test store (the Quartz tables and the migrations history aside): its row count and a checksum
/// of its rows, to show that a request changed nothing, or exactly which tables it changed. Audit entries, deliveries, rate
/// buckets and Feishu events are tables like any other, so a write anywhere shows.
/// </summary>
public sealed record StoreSnapshot(IReadOnlyDictionary<string, (long Rows, string Checksum)> Tables)
{
    public static async Task<StoreSnapshot> TakeAsync(TestStore store)
    {
        if (store.Provider != DatabaseProvider.Postgres) throw new NotSupportedException("Snapshots read PostgreSQL's catalogue.");
        await using var connection = new NpgsqlConnection(store.Options.ConnectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' " +
            "AND table_name NOT LIKE 'qrtz%' AND table_name <> '__EFMigrationsHistory' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }

        var tables = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // Each row as its text form, in a fixed order: any changed value, added or removed row changes the checksum.
            await using var sum = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM \"{name}\" t", connection);
            await using var reader = await sum.ExecuteReaderAsync();
            await reader.ReadAsync();
            tables[name] = (reader.GetInt64(0), reader.GetString(1));
        }
        return new StoreSnapshot(tables);
    }

    /// <summary>The tables whose rows differ from <paramref name="before"/>'s, with their row counts then and now.</summary>
    public IReadOnlyList<string> ChangedSince(StoreSnapshot before) =>
        [.. Tables.Keys.Union(before.Tables.Keys).Order(StringComparer.Ordinal)
            .Where(t => Tables.GetValueOrDefault(t) != before.Tables.GetValueOrDefault(t))
            .Select(t => $"{t} ({before.Tables.GetValueOrDefault(t).Rows} -> {Tables.GetValueOrDefault(t).Rows} rows)")];

    /// <summary>How many rows <paramref name="table"/> gained since <paramref name="before"/>.</summary>
    public long Added(StoreSnapshot before, string table) => Tables.GetValueOrDefault(table).Rows - before.Tables.GetValueOrDefault(table).Rows;

    /// <summary>Fails, naming the tables, unless nothing changed since <paramref name="before"/>.</summary>
    public void AssertUnchangedSince(StoreSnapshot before, string what)
    {
        var changed = ChangedSince(before);
        Assert.True(changed.Count == 0, $"{what} changed the database: {string.Join(", ", changed)}");
    }

    /// <summary>Fails unless the tables that changed since <paramref name="before"/> are among <paramref name="allowed"/>.</summary>
    public void AssertOnlyChangedSince(StoreSnapshot before, string what, params string[] allowed)
    {
        var unexpected = ChangedSince(before).Where(c => !allowed.Any(a => c.StartsWith(a + " ", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"{what} changed tables it should not have: {string.Join(", ", unexpected)}");
    }
}
