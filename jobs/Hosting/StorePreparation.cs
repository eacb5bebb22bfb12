using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Core.Demo;
using OkrBot.Core.Persistence;

namespace OkrBot.Jobs.Hosting;

/// <summary>
/// Before a host does any work: migrate the store, then seed the demo when asked. Runs as a hosted service's StartAsync,
/// so the bot does not listen, and a worker node does not plan or send, on a schema it cannot serve. Both hosts use it.
/// </summary>
public sealed class StorePreparation(
    OkrDatabase database, IOptions<StorageOptions> storage, IOptions<DemoOptions> demo, DemoOrganisation demoOrganisation,
    ILogger<StorePreparation> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.MigrateOnStart)
        {
            logger.LogInformation("Bringing the {Provider} store up to date", database.Provider);
            await database.MigrateAsync(cancellationToken);
        }
        if (demo.Value.Seed) await demoOrganisation.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StorePreparationServiceCollectionExtensions
{
    /// <summary>Migrates the store (Storage:MigrateOnStart) and seeds the demo (Demo:Seed) as the host starts. Needs AddOkrCore.</summary>
    public static IServiceCollection AddStorePreparation(this IServiceCollection services) =>
        services.AddHostedService<StorePreparation>();
}
