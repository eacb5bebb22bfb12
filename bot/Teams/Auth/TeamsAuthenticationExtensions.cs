using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Bot.Teams.Auth;

public static class TeamsAuthenticationExtensions
{
    /// <summary>
    /// Binds <see cref="TeamsOptions"/> (section <c>Teams</c>) and registers <see cref="BotFrameworkTokenValidator"/> as a
    /// singleton, with the named HttpClient it fetches signing keys with.
    /// </summary>
    public static IServiceCollection AddTeamsAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        // Bind once: binding the section a second time would append AllowedServiceUrlHosts to itself. This sees an
        // earlier Bind(...) or Configure<TeamsOptions>(section); it cannot see BindConfiguration(...).
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<TeamsOptions>)
                               && d.ImplementationInstance is NamedConfigureFromConfigurationOptions<TeamsOptions>))
            services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.Section));

        services.AddOptions<TeamsOptions>()
            .Validate(o => IsHttpUrl(o.BotFrameworkOpenIdMetadataUrl), "Teams:BotFrameworkOpenIdMetadataUrl must be an absolute http(s) URL.")
            .Validate(o => IsHttpUrl(o.EntraOpenIdMetadataUrl), "Teams:EntraOpenIdMetadataUrl must be an absolute http(s) URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.BotFrameworkIssuer), "Teams:BotFrameworkIssuer must be set.")
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(30), "Teams:ClockSkew must be between 0 and 30 minutes.")
            .Validate(o => o.SigningKeyRefreshInterval > TimeSpan.Zero, "Teams:SigningKeyRefreshInterval must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(BotFrameworkTokenValidator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.TryAddSingleton<BotFrameworkTokenValidator>();
        return services;
    }

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
