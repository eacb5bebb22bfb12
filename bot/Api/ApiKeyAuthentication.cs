using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;

namespace OkrBot.Bot.Api;

/// <summary>
/// <c>Authorization: Bearer okr_…</c> on <c>/api/v1</c>: the key is checked by <see cref="ApiKeyService"/> (shape and
/// checksum first, then the stored hash in constant time). Refusals are problem documents: 401 with
/// <c>WWW-Authenticate: Bearer</c> (RFC 6750) for a missing, wrong or revoked key, 403 for a read-only key that writes.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggers, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "OkrApiKey";
    public const string TenantClaim = "okr:tenant";
    public const string KeyClaim = "okr:key";
    public const string ScopeClaim = "okr:scope";
    public const string ReadPolicy = "okr-api-read";
    public const string WritePolicy = "okr-api-write";
    private const string Realm = "OkrBot API";
    private const string RejectionItem = "okr:api-key-rejection";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        const string bearer = "Bearer ";
        var presented = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : null;
        var check = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (check.Actor is not { } actor)
        {
            var rejection = check.Rejection ?? ApiKeyRejection.Malformed;
            Context.Items[RejectionItem] = rejection;
            // The prefix is the key's public part; the secret is never logged.
            LogRefused(Logger, check.Prefix ?? "(not a key)", rejection);
            return AuthenticateResult.Fail(rejection.ToString());
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(TenantClaim, actor.TenantId.ToString()),
            new Claim(KeyClaim, actor.ApiKeyId.ToString()),
            new Claim(ScopeClaim, actor.Scope == ApiKeyScope.Write ? "write" : "read"),
            new Claim(ClaimTypes.Name, actor.Name),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejection = Context.Items[RejectionItem] as ApiKeyRejection?;
        var (challenge, detail) = rejection switch
        {
            null => ($"Bearer realm=\"{Realm}\"",
                "This API needs an API key: send it as \"Authorization: Bearer okr_…\". An operator makes one with POST /ops/tenants/{tenantId}/api-keys."),
            ApiKeyRejection.Revoked => ($"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"The API key was revoked\"",
                "The API key was revoked. Ask an operator for a new one."),
            _ => ($"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"The API key is not valid\"",
                "The API key is not valid."),
        };
        Response.Headers.WWWAuthenticate = challenge;
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "This API key may only read. Changes need a key with the write scope.");

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Prefix} refused: {Rejection}")]
    private static partial void LogRefused(ILogger logger, string prefix, ApiKeyRejection rejection);
}

/// <summary>The API key behind an authenticated request, as core takes it.</summary>
internal static class ApiCaller
{
    public static ApiKeyActor Of(HttpContext http)
    {
        var user = http.User;
        return new ApiKeyActor(
            Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.TenantClaim)!),
            Guid.Parse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim)!),
            user.FindFirstValue(ClaimTypes.Name) ?? "",
            user.FindFirstValue(ApiKeyAuthenticationHandler.ScopeClaim) == "write" ? ApiKeyScope.Write : ApiKeyScope.Read);
    }
}
