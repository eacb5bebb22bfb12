using System.Text.Json;
using Microsoft.Extensions.Options;
using OkrBot.Bot.Teams.Auth;
using OkrBot.Bot.Teams.Protocol;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Bot.Teams;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework endpoint. In order: size (413), a token when an app id is configured
/// (401), an activity (400), the token checked against that activity (401), a serviceUrl the bot may answer (403), then
/// the work. A refusal processes nothing.
/// </summary>
public static partial class MessagesEndpoint
{
    public const string Route = "/api/messages";

    public static IEndpointRouteBuilder MapTeamsMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http, BotFrameworkTokenValidator validator, ServiceUrlPolicy serviceUrls, TeamsActivityProcessor processor,
        IOptions<TeamsOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint).FullName!);
        var settings = options.Value;
        var header = http.Request.Headers.Authorization.ToString() is { Length: > 0 } given ? given : null;
        if (header is null && !settings.IsAnonymous)
            return Refuse(logger, StatusCodes.Status401Unauthorized, "Authorization required", "This bot accepts only requests signed by the Bot Framework.");

        var body = await InboundBody.ReadAsync(http.Request, settings.MaxActivityBytes, ct);
        if (body is null)
            return Refuse(logger, StatusCodes.Status413PayloadTooLarge, "Activity too large", $"An activity may be at most {settings.MaxActivityBytes} bytes.");

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, ActivityJson.Default.Activity);
        }
        catch (JsonException ex)
        {
            return Refuse(logger, StatusCodes.Status400BadRequest, "Not an activity", $"The body is not a JSON activity ({Where(ex)}).");
        }
        if (ActivityProblem(activity) is { } problem)
            return Refuse(logger, StatusCodes.Status400BadRequest, "Not an activity", problem);

        var auth = await validator.ValidateAsync(header, activity!.ChannelId, activity.ServiceUrl, ct);
        if (!auth.IsAccepted)
        {
            LogRejected(logger, auth.RejectionReason);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "The request's token was not accepted.");
        }
        // A serviceUrl vouched for by a valid token may receive the bot's token when it answers.
        if (!auth.IsAnonymous) serviceUrls.TrustAuthenticated(activity.ServiceUrl);
        // An activity the bot could never answer (anonymous mode and not loopback; http or loopback with an app id) is
        // refused before it registers anyone or stores a conversation the rhythm would then try to reach.
        if (ActsOn(activity) && serviceUrls.Check(activity.ServiceUrl) is { Allowed: false } refused)
        {
            LogRefused(logger, StatusCodes.Status403Forbidden, refused.Reason);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Service URL not allowed",
                detail: "The activity's serviceUrl is not one this bot answers.");
        }

        return await processor.ProcessAsync(activity, ct);
    }

    /// <summary>The activity types OkrBot acts on (and answers); the others are acknowledged and ignored.</summary>
    private static bool ActsOn(Activity activity) =>
        activity.Type is ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate;

    /// <summary>What makes a body not an activity OkrBot can act on, or null when it is one.</summary>
    private static string? ActivityProblem(Activity? activity)
    {
        if (activity is null) return "The body is empty or null.";
        if (string.IsNullOrWhiteSpace(activity.Type)) return "The activity has no type.";
        if (!ActsOn(activity)) return null;
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl) || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("https" or "http"))
            return "The activity has no valid serviceUrl.";
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id)) return "The activity has no conversation id.";
        if (string.IsNullOrWhiteSpace(activity.From?.Id)) return "The activity does not say who it is from.";
        if (string.IsNullOrWhiteSpace(activity.ChannelId)) return "The activity has no channelId.";
        // No channel hands out ids with control characters in them; stored, a NUL would fail PostgreSQL's text type.
        if (new[] { activity.Conversation.Id, activity.From.Id, activity.TenantId, activity.Recipient?.Id, activity.ChannelId }.Any(HasControl))
            return "The activity's ids hold control characters.";
        return null;
    }

    private static bool HasControl(string? id) => id is not null && id.Any(char.IsControl);

    private static string Where(JsonException ex) =>
        ex.LineNumber is { } line ? $"invalid JSON at line {line + 1}, position {ex.BytePositionInLine + 1}" : "invalid JSON";

    private static IResult Refuse(ILogger logger, int status, string title, string detail)
    {
        LogRefused(logger, status, detail);
        return Results.Problem(statusCode: status, title: title, detail: detail);
    }

    [LoggerMessage(LogLevel.Information, "Refused an inbound request with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, int status, string detail);

    [LoggerMessage(LogLevel.Warning, "Refused an inbound request with 401: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? reason);
}
