using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Bot.Teams.Auth;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Tests.Teams.Auth;

/// <summary>
/// A local stand-in for login.botframework.com and Entra ID: RSA keys made here, OpenID metadata and key sets (with
/// Bot Framework <c>endorsements</c>) served from memory through an <see cref="HttpMessageHandler"/>, and tokens minted
/// with whatever claims, key and algorithm a test asks for. Nothing listens on a port.
/// </summary>
/// <remarks>
/// Plugging it in:
/// <list type="bullet">
/// <item>Directly: <c>issuer.CreateValidator(appId)</c>, or
/// <c>new BotFrameworkTokenValidator(Options.Create(issuer.Options(appId)), issuer.HttpClientFactory, clock, logger)</c>.</item>
/// <item>Through the real host (WebApplicationFactory), once Program.cs calls <c>AddTeamsAuthentication</c>:
/// <code>
/// var issuer = new TestIssuer();   // mints tokens on the system clock, which the host uses too
/// var bot = new WebApplicationFactory&lt;Program&gt;().WithWebHostBuilder(b =&gt;
/// {
///     foreach (var (key, value) in issuer.Settings(TestIssuer.AppId)) b.UseSetting(key, value);
///     b.ConfigureTestServices(issuer.AddTo);   // the validator's named HttpClient now talks to this issuer
/// });
/// var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
/// request.Headers.Authorization = new("Bearer", issuer.BotFrameworkToken());   // serviceUrl/channelId must match the activity
/// </code></item>
/// </list>
/// The metadata URLs use the reserved <c>.test</c> domain, so a validator that is not given this issuer's handler
/// fails to fetch keys instead of reaching the real issuers.
/// </remarks>
public sealed class TestIssuer : IDisposable
{
    public const string BotFrameworkMetadataUrl = "https://login.botframework.test/v1/.well-known/openidconfiguration";
    public const string BotFrameworkKeysUrl = "https://login.botframework.test/v1/.well-known/keys";
    public const string EntraMetadataUrl = "https://login.microsoftonline.test/common/v2.0/.well-known/openid-configuration";
    public const string EntraKeysUrl = "https://login.microsoftonline.test/common/discovery/v2.0/keys";

    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string BotFrameworkTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
    public const string AppId = "5f0c6a4e-2b7d-4c1e-9a3f-0d8e7b6c5a41";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string ChannelId = "msteams";

    private readonly TimeProvider _clock;
    private readonly List<TestKey> _botFrameworkKeys = [];
    private readonly List<TestKey> _entraKeys = [];
    private readonly List<TestKey> _allKeys = [];
    private readonly Lock _gate = new();
    private int _botFrameworkKeySetFetches;
    private int _entraKeySetFetches;
    private int _requestsReceived;
    private TaskCompletionSource _answering = Answering();

    /// <param name="clock">The clock tokens are minted on (iat, nbf, exp); give it the validator's clock.</param>
    public TestIssuer(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        BotFrameworkKey = PublishBotFrameworkKey("msteams", "emulator", "webchat", "directline");
        EntraKey = PublishEntraKey();
        HttpClientFactory = new ClientFactory(this);
    }

    /// <summary>The published Bot Framework key, endorsed for msteams, emulator, webchat and directline.</summary>
    public TestKey BotFrameworkKey { get; }

    /// <summary>The published Entra key (Entra keys carry no endorsements).</summary>
    public TestKey EntraKey { get; }

    /// <summary>What the issuer's endpoints answer; anything but <see cref="IssuerFault.None"/> breaks every fetch.</summary>
    public IssuerFault Fault { get; set; }

    public int BotFrameworkKeySetFetches => Volatile.Read(ref _botFrameworkKeySetFetches);

    public int EntraKeySetFetches => Volatile.Read(ref _entraKeySetFetches);

    /// <summary>Every request that reached the issuer, answered or still held.</summary>
    public int RequestsReceived => Volatile.Read(ref _requestsReceived);

    /// <summary>Requests wait, unanswered, until <see cref="AnswerRequests"/> (to catch callers queuing behind one fetch).</summary>
    public void HoldRequests() => _answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void AnswerRequests() => _answering.TrySetResult();

    /// <summary>An IHttpClientFactory whose clients reach this issuer, for constructing the validator by hand.</summary>
    public IHttpClientFactory HttpClientFactory { get; }

    /// <summary>A new handler answering for this issuer (each call a new one: IHttpClientFactory disposes the handlers it is given).</summary>
    public HttpMessageHandler CreateHandler() => new Handler(this);

    /// <summary>Points the validator's named HttpClient at this issuer (use in ConfigureTestServices).</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddHttpClient(BotFrameworkTokenValidator.HttpClientName).ConfigurePrimaryHttpMessageHandler(CreateHandler);

    /// <summary>Configuration keys that point the bot at this issuer (for UseSetting or an in-memory configuration).</summary>
    public IReadOnlyDictionary<string, string?> Settings(string? appId = AppId) => new Dictionary<string, string?>
    {
        [$"{TeamsOptions.Section}:{nameof(TeamsOptions.AppId)}"] = appId ?? "",
        [$"{TeamsOptions.Section}:{nameof(TeamsOptions.BotFrameworkOpenIdMetadataUrl)}"] = BotFrameworkMetadataUrl,
        [$"{TeamsOptions.Section}:{nameof(TeamsOptions.EntraOpenIdMetadataUrl)}"] = EntraMetadataUrl,
    };

    /// <summary>TeamsOptions pointing at this issuer.</summary>
    public TeamsOptions Options(string? appId = AppId) => new()
    {
        AppId = appId,
        BotFrameworkOpenIdMetadataUrl = BotFrameworkMetadataUrl,
        EntraOpenIdMetadataUrl = EntraMetadataUrl,
    };

    /// <summary>A validator wired to this issuer and its clock.</summary>
    public BotFrameworkTokenValidator CreateValidator(string? appId = AppId, Action<TeamsOptions>? configure = null, ILogger<BotFrameworkTokenValidator>? logger = null)
    {
        var options = Options(appId);
        configure?.Invoke(options);
        return new BotFrameworkTokenValidator(Microsoft.Extensions.Options.Options.Create(options), HttpClientFactory, _clock,
            logger ?? NullLogger<BotFrameworkTokenValidator>.Instance);
    }

    /// <summary>A key this issuer does not publish (for forgeries), distinct from every other key of this issuer.</summary>
    public TestKey CreateKey(params string[] endorsements)
    {
        lock (_gate)
        {
            var key = TestKey.Create(_allKeys.Count, endorsements);
            _allKeys.Add(key);
            return key;
        }
    }

    /// <summary>Makes a key and adds it to the Bot Framework key set, endorsed for the given channel ids.</summary>
    public TestKey PublishBotFrameworkKey(params string[] endorsements)
    {
        var key = CreateKey(endorsements);
        lock (_gate) _botFrameworkKeys.Add(key);
        return key;
    }

    /// <summary>Makes a key and adds it to the Entra key set.</summary>
    public TestKey PublishEntraKey(params string[] endorsements)
    {
        var key = CreateKey(endorsements);
        lock (_gate) _entraKeys.Add(key);
        return key;
    }

    /// <summary>Claims of a valid Bot Framework channel token for <paramref name="appId"/>, lifetime from now to an hour on.</summary>
    public Dictionary<string, object?> BotFrameworkClaims(string appId = AppId, string serviceUrl = ServiceUrl) => WithLifetime(new()
    {
        ["iss"] = BotFrameworkIssuer,
        ["aud"] = appId,
        ["serviceurl"] = serviceUrl,
    });

    /// <summary>
    /// Claims of a valid Entra token made with the bot's own credentials: ver 1.0 (<c>https://sts.windows.net/{tid}/</c>,
    /// app id in <c>appid</c>) or 2.0 (<c>https://login.microsoftonline.com/{tid}/v2.0</c>, app id in <c>azp</c>).
    /// </summary>
    public Dictionary<string, object?> EntraClaims(string version = "1.0", string tenant = BotFrameworkTenant, string appId = AppId) =>
        WithLifetime(version == "2.0"
            ? new()
            {
                ["iss"] = $"https://login.microsoftonline.com/{tenant}/v2.0",
                ["aud"] = appId,
                ["azp"] = appId,
                ["azpacr"] = "1",
                ["tid"] = tenant,
                ["ver"] = "2.0",
            }
            : new()
            {
                ["iss"] = $"https://sts.windows.net/{tenant}/",
                ["aud"] = appId,
                ["appid"] = appId,
                ["appidacr"] = "1",
                ["tid"] = tenant,
                ["ver"] = "1.0",
            });

    /// <summary>A valid Bot Framework channel token, signed with <see cref="BotFrameworkKey"/>.</summary>
    public string BotFrameworkToken(string appId = AppId, string serviceUrl = ServiceUrl) => Sign(BotFrameworkKey, BotFrameworkClaims(appId, serviceUrl));

    /// <summary>A valid Entra token, signed with <see cref="EntraKey"/>.</summary>
    public string EntraToken(string version = "1.0", string tenant = BotFrameworkTenant, string appId = AppId) =>
        Sign(EntraKey, EntraClaims(version, tenant, appId));

    /// <summary>
    /// A JWS over <paramref name="claims"/> signed by <paramref name="key"/> with RS256/RS384/RS512. The header names
    /// <paramref name="kid"/> when given (a key id other than the signer's: a forged or mismatched signature).
    /// </summary>
    public static string Sign(TestKey key, IDictionary<string, object?> claims, string alg = "RS256", string? kid = null)
    {
        var hash = alg switch
        {
            "RS256" => HashAlgorithmName.SHA256,
            "RS384" => HashAlgorithmName.SHA384,
            "RS512" => HashAlgorithmName.SHA512,
            _ => throw new ArgumentOutOfRangeException(nameof(alg), alg, "Use SignHs256WithPublicKey or Unsigned for the other algorithms."),
        };
        var signingInput = SigningInput(new() { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = kid ?? key.KeyId }, claims);
        return signingInput + "." + Base64Url(key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), hash, RSASignaturePadding.Pkcs1));
    }

    /// <summary>An <c>alg: none</c> token naming <paramref name="kid"/>, with an empty signature.</summary>
    public static string Unsigned(IDictionary<string, object?> claims, string kid) =>
        SigningInput(new() { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = kid }, claims) + ".";

    /// <summary>The classic key-confusion forgery: HS256, with the published RSA public key (its JWK JSON) as the HMAC secret.</summary>
    public static string SignHs256WithPublicKey(TestKey key, IDictionary<string, object?> claims)
    {
        var signingInput = SigningInput(new() { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = key.KeyId }, claims);
        var secret = Encoding.UTF8.GetBytes(key.PublicJwk(includeEndorsements: false));
        return signingInput + "." + Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    public void Dispose()
    {
        lock (_gate)
            foreach (var key in _allKeys) key.Dispose();
    }

    private Dictionary<string, object?> WithLifetime(Dictionary<string, object?> claims)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        claims["iat"] = now;
        claims["nbf"] = now;
        claims["exp"] = now + 3600;
        return claims;
    }

    private static string SigningInput(Dictionary<string, object?> header, IDictionary<string, object?> claims) =>
        Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private HttpResponseMessage Respond(HttpRequestMessage request)
    {
        if (Fault == IssuerFault.Unavailable) return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        if (request.Method != HttpMethod.Get) return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);

        string? body;
        lock (_gate)
        {
            body = request.RequestUri?.AbsoluteUri switch
            {
                BotFrameworkMetadataUrl => Metadata(BotFrameworkIssuer, BotFrameworkKeysUrl),
                EntraMetadataUrl => Metadata("https://login.microsoftonline.com/{tenantid}/v2.0", EntraKeysUrl),
                BotFrameworkKeysUrl => KeySet(_botFrameworkKeys, ref _botFrameworkKeySetFetches),
                EntraKeysUrl => KeySet(_entraKeys, ref _entraKeySetFetches),
                _ => null,
            };
        }
        if (body is null) return new HttpResponseMessage(HttpStatusCode.NotFound);
        if (Fault == IssuerFault.Garbage) body = "<html>Service temporarily unavailable</html>";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    private static string Metadata(string issuer, string jwksUri) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
    });

    private static string KeySet(List<TestKey> keys, ref int fetches)
    {
        Interlocked.Increment(ref fetches);
        return "{\"keys\":[" + string.Join(",", keys.Select(k => k.PublicJwk(includeEndorsements: true))) + "]}";
    }

    private static TaskCompletionSource Answering()
    {
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        answering.SetResult();
        return answering;
    }

    private sealed class Handler(TestIssuer issuer) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref issuer._requestsReceived);
            await issuer._answering.Task.WaitAsync(cancellationToken);
            return issuer.Respond(request);
        }
    }

    private sealed class ClientFactory(TestIssuer issuer) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(issuer.CreateHandler());
    }
}

public enum IssuerFault
{
    None,

    /// <summary>Every endpoint answers 503.</summary>
    Unavailable,

    /// <summary>Every endpoint answers 200 with something that is not JSON.</summary>
    Garbage,
}

/// <summary>An RSA key pair with its key id and (for Bot Framework keys) the channel ids it is endorsed for.</summary>
public sealed class TestKey : IDisposable
{
    private TestKey(string keyId, RSA rsa, IReadOnlyList<string> endorsements) => (KeyId, Rsa, Endorsements) = (keyId, rsa, endorsements);

    public string KeyId { get; }

    public RSA Rsa { get; }

    public IReadOnlyList<string> Endorsements { get; }

    // Making a 2048-bit RSA key costs about half a second here, so key material is made once per test run and
    // shared: the n-th key of every issuer is the same pair. Keys of one issuer are always distinct.
    private static readonly List<RSAParameters> Material = [];

    internal static TestKey Create(int index, string[] endorsements)
    {
        RSAParameters material;
        lock (Material)
        {
            while (Material.Count <= index)
            {
                using var fresh = RSA.Create(2048);
                Material.Add(fresh.ExportParameters(includePrivateParameters: true));
            }
            material = Material[index];
        }
        return new(TestIssuer.Base64Url(RandomNumberGenerator.GetBytes(12)), RSA.Create(material), endorsements);
    }

    /// <summary>The public half as a JWK, as login.botframework.com publishes it.</summary>
    public string PublicJwk(bool includeEndorsements)
    {
        var p = Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = TestIssuer.Base64Url(p.Modulus!),
            ["e"] = TestIssuer.Base64Url(p.Exponent!),
        };
        if (includeEndorsements && Endorsements.Count > 0) jwk["endorsements"] = Endorsements;
        return JsonSerializer.Serialize(jwk);
    }

    public void Dispose() => Rsa.Dispose();
}
