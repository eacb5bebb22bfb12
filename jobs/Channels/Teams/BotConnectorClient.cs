using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Teams;

/// <summary>
/// The Bot Connector REST v3 calls OkrBot makes (send, reply, update, delete, create a 1:1 conversation), against a
/// conversation's stored serviceUrl. Every call returns a <see cref="ConnectorOutcome"/>: HTTP and transport failures are
/// classified, never thrown (only the caller's own cancellation throws). 412, 429, 502, 503, 504, timeouts and broken
/// connections are retried a bounded number of times with exponential backoff and jitter, honouring Retry-After; waits go
/// through the injected <see cref="TimeProvider"/>. The token is only sent where <see cref="ServiceUrlPolicy"/> allows.
/// Activities are passed as JSON and sent as they are: building them (cards, text) happens elsewhere.
/// </summary>
public sealed partial class BotConnectorClient
{
    public const string CorrelationHeader = "X-Correlating-OperationId";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly AppTokenProvider _tokens;
    private readonly ServiceUrlPolicy _policy;
    private readonly TeamsOptions _teams;
    private readonly BotConnectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotConnectorClient> _log;

    public BotConnectorClient(HttpClient http, AppTokenProvider tokens, ServiceUrlPolicy policy, IOptions<TeamsOptions> teams,
        IOptions<BotConnectorOptions> options, TimeProvider time, ILogger<BotConnectorClient> log)
    {
        _http = http;
        _tokens = tokens;
        _policy = policy;
        _teams = teams.Value;
        _options = options.Value;
        _time = time;
        _log = log;
    }

    /// <summary><c>POST /v3/conversations/{conversationId}/activities</c>: a new message in the conversation.</summary>
    public Task<ConnectorOutcome> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken = default) =>
        ExecuteAsync(new Call(ConnectorOperation.Send, HttpMethod.Post, serviceUrl, Require(conversationId), null, Serialize(activity)), cancellationToken);

    /// <summary><c>POST /v3/conversations/{conversationId}/activities/{replyToId}</c>: a reply to an activity.</summary>
    public Task<ConnectorOutcome> ReplyAsync(string serviceUrl, string conversationId, string replyToId, JsonObject activity, CancellationToken cancellationToken = default) =>
        ExecuteAsync(new Call(ConnectorOperation.Reply, HttpMethod.Post, serviceUrl, Require(conversationId), Require(replyToId), Serialize(activity)), cancellationToken);

    /// <summary><c>PUT /v3/conversations/{conversationId}/activities/{activityId}</c>: replace a sent message (e.g. its card).</summary>
    public Task<ConnectorOutcome> UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken = default) =>
        ExecuteAsync(new Call(ConnectorOperation.Update, HttpMethod.Put, serviceUrl, Require(conversationId), Require(activityId), Serialize(activity)), cancellationToken);

    /// <summary><c>DELETE /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    public Task<ConnectorOutcome> DeleteAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(new Call(ConnectorOperation.Delete, HttpMethod.Delete, serviceUrl, Require(conversationId), Require(activityId), null), cancellationToken);

    /// <summary>
    /// <c>POST /v3/conversations</c> with <c>isGroup:false</c>: the 1:1 conversation with one person (Teams answers the same
    /// id every time for the same person, so store it and reuse it). <paramref name="memberId"/> is the person's Teams id
    /// (<c>29:...</c>) as captured from an activity. <paramref name="botId"/> defaults to <c>28:{AppId}</c>; in anonymous mode
    /// pass the bot id from the stored conversation reference, or none. The new id is <see cref="ConnectorOutcome.ConversationId"/>.
    /// </summary>
    public Task<ConnectorOutcome> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string memberId, string? botId = null,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["isGroup"] = false };
        if ((botId ?? (_teams.IsAnonymous ? null : $"28:{_teams.AppId!.Trim()}")) is { } bot)
        {
            body["bot"] = new JsonObject { ["id"] = bot };
        }

        body["members"] = new JsonArray(new JsonObject { ["id"] = Require(memberId) });
        body["tenantId"] = Require(tenantId);
        body["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } };
        return ExecuteAsync(new Call(ConnectorOperation.CreateConversation, HttpMethod.Post, serviceUrl, null, null, Serialize(body)), cancellationToken);
    }

    private async Task<ConnectorOutcome> ExecuteAsync(Call call, CancellationToken cancellationToken)
    {
        var decision = _policy.Check(call.ServiceUrl);
        if (!decision.Allowed)
        {
            LogRejected(_log, call.Operation, call.ConversationId, decision.Reason);
            return new ConnectorOutcome
            {
                Kind = ConnectorOutcomeKind.Rejected, Operation = call.Operation, ConversationId = call.ConversationId,
                ActivityId = call.ActivityId, Reason = decision.Reason, Attempts = 0,
            };
        }

        var uri = new Uri(WithTrailingSlash(decision.Uri!), call.RelativePath);
        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            var (outcome, retryable) = await TryOnceAsync(call, uri, attempt, cancellationToken).ConfigureAwait(false);
            if (!retryable || attempt >= maxAttempts)
            {
                LogOutcome(outcome);
                return outcome;
            }

            if (outcome.RetryAfter is { } asked && asked > _options.MaxRetryAfter)
            {
                // Longer than we hold a worker for: hand the wait back to the caller, who reschedules.
                LogRetryAfterTooLong(_log, call.Operation, call.ConversationId, asked, outcome.CorrelationId);
                return outcome;
            }

            var delay = outcome.RetryAfter ?? Backoff(attempt);
            LogRetrying(_log, call.Operation, call.ConversationId, outcome.StatusCode, outcome.Reason, outcome.CorrelationId, attempt, maxAttempts, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(ConnectorOutcome Outcome, bool Retryable)> TryOnceAsync(Call call, Uri uri, int attempt, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        if (!token.Succeeded)
        {
            var kind = token.IsTransient ? ConnectorOutcomeKind.Transient : ConnectorOutcomeKind.Failed;
            return (call.Outcome(kind, attempt, $"no app token: {token.Reason}"), token.IsTransient);
        }

        using var request = new HttpRequestMessage(call.Method, uri);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body) { Headers = { ContentType = Json } };
        }

        if (token.AccessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        int status;
        string body;
        string? correlationId;
        TimeSpan? retryAfter;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            correlationId = response.Headers.TryGetValues(CorrelationHeader, out var values) ? string.Join(",", values) : null;
            retryAfter = RetryAfterOf(response.Headers.RetryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (call.Outcome(ConnectorOutcomeKind.Transient, attempt, $"no answer within {_options.RequestTimeout}"), true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var what = e is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h ? h.HttpRequestError.ToString() : e.GetType().Name;
            return (call.Outcome(ConnectorOutcomeKind.Transient, attempt, $"the connection failed: {what}"), true);
        }

        var error = ErrorOf(body);
        error = (Redact(error.Code), Redact(error.Message));
        var outcome = call.Outcome(ConnectorOutcomeKind.Failed, attempt, "") with
        {
            StatusCode = status, CorrelationId = correlationId, RetryAfter = retryAfter, ErrorCode = error.Code,
        };
        var described = $"{status}{(error.Code is null ? "" : $" {error.Code}")}{(error.Message is null ? "" : $": {error.Message}")}";

        if (status is >= 200 and < 300)
        {
            var id = IdOf(body);
            if (call.Operation == ConnectorOperation.CreateConversation)
            {
                return id is null
                    ? (outcome with { Reason = $"the connector answered {status} without a conversation id" }, false)
                    : (outcome with { Kind = ConnectorOutcomeKind.Sent, ConversationId = id, Reason = "created" }, false);
            }

            return (outcome with
            {
                Kind = ConnectorOutcomeKind.Sent,
                ActivityId = id ?? (call.Operation is ConnectorOperation.Update or ConnectorOperation.Delete ? call.ActivityId : null),
                Reason = call.Operation == ConnectorOperation.Delete ? "deleted" : "sent",
            }, false);
        }

        switch (status)
        {
            case 429:
                return (outcome with { Kind = ConnectorOutcomeKind.Throttled, Reason = $"throttled ({described})" }, true);
            case 412 or 502 or 503 or 504:
                return (outcome with { Kind = ConnectorOutcomeKind.Transient, Reason = described }, true);
            // InvalidBotApiHost (a GCC tenant on the public endpoint) and NotEnoughPermissions are our setup, not the person;
            // ActivityNotFoundInConversation is one deleted message, not the conversation.
            case 403 when error.Code is "InvalidBotApiHost" or "NotEnoughPermissions":
            case 404 when error.Code is "ActivityNotFoundInConversation":
                return (outcome with { Reason = described }, false);
            case 403 or 404:
                return (outcome with { Kind = ConnectorOutcomeKind.Gone, Reason = $"the conversation is gone ({described})" }, false);
            case 401:
                _tokens.Invalidate(token.AccessToken);
                return (outcome with { Reason = $"the connector refused the bot's credentials ({described})" }, false);
            default:
                return (outcome with { Reason = described }, false);
        }
    }

    /// <summary>Whatever a remote answer says is repeated in reasons and logs: make sure the app secret never is.</summary>
    private string? Redact(string? text) =>
        text is null || string.IsNullOrEmpty(_teams.AppSecret) ? text : text.Replace(_teams.AppSecret, "[redacted]", StringComparison.Ordinal);

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        // "Equal jitter": half the ceiling for sure, the other half random, so retries spread out but still back off.
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static (string? Code, string? Message) ErrorOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return (Text(error, "code", 64), Text(error, "message", 200));
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);

        static string? Text(JsonElement e, string name, int max) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                ? s.Length <= max ? s : s[..max] + "…"
                : null;
    }

    private static string? IdOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id)
                   && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } s
                ? s
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void LogOutcome(ConnectorOutcome o)
    {
        if (o.IsSent)
        {
            LogSent(_log, o.Operation, o.ConversationId, o.ActivityId, o.StatusCode, o.Attempts);
        }
        else
        {
            LogNotSent(_log, o.Operation, o.ConversationId, o.Kind, o.Attempts, o.StatusCode, o.ErrorCode, o.CorrelationId, o.Reason);
        }
    }

    private static byte[] Serialize(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            activity.WriteTo(writer);
        }

        return stream.ToArray();
    }

    private static string Require(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return value;
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    private sealed record Call(ConnectorOperation Operation, HttpMethod Method, string ServiceUrl, string? ConversationId, string? ActivityId, byte[]? Body)
    {
        public string RelativePath => (ConversationId, ActivityId) switch
        {
            (null, _) => "v3/conversations",
            (_, null) => $"v3/conversations/{Uri.EscapeDataString(ConversationId)}/activities",
            _ => $"v3/conversations/{Uri.EscapeDataString(ConversationId)}/activities/{Uri.EscapeDataString(ActivityId)}",
        };

        public ConnectorOutcome Outcome(ConnectorOutcomeKind kind, int attempts, string reason) => new()
        {
            Kind = kind, Operation = Operation, ConversationId = ConversationId, ActivityId = ActivityId, Attempts = attempts, Reason = reason,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Connector {Operation} for {ConversationId} refused before sending: {Reason}")]
    private static partial void LogRejected(ILogger logger, ConnectorOperation operation, string? conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Bot Connector {Operation} for {ConversationId} answered {StatusCode} ({Reason}, correlation {CorrelationId}); attempt {Attempt} of {MaxAttempts}, retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, ConnectorOperation operation, string? conversationId, int? statusCode, string reason,
        string? correlationId, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Bot Connector {Operation} for {ConversationId} asked to wait {RetryAfter} (correlation {CorrelationId}): longer than this client waits, handed back to the caller")]
    private static partial void LogRetryAfterTooLong(ILogger logger, ConnectorOperation operation, string? conversationId, TimeSpan retryAfter, string? correlationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bot Connector {Operation} for {ConversationId} done ({ActivityId}, {StatusCode}) after {Attempts} attempt(s)")]
    private static partial void LogSent(ILogger logger, ConnectorOperation operation, string? conversationId, string? activityId, int? statusCode, int attempts);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Bot Connector {Operation} for {ConversationId} ended {Outcome} after {Attempts} attempt(s): status {StatusCode}, code {ErrorCode}, correlation {CorrelationId}: {Reason}")]
    private static partial void LogNotSent(ILogger logger, ConnectorOperation operation, string? conversationId, ConnectorOutcomeKind outcome, int attempts,
        int? statusCode, string? errorCode, string? correlationId, string reason);
}
