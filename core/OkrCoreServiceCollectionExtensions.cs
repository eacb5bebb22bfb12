using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OkrBot.Core.Demo;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core;

public static class OkrCoreServiceCollectionExtensions
{
    /// <summary>The OKR store (from the "Storage" section), the clock and one service per intent.</summary>
    public static IServiceCollection AddOkrCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:Provider is Postgres but Storage:ConnectionString is empty.")
            .ValidateOnStart();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new OkrDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            loggers: sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<CheckInService>();
        services.AddSingleton<RiskService>();
        services.AddSingleton<SmallWinService>();
        services.AddSingleton<OkrQueryService>();
        services.AddSingleton<CheckInCardBatch>();
        services.AddSingleton<ScoringService>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<DigestService>();
        services.AddSingleton<WrapUpService>();
        services.AddSingleton<DemoOrganisation>();
        services.AddSingleton<PeopleService>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<Rhythm.RhythmStore>();
        services.AddSingleton<Sheets.SheetImporter>();
        services.AddSingleton<Sheets.SheetExporter>();
        services.AddSingleton<Integrations.ApiKeyService>();
        services.AddSingleton<Integrations.IntegrationReadService>();
        services.AddSingleton<Integrations.KeyResultValueService>();
        services.AddSingleton<Integrations.ManagerService>();
        services.AddSingleton<AuthoringService>();
        services.AddSingleton<KeyResultChangeService>();
        return services;
    }
}
