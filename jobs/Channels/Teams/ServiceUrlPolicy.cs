using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Teams;

/// <summary>The answer of <see cref="ServiceUrlPolicy.Check"/>: the parsed URL when allowed, why not otherwise.</summary>
public readonly record struct ServiceUrlDecision(bool Allowed, Uri? Uri, string Reason)
{
    internal static ServiceUrlDecision Allow(Uri uri, string reason) => new(true, uri, reason);

    internal static ServiceUrlDecision Refuse(string reason) => new(false, null, reason);
}

/// <summary>
/// Where the bot's token may go. With an app id: https only, to the Bot Framework's own hosts (*.botframework.com,
/// smba.trafficmanager.net, *.teams.microsoft.com), to <see cref="TeamsOptions.AllowedServiceUrlHosts"/>, or to a host
/// that came in on an authenticated activity (<see cref="TrustAuthenticated"/>); never to loopback, unless the allow-list
/// names the loopback host itself ("127.0.0.1", "localhost", "::1": a connector on the bot's own machine, such as the
/// inbound benchmark's, chosen by whoever configures the bot, never by an activity). Without an app id (local anonymous
/// mode: Agents Playground, Emulator) nothing is signed, and only loopback service URLs are called.
/// </summary>
public sealed class ServiceUrlPolicy
{
    /// <summary>The most hosts <see cref="TrustAuthenticated"/> remembers; more than a handful means something is wrong.</summary>
    public const int MaxAuthenticatedHosts = 1000;

    private static readonly string[] BotFrameworkHosts = ["*.botframework.com", "smba.trafficmanager.net", "*.teams.microsoft.com"];

    private readonly TeamsOptions _options;
    private readonly string[] _patterns;
    private readonly HashSet<string> _loopbackHosts;
    private readonly ConcurrentDictionary<string, byte> _authenticated = new(StringComparer.Ordinal);

    public ServiceUrlPolicy(IOptions<TeamsOptions> options)
    {
        _options = options.Value;
        _patterns = [.. BotFrameworkHosts, .. _options.AllowedServiceUrlHosts.Select(NormalizePattern).Where(IsValidHostPattern)];
        _loopbackHosts = _options.AllowedServiceUrlHosts.Select(NormalizePattern).Where(IsLoopbackHost).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>May the bot call this service URL (with its token, unless anonymous)?</summary>
    public ServiceUrlDecision Check(string? serviceUrl)
    {
        if (!TryParse(serviceUrl, out var uri, out var problem))
        {
            return ServiceUrlDecision.Refuse(problem);
        }

        if (_options.IsAnonymous)
        {
            return uri.IsLoopback
                ? ServiceUrlDecision.Allow(uri, "loopback service URL in anonymous mode")
                : ServiceUrlDecision.Refuse($"anonymous mode (no app id) calls only loopback service URLs, not {uri.Host}");
        }

        if (uri.IsLoopback && !_loopbackHosts.Contains(HostOf(uri)))
        {
            return ServiceUrlDecision.Refuse(
                "a loopback service URL is only used in anonymous mode (no app id configured) or when Teams:AllowedServiceUrlHosts names that loopback host");
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return ServiceUrlDecision.Refuse("the bot's token is only sent over https");
        }

        if (uri.IsLoopback)
        {
            return ServiceUrlDecision.Allow(uri, "allow-listed loopback host");
        }

        var host = HostOf(uri);
        if (_patterns.Any(p => Matches(p, host)))
        {
            return ServiceUrlDecision.Allow(uri, "allow-listed host");
        }

        return _authenticated.ContainsKey(KeyOf(uri))
            ? ServiceUrlDecision.Allow(uri, "host seen on an authenticated activity")
            : ServiceUrlDecision.Refuse($"{host} is neither a Bot Framework host, nor allow-listed (Teams:AllowedServiceUrlHosts), nor seen on an authenticated activity");
    }

    /// <summary>
    /// The inbound endpoint calls this after it validated an activity's token (whose <c>serviceurl</c> claim matched the
    /// activity's serviceUrl): that host may then receive the bot's token. Only https, never loopback, never in anonymous
    /// mode. Remembered in this process only (at most <see cref="MaxAuthenticatedHosts"/>). Returns whether it is trusted now.
    /// </summary>
    public bool TrustAuthenticated(string? serviceUrl)
    {
        if (_options.IsAnonymous || !TryParse(serviceUrl, out var uri, out _) || uri.IsLoopback || uri.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        var key = KeyOf(uri);
        if (_authenticated.ContainsKey(key))
        {
            return true;
        }

        if (_authenticated.Count >= MaxAuthenticatedHosts)
        {
            return false;
        }

        _authenticated.TryAdd(key, 0);
        return true;
    }

    /// <summary>
    /// An exact host name ("bots.example.com"), a subdomain wildcard ("*.example.com"), or a loopback host named exactly
    /// ("127.0.0.1", "localhost", "::1"); no scheme, port or path. Other IP addresses are not taken: Bot Framework
    /// connectors are reached by name.
    /// </summary>
    public static bool IsValidHostPattern(string? pattern)
    {
        var p = NormalizePattern(pattern);
        if (IsLoopbackHost(p)) return true;
        var host = p.StartsWith("*.", StringComparison.Ordinal) ? p[2..] : p;
        return host.Length > 0 && host.Contains('.', StringComparison.Ordinal) && !host.StartsWith('.')
               && Uri.CheckHostName(host) == UriHostNameType.Dns;
    }

    /// <summary>
    /// "localhost", an IPv4 loopback address (127.0.0.0/8) or the IPv6 one, written as a host alone and in its usual
    /// form ("127.0.0.1", not "127.1" or "2130706433", which a URL would never show).
    /// </summary>
    private static bool IsLoopbackHost(string normalized) =>
        normalized == "localhost"
        || (System.Net.IPAddress.TryParse(normalized, out var address) && System.Net.IPAddress.IsLoopback(address)
            && address.ToString() == normalized);

    private static bool TryParse(string? serviceUrl, out Uri uri, out string problem)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(serviceUrl) || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var parsed))
        {
            problem = "the service URL is not an absolute URL";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
        {
            problem = $"the service URL scheme {parsed.Scheme} is not http(s)";
            return false;
        }

        if (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            problem = "the service URL carries user info, a query or a fragment";
            return false;
        }

        uri = parsed;
        problem = "";
        return true;
    }

    private static string HostOf(Uri uri) => uri.IdnHost.TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private static string KeyOf(Uri uri) => $"{HostOf(uri)}:{uri.Port}";

    private static string NormalizePattern(string? pattern) => (pattern ?? "").Trim().TrimEnd('.').Trim('[', ']').ToLowerInvariant();

    private static bool Matches(string pattern, string host) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.Ordinal)
            : host == pattern;
}
