using System.ComponentModel.DataAnnotations;

namespace OkrBot.Bot.Api;

/// <summary>The "Api" section: the HTTP API for other systems (<c>/api/v1</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Larger request bodies are refused with 413. A value post is well under 3 KB.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 16 * 1024;

    public ApiRateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>
/// Requests per API key: at most <see cref="PermitLimit"/> in each <see cref="Window"/> (a fixed window), counted by each
/// node on its own: behind a load balancer with N nodes a key may get up to N times as many.
/// </summary>
public sealed class ApiRateLimitOptions
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
