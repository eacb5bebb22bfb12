namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>
/// The "Feishu" configuration section: the app's identity on the Feishu/Lark open platform and the API host it calls.
/// Without an <see cref="AppId"/> nothing Feishu is registered for sending, so a Teams-only deployment is unchanged.
/// </summary>
public sealed class FeishuOptions
{
    public const string Section = "Feishu";

    /// <summary>Feishu's open platform, mainland China.</summary>
    public const string FeishuApiBaseUrl = "https://open.feishu.cn";

    /// <summary>Lark, the international edition: the same API on another host.</summary>
    public const string LarkApiBaseUrl = "https://open.larksuite.com";

    /// <summary>The app's App ID ("cli_..."), from the developer console. Empty: Feishu is off.</summary>
    public string? AppId { get; set; }

    /// <summary>The app's App Secret. From the environment or a secret store, never from appsettings.json; never logged.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Inbound: the Encrypt Key event callbacks are encrypted and signed with. Never logged.</summary>
    public string? EncryptKey { get; set; }

    /// <summary>Inbound: the Verification Token callbacks carry (URL verification, legacy card callbacks). Never logged.</summary>
    public string? VerificationToken { get; set; }

    /// <summary>
    /// Where the open API lives: <see cref="FeishuApiBaseUrl"/> (Feishu) or <see cref="LarkApiBaseUrl"/> (Lark). https; plain
    /// http only to a loopback host (a local stand-in).
    /// </summary>
    public string ApiBaseUrl { get; set; } = FeishuApiBaseUrl;

    /// <summary>One HTTP request (the message API or the token endpoint), answer body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A tenant_access_token is renewed this long before it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Look people up in the organisation's contact directory (their name and their direct leader, who becomes their manager)
    /// when they first talk to the bot. Needs the contact permissions in manifests/feishu; without them the lookup fails
    /// politely and managers are set by an admin instead.
    /// </summary>
    public bool UseContactDirectory { get; set; } = true;

    /// <summary>
    /// The language of people Feishu introduces (its events carry no locale): zh-CN on Feishu, en-US on Lark, unless set.
    /// Each person can change theirs.
    /// </summary>
    public string? DefaultLocale { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>The language of a newcomer: <see cref="DefaultLocale"/>, else by host (Lark is international).</summary>
    public string NewcomerLocale => !string.IsNullOrWhiteSpace(DefaultLocale) ? DefaultLocale
        : ApiBaseUrl.Contains("larksuite", StringComparison.OrdinalIgnoreCase) ? "en-US" : "zh-CN";

    /// <summary>Whether <paramref name="url"/> may be the API host: absolute https, or http to a loopback host.</summary>
    public static bool IsValidApiBaseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>The API base with a trailing slash, so relative paths append to it.</summary>
    public Uri ApiBase => new(ApiBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>Names the app and host, never a secret.</summary>
    public override string ToString() => $"Feishu app {AppId ?? "(none)"} at {ApiBaseUrl}";
}
