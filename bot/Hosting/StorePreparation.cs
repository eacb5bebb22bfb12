using Microsoft.Extensions.Options;
using OkrBot.Core.Demo;
using OkrBot.Core.Persistence;

namespace OkrBot.Bot.Hosting;

/// <summary>
/// Before the bot takes requests: migrate the store, then seed the demo when asked. Runs as a hosted service's
/// StartAsync, so the server does not listen on a schema it cannot serve.
/// </summary>
internal sealed class StorePreparation(
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

internal static class StorePreparationExtensions
{
    public static IServiceCollection AddStorePreparation(this IServiceCollection services) =>
        services.AddHostedService<StorePreparation>();
}
