using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OkrBot.Core.Persistence;

/// <summary>The store on PostgreSQL: production and the tests.</summary>
public sealed class PostgresOkrDbContext(DbContextOptions<PostgresOkrDbContext> options) : OkrDbContext(options);

/// <summary>The store on SQLite: the embedded default, so a first run needs no database server.</summary>
public sealed class SqliteOkrDbContext(DbContextOptions<SqliteOkrDbContext> options) : OkrDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // SQLite has no decimal and no offset-aware time: as TEXT neither compares nor sorts in SQL.
        // Doubles keep 15 significant digits, more than any KR value needs; instants become sortable integers.
        conventions.Properties<decimal>().HaveConversion<double>();
        conventions.Properties<decimal?>().HaveConversion<double?>();
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
