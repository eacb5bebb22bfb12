using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace OkrBot.Bot.Teams.Auth;

/// <summary>A published RSA signing key and the channel ids it is endorsed for (Bot Framework keys list them).</summary>
internal sealed record SigningKey(JsonWebKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// One issuer's signing keys: OpenID metadata document -> <c>jwks_uri</c> -> the key set, kept in memory.
/// Fetched on first use, again every <c>refreshInterval</c>, and at once when a token names a key id we do not know,
/// but never more often than <see cref="MinimumRefreshInterval"/>: a stream of forged key ids must not turn into a
/// stream of requests to the issuer. One fetch at a time; callers wait for it.
/// A failed fetch keeps the keys we had (and is retried after <see cref="RetryAfterFailure"/>); it never throws.
/// </summary>
internal sealed class SigningKeyCache(
    string issuerName, string metadataUrl, TimeSpan refreshInterval, IHttpClientFactory httpClients, TimeProvider clock, ILogger logger)
{
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);
    private const int MaxDocumentBytes = 256 * 1024;

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile State _state = new(null, DateTimeOffset.MinValue, DateTimeOffset.MinValue);

    /// <param name="Keys">By key id; null until the first fetch succeeds.</param>
    /// <param name="RefreshDueAt">When the keys are fetched again, whatever the tokens say.</param>
    /// <param name="UnknownKeyRefreshAllowedAt">The earliest time an unknown key id may cause a fetch.</param>
    private sealed record State(IReadOnlyDictionary<string, SigningKey>? Keys, DateTimeOffset RefreshDueAt, DateTimeOffset UnknownKeyRefreshAllowedAt);

    public enum Outcome { Found, UnknownKey, Unavailable }

    public async Task<(Outcome Outcome, SigningKey? Key)> FindAsync(string keyId, CancellationToken ct)
    {
        var state = _state;
        if (clock.GetUtcNow() >= state.RefreshDueAt)
            state = await RefreshAsync((s, now) => now >= s.RefreshDueAt, ct);

        if (state.Keys is null) return (Outcome.Unavailable, null);
        if (state.Keys.TryGetValue(keyId, out var key)) return (Outcome.Found, key);

        if (clock.GetUtcNow() >= state.UnknownKeyRefreshAllowedAt)
        {
            state = await RefreshAsync((s, now) => now >= s.UnknownKeyRefreshAllowedAt && s.Keys?.ContainsKey(keyId) != true, ct);
            if (state.Keys?.TryGetValue(keyId, out key) == true) return (Outcome.Found, key);
        }
        return state.Keys is null ? (Outcome.Unavailable, null) : (Outcome.UnknownKey, null);
    }

    /// <summary>Fetches the keys if <paramref name="stillNeeded"/> holds once we have the gate (another caller may have just fetched).</summary>
    private async Task<State> RefreshAsync(Func<State, DateTimeOffset, bool> stillNeeded, CancellationToken ct)
    {
        await _fetching.WaitAsync(ct);
        try
        {
            var current = _state;
            var now = clock.GetUtcNow();
            if (!stillNeeded(current, now)) return current;
            try
            {
                var keys = await FetchAsync(ct);
                _state = new State(keys, now + refreshInterval, now + MinimumRefreshInterval);
                logger.LogInformation("Fetched {Count} {Issuer} signing keys", keys.Count, issuerName);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Keep whatever keys we had: an issuer that is briefly down must not lock every channel out.
                var retryAt = now + RetryAfterFailure;
                _state = current with
                {
                    RefreshDueAt = retryAt,
                    UnknownKeyRefreshAllowedAt = current.UnknownKeyRefreshAllowedAt > retryAt ? current.UnknownKeyRefreshAllowedAt : retryAt,
                };
                logger.LogWarning(ex, "Could not fetch the {Issuer} signing keys from {MetadataUrl}; {Keeping}", issuerName, metadataUrl,
                    current.Keys is null ? "no keys yet, tokens are rejected until a fetch succeeds" : "keeping the keys fetched before");
            }
            return _state;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(FetchTimeout);
        var http = httpClients.CreateClient(BotFrameworkTokenValidator.HttpClientName);

        var metadataUri = new Uri(metadataUrl, UriKind.Absolute);
        string? jwksUriText;
        using (var metadata = await GetJsonAsync(http, metadataUri, timeout.Token))
        {
            jwksUriText = metadata.RootElement.TryGetProperty("jwks_uri", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
        }
        // The key set must be at least as well protected as the metadata that points to it: https, unless the
        // metadata itself came over http (a local test issuer).
        if (!Uri.TryCreate(jwksUriText, UriKind.Absolute, out var jwksUri)
            || !(jwksUri.Scheme == Uri.UriSchemeHttps || (jwksUri.Scheme == Uri.UriSchemeHttp && metadataUri.Scheme == Uri.UriSchemeHttp)))
            throw new InvalidDataException("The OpenID metadata has no usable jwks_uri.");

        using var jwks = await GetJsonAsync(http, jwksUri, timeout.Token);
        if (!jwks.RootElement.TryGetProperty("keys", out var keyArray) || keyArray.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("The key set has no 'keys' array.");

        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var element in keyArray.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object) continue;
            JsonWebKey key;
            try { key = new JsonWebKey(element.GetRawText()); }
            catch (ArgumentException) { continue; } // one malformed entry must not cost us the others
            if (string.IsNullOrEmpty(key.Kid) || key.Kty != JsonWebAlgorithmsKeyTypes.RSA) continue;
            if (string.IsNullOrEmpty(key.N) || string.IsNullOrEmpty(key.E)) continue;
            if (!string.IsNullOrEmpty(key.Use) && key.Use != JsonWebKeyUseNames.Sig) continue;

            var endorsements = new HashSet<string>(StringComparer.Ordinal);
            if (element.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array)
                foreach (var item in e.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(item.GetString())) endorsements.Add(item.GetString()!);

            keys[key.Kid] = new SigningKey(key, endorsements);
        }
        return keys.Count > 0 ? keys : throw new InvalidDataException("The key set holds no RSA signing keys.");
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, Uri uri, CancellationToken ct)
    {
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
            throw new InvalidDataException($"{uri} is larger than {MaxDocumentBytes} bytes.");

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes) throw new InvalidDataException($"{uri} is larger than {MaxDocumentBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return JsonDocument.Parse(buffer.ToArray());
    }
}
