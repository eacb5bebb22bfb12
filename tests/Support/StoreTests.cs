using OkrBot.Core.Persistence;

namespace OkrBot.Tests.Support;

/// <summary>
/// Base of every test class that runs against both stores: each class has a PostgreSQL and a SQLite subclass,
/// so every persistence test runs on both providers and the test name says which.
/// </summary>
public abstract class StoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestStore? _store;

    protected TestStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");
    protected DatabaseProvider Provider => provider;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }
}
