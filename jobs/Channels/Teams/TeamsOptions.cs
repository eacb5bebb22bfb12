namespace OkrBot.Jobs.Channels.Teams;

/// <summary>
/// The "Teams" configuration section: the bot's identity and the Bot Framework endpoints it trusts and calls.
/// Every URL is configurable so tests can point them at a local issuer and a local fake connector.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>
    /// The bot's Microsoft App ID. Empty means local anonymous mode (Agents Playground, Emulator): inbound requests
    /// carry no token and outbound calls go only to loopback service URLs, with no token.
    /// </summary>
    public string? AppId { get; set; }

    /// <summary>The app's client secret. From the environment or a secret store, never from appsettings.json.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Single-tenant bots: the Entra tenant that owns the app. Empty for multi-tenant (token from botframework.com).</summary>
    public string? AppTenantId { get; set; }

    public bool IsAnonymous => string.IsNullOrWhiteSpace(AppId);

    /// <summary>Where app tokens come from; <c>{tenant}</c> is AppTenantId or "botframework.com".</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>OpenID metadata of the Bot Framework token issuer (channels such as Teams).</summary>
    public string BotFrameworkOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The issuer of Bot Framework channel tokens.</summary>
    public string BotFrameworkIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>OpenID metadata of Entra ID, for Entra-issued tokens (Emulator, and increasingly channels).</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Accepted clock difference on token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long signing keys are cached before they are fetched again (also refetched on an unknown key id).</summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Hosts (besides *.botframework.com, smba.trafficmanager.net and *.teams.microsoft.com) the bot's token may be
    /// sent to. Exact host names, or "*.example.com" for subdomains.
    /// </summary>
    public List<string> AllowedServiceUrlHosts { get; set; } = [];

    /// <summary>Inbound activities larger than this are refused with 413 before they are parsed.</summary>
    public long MaxActivityBytes { get; set; } = 256 * 1024;
}
