using Microsoft.EntityFrameworkCore.Design;

namespace OkrBot.Core.Persistence;

// Used only by `dotnet ef` when it generates migrations (see docs/migrations.md); the app never calls these.

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOkrDbContext>
{
    public PostgresOkrDbContext CreateDbContext(string[] args) =>
        (PostgresOkrDbContext)new OkrDatabase(
            new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=design_time" },
            TimeProvider.System).Open();
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteOkrDbContext>
{
    public SqliteOkrDbContext CreateDbContext(string[] args) =>
        (SqliteOkrDbContext)new OkrDatabase(new StorageOptions { Provider = DatabaseProvider.Sqlite }, TimeProvider.System).Open();
}
