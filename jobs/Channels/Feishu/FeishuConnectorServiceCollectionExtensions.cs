using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Jobs.Channels.Feishu;

public static class FeishuConnectorServiceCollectionExtensions
{
    /// <summary>
    /// The key of the <see cref="HttpClient"/> the API client and the token provider share. Tests replace it (register another
    /// keyed HttpClient under this key) to watch or reroute the calls.
    /// </summary>
    public const string HttpClientKey = "OkrBot.Feishu.Api";

    /// <summary>
    /// The outbound Feishu connector: <see cref="FeishuOptions"/> ("Feishu", checked at start-up), the
    /// <see cref="FeishuTokenProvider"/> and the <see cref="FeishuApiClient"/> over one pooled HTTP handler, and, only when
    /// Feishu:AppId is set, the <see cref="FeishuChannelSender"/> as an <see cref="IChannelSender"/> for the delivery
    /// dispatcher (so a Teams-only deployment sends exactly as before). Needs AddOkrCore. Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddFeishuConnector(this IServiceCollection services, IConfiguration configuration)
    {
        // The bot and the worker may both ask for it; binding the section twice is harmless today but would double any list.
        if (services.Any(d => d.ServiceType == typeof(FeishuApiClient))) return services;

        services.AddOptions<FeishuOptions>().Bind(configuration.GetSection(FeishuOptions.Section))
            .Validate(o => !o.IsConfigured || !string.IsNullOrWhiteSpace(o.AppSecret),
                "Feishu:AppId is set but Feishu:AppSecret is empty: the bot cannot get a tenant_access_token to call Feishu.")
            .Validate(o => FeishuOptions.IsValidApiBaseUrl(o.ApiBaseUrl),
                $"Feishu:ApiBaseUrl must be an absolute https URL without query ({FeishuOptions.FeishuApiBaseUrl}, or {FeishuOptions.LarkApiBaseUrl} for Lark); plain http only to a loopback host.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.RequestTimeout <= TimeSpan.FromMinutes(5),
                "Feishu:RequestTimeout must be positive and at most 5 minutes.")
            .Validate(o => o.TokenRefreshMargin >= TimeSpan.Zero && o.TokenRefreshMargin <= TimeSpan.FromMinutes(30),
                "Feishu:TokenRefreshMargin must be between 0 and 30 minutes.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton(HttpClientKey, (_, _) => CreateHttpClient());
        services.TryAddSingleton(sp => new FeishuTokenProvider(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey), sp.GetRequiredService<IOptions<FeishuOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FeishuTokenProvider>>()));
        services.TryAddSingleton(sp => new FeishuApiClient(
            sp.GetRequiredKeyedService<HttpClient>(HttpClientKey), sp.GetRequiredService<FeishuTokenProvider>(),
            sp.GetRequiredService<IOptions<FeishuOptions>>(), sp.GetRequiredService<ILogger<FeishuApiClient>>()));
        services.TryAddSingleton<FeishuDirectory>();

        if (!string.IsNullOrWhiteSpace(configuration[FeishuOptions.Section + ":" + nameof(FeishuOptions.AppId)]))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, FeishuChannelSender>(sp => new FeishuChannelSender(
                sp.GetRequiredService<FeishuApiClient>(), sp.GetRequiredService<ConversationService>(),
                sp.GetRequiredService<ILogger<FeishuChannelSender>>())));
        }

        return services;
    }

    /// <summary>
    /// One long-lived client for the process: pooled connections recycled every few minutes (DNS changes are followed), no
    /// redirects (a bearer token must not follow one), the timeout per request in the client rather than here.
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
