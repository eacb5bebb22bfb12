using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Bot.Teams.Auth;

/// <summary>
/// Decides whether an inbound <c>POST /api/messages</c> really comes from a Bot Framework channel (or the Emulator)
/// for this bot, following the Bot Connector authentication spec (channel -> bot and emulator -> bot paths).
/// Call it before the activity is processed; on rejection answer 401 and do nothing else.
/// </summary>
/// <remarks>
/// Bot Framework channel token (<c>iss</c> = <see cref="TeamsOptions.BotFrameworkIssuer"/>): keys from
/// <see cref="TeamsOptions.BotFrameworkOpenIdMetadataUrl"/>; <c>aud</c> = the app id; lifetime within
/// <see cref="TeamsOptions.ClockSkew"/>; RS256/RS384/RS512; the signing key's <c>endorsements</c> contain the activity's
/// channelId; the <c>serviceurl</c> claim equals the activity's serviceUrl (ignoring case).
/// Entra token (<c>iss</c> = <c>https://sts.windows.net/{tid}/</c> or <c>https://login.microsoftonline.com/{tid}/v2.0</c>
/// for the Bot Framework tenants and <see cref="TeamsOptions.AppTenantId"/>): keys from
/// <see cref="TeamsOptions.EntraOpenIdMetadataUrl"/>; <c>aud</c> = the app id; and the token was made with the bot's own
/// credentials: <c>appid</c> (ver 1.0) or <c>azp</c> (ver 2.0) = the app id. Entra keys carry no endorsements; if a key
/// does list some, they are checked as for channel tokens. Entra tokens carry no <c>serviceurl</c> claim.
/// No header at all is accepted only when no app id is configured.
/// The appid/azp rule is the Bot Connector spec's emulator path (and the Bot Framework SDK's); the newer Agents SDK
/// checks only issuer and audience there. We keep the stricter rule: without it, any app that can get an Entra token
/// for this bot's app id could post activities with a serviceUrl of its choosing, and Entra tokens bind no serviceUrl.
/// </remarks>
public sealed class BotFrameworkTokenValidator
{
    /// <summary>The named HttpClient the signing keys are fetched with (tests give it a handler that serves a local issuer).</summary>
    public const string HttpClientName = "OkrBot.Teams.Auth";

    /// <summary>The Entra tenants Bot Framework tokens are issued from (auth protocol v3.1 and v3.2).</summary>
    public static readonly IReadOnlyList<string> BotFrameworkTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    // Real tokens are 1-3 KB; anything far larger is not one of them and is not worth parsing.
    private const int MaxTokenLength = 16 * 1024;

    private readonly TeamsOptions _options;
    private readonly TimeProvider _clock;
    private readonly SigningKeyCache _botFrameworkKeys;
    private readonly SigningKeyCache _entraKeys;
    private readonly HashSet<string> _entraIssuers;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotFrameworkTokenValidator(
        IOptions<TeamsOptions> options, IHttpClientFactory httpClients, TimeProvider clock, ILogger<BotFrameworkTokenValidator> logger)
    {
        _options = options.Value;
        _clock = clock;
        _botFrameworkKeys = new SigningKeyCache("Bot Framework", _options.BotFrameworkOpenIdMetadataUrl, _options.SigningKeyRefreshInterval, httpClients, clock, logger);
        _entraKeys = new SigningKeyCache("Entra ID", _options.EntraOpenIdMetadataUrl, _options.SigningKeyRefreshInterval, httpClients, clock, logger);

        var tenants = BotFrameworkTenants.ToList();
        if (!string.IsNullOrWhiteSpace(_options.AppTenantId)) tenants.Add(_options.AppTenantId.Trim());
        _entraIssuers = tenants
            .SelectMany(t => new[] { $"https://sts.windows.net/{t}/", $"https://login.microsoftonline.com/{t}/v2.0" })
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Validates the request's <c>Authorization</c> header against the activity it carries.</summary>
    /// <param name="authorizationHeader">The raw header value (<c>Bearer &lt;JWT&gt;</c>), or null when absent.</param>
    /// <param name="channelId">The activity's <c>channelId</c> (e.g. <c>msteams</c>).</param>
    /// <param name="serviceUrl">The activity's <c>serviceUrl</c>.</param>
    /// <returns>Accepted or rejected; never throws for a bad token or an unreachable issuer (only on cancellation).</returns>
    public async Task<InboundAuthResult> ValidateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
            return _options.IsAnonymous ? InboundAuthResult.Anonymous : Reject("no Authorization header");

        // Without an app id there is no audience to check a token against, so a token cannot be validated.
        if (_options.IsAnonymous) return Reject("a token was sent but no app id is configured");
        var appId = _options.AppId!.Trim();

        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
            return Reject("the Authorization header is not 'Bearer <token>'");
        var token = parts[1];
        if (token.Length > MaxTokenLength) return Reject("the token is too long");

        string alg, kid, issuer;
        try
        {
            var unverified = _handler.ReadJsonWebToken(token);
            if (unverified.IsEncrypted) return Reject("the token is not a well-formed JWT");
            (alg, kid, issuer) = (unverified.Alg, unverified.Kid, unverified.Issuer);
        }
        catch (Exception)
        {
            // Whatever the parser makes of hostile input, it is a rejection, not a 500.
            return Reject("the token is not a well-formed JWT");
        }
        // Checked again by the handler; refusing early keeps 'none' and HMAC tokens away from key lookup altogether.
        if (!AllowedAlgorithms.Contains(alg, StringComparer.Ordinal)) return Reject("the token's signing algorithm is not allowed");
        if (string.IsNullOrEmpty(kid)) return Reject("the token names no signing key");

        InboundCaller caller;
        SigningKeyCache keys;
        if (string.Equals(issuer, _options.BotFrameworkIssuer, StringComparison.Ordinal))
            (caller, keys) = (InboundCaller.BotFrameworkChannel, _botFrameworkKeys);
        else if (_entraIssuers.Contains(issuer))
            (caller, keys) = (InboundCaller.Entra, _entraKeys);
        else
            return Reject("the token's issuer is not trusted");

        var (outcome, key) = await keys.FindAsync(kid, ct);
        if (outcome == SigningKeyCache.Outcome.Unavailable) return Reject("the issuer's signing keys could not be fetched");
        if (outcome == SigningKeyCache.Outcome.UnknownKey || key is null) return Reject("the token is signed with an unknown key");

        var validation = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = issuer,
            ValidateAudience = true,
            ValidAudience = appId,
            RequireAudience = true,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) => CheckLifetime(notBefore, expires),
            RequireSignedTokens = true,
            ValidAlgorithms = AllowedAlgorithms,
            IssuerSigningKeys = [key.Key],
            TryAllIssuerSigningKeys = false,
            ValidateIssuerSigningKey = false, // a bare RSA key from the key set: nothing beyond the signature to check
            ValidateTokenReplay = false,
        });
        if (!validation.IsValid) return Reject(Describe(validation.Exception));

        // Bot Framework keys are endorsed per channel: a key endorsed only for webchat cannot speak for msteams.
        if ((caller == InboundCaller.BotFrameworkChannel || key.Endorsements.Count > 0)
            && (string.IsNullOrEmpty(channelId) || !key.Endorsements.Contains(channelId)))
            return Reject("the signing key is not endorsed for the activity's channel");

        var claims = validation.ClaimsIdentity;
        if (caller == InboundCaller.BotFrameworkChannel)
        {
            var claimedServiceUrl = claims.FindFirst("serviceurl")?.Value;
            if (string.IsNullOrEmpty(claimedServiceUrl) || !string.Equals(claimedServiceUrl, serviceUrl, StringComparison.OrdinalIgnoreCase))
                return Reject("the token's serviceurl does not match the activity's serviceUrl");
        }
        else
        {
            // The emulator path: the token was obtained with the bot's own credentials.
            var callerAppId = claims.FindFirst("ver")?.Value switch
            {
                "1.0" => claims.FindFirst("appid")?.Value,
                "2.0" => claims.FindFirst("azp")?.Value,
                _ => null,
            };
            if (callerAppId is null) return Reject("the Entra token has no known version with its app id claim");
            if (!string.Equals(callerAppId, appId, StringComparison.Ordinal)) return Reject("the Entra token was not issued to this bot's app");
        }

        return InboundAuthResult.Accepted(caller, claims, appId);
    }

    /// <summary>Lifetime against the injected clock (the handler's own check reads the wall clock), within the skew.</summary>
    private bool CheckLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (expires is null) throw new SecurityTokenNoExpirationException("The token has no expiry.");
        if (now > expires.Value.ToUniversalTime() + _options.ClockSkew)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expires.Value };
        if (notBefore is not null && now + _options.ClockSkew < notBefore.Value.ToUniversalTime())
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = notBefore.Value };
        return true;
    }

    private static InboundAuthResult Reject(string reason) => InboundAuthResult.Rejected(reason);

    private static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is invalid",
        SecurityTokenInvalidAudienceException => "the token is for another audience",
        SecurityTokenInvalidIssuerException => "the token's issuer is not trusted",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not allowed",
        SecurityTokenSignatureKeyNotFoundException => "the token's signature does not verify",
        SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        SecurityTokenMalformedException => "the token is not a well-formed JWT",
        _ => "the token is not valid",
    };
}
