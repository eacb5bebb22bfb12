using Microsoft.Extensions.DependencyInjection.Extensions;
using OkrBot.Bot.Conversation;
using OkrBot.Jobs.Channels.Feishu;

namespace OkrBot.Bot.Feishu;

public static class FeishuChannelExtensions
{
    /// <summary>
    /// Feishu inbound: the connector (options, API client), the event log, the queue of message events and its worker, and
    /// the turn pipeline; map the endpoint with <see cref="FeishuEventsEndpoint.MapFeishuEvents"/>.
    /// </summary>
    public static IServiceCollection AddFeishuChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFeishuConnector(configuration);
        services.TryAddSingleton<TurnHandler>();
        services.TryAddSingleton<AuthoringTurns>();
        services.AddSingleton<FeishuEventLog>();
        services.AddSingleton<FeishuTurns>();
        services.AddSingleton<FeishuEventProcessor>();
        services.AddSingleton<FeishuInbox>();
        services.AddHostedService(sp => sp.GetRequiredService<FeishuInbox>());
        return services;
    }
}
