using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OkrBot.Bot.Teams;
using OkrBot.Jobs.Channels.Feishu;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// <c>POST /api/feishu/events</c>, Feishu's event and card callback URL. In order: size (413), JSON (400); with an Encrypt
/// Key: the signature (401), the timestamp within <see cref="MaxClockSkew"/> (401), the decryption (400); then the
/// Verification Token (401), and the work: a URL verification's challenge, or a schema 2.0 event. A refusal processes nothing.
/// </summary>
public static partial class FeishuEventsEndpoint
{
    public const string Route = "/api/feishu/events";

    /// <summary>The largest body accepted; Feishu's events and card callbacks are a few KB.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>How far the request's timestamp may be from now, either way: an older signed request is a replay.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapFeishuEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, IOptions<FeishuOptions> options, FeishuEventProcessor processor, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(FeishuEventsEndpoint).FullName!);
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.VerificationToken))
            return Refuse(logger, StatusCodes.Status401Unauthorized, "Feishu callbacks are off", "Feishu:VerificationToken is not configured, so no callback can be trusted.");

        var body = await InboundBody.ReadAsync(http.Request, MaxBodyBytes, ct);
        if (body is null)
            return Refuse(logger, StatusCodes.Status413PayloadTooLarge, "Callback too large", $"A callback may be at most {MaxBodyBytes} bytes.");

        if (ParseObject(body) is not { } outer)
            return Refuse(logger, StatusCodes.Status400BadRequest, "Not JSON", "The body is not a JSON object.");

        JsonObject callback;
        if (outer["encrypt"] is { } encrypt)
        {
            if (string.IsNullOrEmpty(settings.EncryptKey))
                return Refuse(logger, StatusCodes.Status401Unauthorized, "Unauthorized", "The callback is encrypted but Feishu:EncryptKey is not configured.");
            var headers = http.Request.Headers;
            if (!FeishuCallbackCrypto.IsSignedBy(settings.EncryptKey, headers[FeishuCallbackCrypto.TimestampHeader], headers[FeishuCallbackCrypto.NonceHeader],
                    body, headers[FeishuCallbackCrypto.SignatureHeader]))
                return Refuse(logger, StatusCodes.Status401Unauthorized, "Unauthorized", "The X-Lark-Signature does not sign this request.");
            if (FeishuCallbackCrypto.TimestampOf(headers[FeishuCallbackCrypto.TimestampHeader]) is not { } sentAt)
                return Refuse(logger, StatusCodes.Status401Unauthorized, "Unauthorized", "The X-Lark-Request-Timestamp is not a Unix time.");
            var skew = sentAt - clock.GetUtcNow();
            if (skew < -MaxClockSkew)
                return Refuse(logger, StatusCodes.Status401Unauthorized, "Stale request", "The request is more than 5 minutes old (a replay?).");
            if (skew > MaxClockSkew)
                return Refuse(logger, StatusCodes.Status401Unauthorized, "Request from the future", "The request's timestamp is more than 5 minutes ahead.");
            var plain = encrypt.GetValueKind() == JsonValueKind.String ? FeishuCallbackCrypto.Decrypt(settings.EncryptKey, encrypt.GetValue<string>()) : null;
            if (plain is null || ParseObject(plain) is not { } decrypted)
                return Refuse(logger, StatusCodes.Status400BadRequest, "Undecryptable", "The encrypt field does not decrypt to a JSON object with the Encrypt Key.");
            callback = decrypted;
        }
        else if (!string.IsNullOrEmpty(settings.EncryptKey))
        {
            // With an Encrypt Key Feishu encrypts every callback: a plain one is not signed, so not from Feishu.
            return Refuse(logger, StatusCodes.Status401Unauthorized, "Unauthorized", "Callbacks must be encrypted with the Encrypt Key.");
        }
        else
        {
            callback = outer;
        }

        var isVerification = Text(callback, "type") == "url_verification";
        var token = isVerification || callback["header"] is not JsonObject ? Text(callback, "token") : Text(callback["header"], "token");
        if (!FeishuCallbackCrypto.SecretEquals(token, settings.VerificationToken))
            return Refuse(logger, StatusCodes.Status401Unauthorized, "Unauthorized", "The callback does not carry this app's Verification Token.");

        if (isVerification)
            return Results.Json(new JsonObject { ["challenge"] = Text(callback, "challenge") ?? "" });
        if (Text(callback, "type") == "event_callback")
        {
            // A schema 1.0 event (an app subscribed long ago): genuine, but not a shape we act on. Acknowledged, so Feishu
            // does not repeat it, and said loudly, since the fix is a setting in the developer console.
            LogOldSchema(logger, Text(callback["event"], "type"));
            return Results.Ok();
        }
        if (Text(callback, "schema") != "2.0" || callback["header"] is not JsonObject header || string.IsNullOrEmpty(Text(header, "event_id"))
            || string.IsNullOrEmpty(Text(header, "event_type")))
            return Refuse(logger, StatusCodes.Status400BadRequest, "Not an event", "The callback is neither a URL verification nor a schema 2.0 event with an event_id and event_type.");
        if (Text(header, "event_id")!.Length > FeishuEventLog.MaxEventIdLength)
            return Refuse(logger, StatusCodes.Status400BadRequest, "Not an event", "The event_id is too long.");

        return await processor.ProcessAsync(callback, ct);
    }

    private static JsonObject? ParseObject(byte[] utf8)
    {
        try
        {
            return JsonNode.Parse(utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static IResult Refuse(ILogger logger, int status, string title, string detail)
    {
        LogRefused(logger, status, detail);
        return Results.Problem(statusCode: status, title: title, detail: detail);
    }

    [LoggerMessage(LogLevel.Warning,
        "Ignored a Feishu schema 1.0 event ({EventType}): OkrBot reads schema 2.0 events; choose the 2.0 version of each event in the developer console (manifests/feishu/README.md)")]
    private static partial void LogOldSchema(ILogger logger, string? eventType);

    [LoggerMessage(LogLevel.Information, "Refused a Feishu callback with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string detail);
}
