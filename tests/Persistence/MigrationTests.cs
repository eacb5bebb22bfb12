using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Persistence;

public sealed class MigrationsOnPostgres() : MigrationTests(DatabaseProvider.Postgres);
public sealed class MigrationsOnSqlite() : MigrationTests(DatabaseProvider.Sqlite);

public abstract class MigrationTests(DatabaseProvider provider) : StoreTests(provider)
{
    [Fact]
    public async Task The_migrations_match_the_model_so_none_was_forgotten()
    {
        await using var db = Store.Database.Open();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: see docs/migrations.md.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrating_an_up_to_date_store_again_changes_nothing()
    {
        await Store.Database.MigrateAsync();
        await using var db = Store.Database.Open();

        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.People.CountAsync());
    }
}
