using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Teams;

public static class TeamsConnectorServiceCollectionExtensions
{
    /// <summary>
    /// The key of the one <see cref="HttpClient"/> the connector and the token provider share. Tests replace it (register
    /// another keyed HttpClient under this key) to route the calls to a local fake connector.
    /// </summary>
    public const string HttpClientKey = "OkrBot.Teams.Connector";

    /// <summary>
    /// The outbound Teams connector: <see cref="TeamsOptions"/> ("Teams"), <see cref="BotConnectorOptions"/>
    /// ("Teams:Connector"), <see cref="ServiceUrlPolicy"/>, <see cref="AppTokenProvider"/> and <see cref="BotConnectorClient"/>,
    /// all singletons over one pooled HTTP handler.
    /// </summary>
    public static IServiceCollection AddTeamsConnector(this IServiceCollection services, IConfiguration configuration)
    {
        // Both hosts' channel setups ask for the connector; binding the "Teams" section twice would double its lists.
        if (services.Any(d => d.ServiceType == typeof(BotConnectorClient))) return services;
        services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.Section))
            .Validate(o => o.IsAnonymous || !string.IsNullOrWhiteSpace(o.AppSecret),
                "Teams:AppId is set but Teams:AppSecret is empty: the bot cannot get a token to call the Bot Connector.")
            .Validate(o => o.AllowedServiceUrlHosts.All(ServiceUrlPolicy.IsValidHostPattern),
                "Teams:AllowedServiceUrlHosts takes host names (\"bots.example.com\"), subdomain wildcards (\"*.example.com\") or a loopback host (\"127.0.0.1\"), nothing else.")
            .Validate(o => Uri.TryCreate(o.TokenEndpoint.Replace("{tenant}", "botframework.com", StringComparison.OrdinalIgnoreCase), UriKind.Absolute, out _),
                "Teams:TokenEndpoint is not an absolute URL.")
            .ValidateOnStart();
        services.AddOptions<BotConnectorOptions>().Bind(configuration.GetSection(BotConnectorOptions.Section))
            .Validate(o => o.MaxAttempts is >= 1 and <= 10, "Teams:Connector:MaxAttempts must be between 1 and 10.")
            .Validate(o => o.BaseRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.BaseRetryDelay && o.MaxRetryAfter >= TimeSpan.Zero,
                "Teams:Connector retry delays must be positive, MaxRetryDelay at least BaseRetryDelay.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.TokenRefreshMargin >= TimeSpan.Zero,
                "Teams:Connector:RequestTimeout must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(HttpClientKey, (_, _) => CreateHttpClient());
        services.TryAddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton(sp => new AppTokenProvider(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<IOptions<TeamsOptions>>(),
            sp.GetRequiredService<IOptions<BotConnectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AppTokenProvider>>()));
        services.TryAddSingleton(sp => new BotConnectorClient(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey),
            sp.GetRequiredService<AppTokenProvider>(),
            sp.GetRequiredService<ServiceUrlPolicy>(),
            sp.GetRequiredService<IOptions<TeamsOptions>>(),
            sp.GetRequiredService<IOptions<BotConnectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BotConnectorClient>>()));
        return services;
    }

    /// <summary>
    /// One long-lived client for the process: pooled connections recycled every few minutes (so DNS changes of
    /// smba.trafficmanager.net are followed), no redirects (a bearer token must not follow one), timeouts per attempt in
    /// the client rather than here.
    /// </summary>
    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = 1024 * 1024,
    };
}
