using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Jobs.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Durable, rate-limited delivery: <see cref="DeliveryOptions"/> ("Delivery") and <see cref="DispatcherOptions"/>
    /// ("Delivery:Dispatcher"), the <see cref="DeliveryQueue"/> (enqueue, counts), the shared <see cref="DeliveryRateLimiter"/>,
    /// the Teams <see cref="IChannelSender"/>, the views deliveries carry (<see cref="OkrDeliveryContent"/>), the
    /// <see cref="DeliveryDispatcher"/> and its background loop
    /// (<see cref="DeliveryWorker"/>, unless Delivery:Dispatcher:Enabled is false). Needs AddOkrCore first.
    /// </summary>
    public static IServiceCollection AddOkrDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section))
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Delivery:MaxAttempts must be between 1 and 100.")
            .Validate(o => o.BaseRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.BaseRetryDelay,
                "Delivery:BaseRetryDelay must be positive and Delivery:MaxRetryDelay at least as long.")
            .Validate(o => o.Limits.Teams.IsValid && o.Limits.Feishu.IsValid,
                "Delivery:Limits:<Channel>:RefillPerSecond must be positive and Capacity at least 1.")
            .ValidateOnStart();
        services.AddOptions<DispatcherOptions>().Bind(configuration.GetSection(DispatcherOptions.Section))
            .Validate(o => o.IsValid,
                "Delivery:Dispatcher: PollInterval must be positive, Lease at least 1 s and longer than SlotHorizon, BatchSize 1-1000, MaxBatchSize 1-5000, " +
                "BatchWindow not negative, " +
                "MaxConcurrentSends 1-1000, MaxConcurrentBuckets 1-100, NodeId at most 128 characters, TeamsServiceUrl an absolute URL.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeliveryNudge>();
        services.TryAddSingleton<PromptCards>();
        services.TryAddSingleton<IDeliveryContent, OkrDeliveryContent>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DispatcherOptions>>().Value);
        services.TryAddSingleton(sp => new DeliveryQueue(
            sp.GetRequiredService<OkrDatabase>(), sp.GetRequiredService<ConversationService>(), sp.GetRequiredService<DeliveryOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DeliveryQueue>>()));
        services.TryAddSingleton(sp => new DeliveryRateLimiter(
            sp.GetRequiredService<OkrDatabase>(), sp.GetRequiredService<DeliveryOptions>(), sp.GetRequiredService<TimeProvider>()));

        services.AddTeamsConnector(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, TeamsChannelSender>(sp => new TeamsChannelSender(
            OneTryConnector(sp), sp.GetRequiredService<ConversationService>(), sp.GetRequiredService<DispatcherOptions>(),
            sp.GetRequiredService<ILogger<TeamsChannelSender>>())));

        services.TryAddSingleton(sp => new DeliveryDispatcher(
            sp.GetRequiredService<DeliveryQueue>(), sp.GetRequiredService<DeliveryRateLimiter>(), sp.GetRequiredService<IDeliveryContent>(),
            sp.GetServices<IChannelSender>(), sp.GetRequiredService<DispatcherOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DeliveryDispatcher>>()));
        if (configuration.GetValue(DispatcherOptions.Section + ":" + nameof(DispatcherOptions.Enabled), true))
            services.AddHostedService(sp => new DeliveryWorker(
                sp, sp.GetRequiredService<DispatcherOptions>(), sp.GetRequiredService<DeliveryNudge>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DeliveryWorker>>()));
        return services;
    }

    /// <summary>
    /// The delivery sender's own connector client, over the shared HTTP handler and token: one try per call. A delivery that
    /// is throttled or fails transiently goes back to the queue with its Retry-After or a backoff, instead of holding a send
    /// slot while the client waits and spending requests the rate limiter never granted.
    /// </summary>
    private static BotConnectorClient OneTryConnector(IServiceProvider sp)
    {
        var shared = sp.GetRequiredService<IOptions<BotConnectorOptions>>().Value;
        var oneTry = new BotConnectorOptions
        {
            MaxAttempts = 1, BaseRetryDelay = shared.BaseRetryDelay, MaxRetryDelay = shared.MaxRetryDelay, MaxRetryAfter = shared.MaxRetryAfter,
            RequestTimeout = shared.RequestTimeout, TokenRefreshMargin = shared.TokenRefreshMargin,
        };
        return new BotConnectorClient(
            sp.GetRequiredKeyedService<HttpClient>(TeamsConnectorServiceCollectionExtensions.HttpClientKey), sp.GetRequiredService<AppTokenProvider>(),
            sp.GetRequiredService<ServiceUrlPolicy>(), sp.GetRequiredService<IOptions<TeamsOptions>>(), Options.Create(oneTry),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BotConnectorClient>>());
    }
}
