using Microsoft.Extensions.DependencyInjection.Extensions;
using OkrBot.Bot.Conversation;
using OkrBot.Bot.Teams.Auth;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Bot.Teams;

public static class TeamsChannelExtensions
{
    /// <summary>Teams: the connector (outbound), token validation (inbound), and the turn pipeline between them.</summary>
    public static IServiceCollection AddTeamsChannel(this IServiceCollection services, IConfiguration configuration)
    {
        // The connector binds the "Teams" section; the validator sees that and does not bind it a second time.
        services.AddTeamsConnector(configuration);
        services.AddTeamsAuthentication(configuration);
        services.AddSingleton<TurnHandler>();
        services.TryAddSingleton<AuthoringTurns>();
        services.AddSingleton<TeamsSender>();
        services.AddSingleton<TeamsActivityProcessor>();
        return services;
    }
}
