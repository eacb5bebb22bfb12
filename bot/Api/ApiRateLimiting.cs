using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OkrBot.Bot.Api;

/// <summary>
/// ASP.NET Core's rate limiter, one fixed window per API key (<c>Api:RateLimit</c>). It runs after authentication, so
/// only valid keys count against a limit, and a key's requests never use up another's. The counts live in this
/// process: each node of a scaled-out deployment counts on its own.
/// </summary>
internal static class ApiRateLimiting
{
    public const string Policy = "okr-api-per-key";

    public static IServiceCollection AddOkrApiRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RateLimit;
                // Authorization ran first, so every request here carries a key; the fallback partition is a guard only.
                var key = http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) ?? "";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = settings.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await ApiProblems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This API key made more requests than its limit allows. Try again in {seconds} s.");
            };
        });
}
