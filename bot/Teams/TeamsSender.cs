using System.Text.Json.Nodes;
using OkrBot.Bot.Teams.Protocol;
using OkrBot.Core.Messages;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Bot.Teams;

/// <summary>
/// Answers on Teams through the Bot Connector, in the conversation a person wrote in: replies, and card updates in
/// place. Every outcome is logged with its classification. Messages to other people go through the delivery queue.
/// </summary>
public sealed partial class TeamsSender(BotConnectorClient connector, ILogger<TeamsSender> logger)
{
    /// <summary>A new message with the view's card in the conversation the activity came from.</summary>
    public async Task<ConnectorOutcome> ReplyAsync(Activity inbound, View view, CancellationToken ct)
    {
        var outcome = await connector.SendAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, Message(view), ct);
        LogOutcome("reply", inbound.Conversation.Id!, outcome);
        return outcome;
    }

    /// <summary>Replaces the card message a person acted on (the Action.Submit path, where there is no invoke response).</summary>
    public async Task<ConnectorOutcome> ReplaceAsync(Activity inbound, string cardActivityId, View view, CancellationToken ct)
    {
        var message = Message(view);
        message["id"] = cardActivityId;
        var outcome = await connector.UpdateAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, cardActivityId, message, ct);
        LogOutcome("update", inbound.Conversation.Id!, outcome);
        return outcome;
    }

    private static JsonObject Message(View view) => TeamsChannelSender.Message(view);

    private void LogOutcome(string operation, string target, ConnectorOutcome outcome)
    {
        if (outcome.IsSent) LogSent(operation, target, outcome.Attempts);
        else LogNotSent(operation, target, outcome.Kind, outcome.StatusCode, outcome.ErrorCode, outcome.CorrelationId, outcome.Reason);
    }

    [LoggerMessage(LogLevel.Debug, "Teams {Operation} to {Target} sent after {Attempts} attempt(s)")]
    private partial void LogSent(string operation, string target, int attempts);

    [LoggerMessage(LogLevel.Warning, "Teams {Operation} to {Target} not sent: {Kind} (HTTP {Status}, code {Code}, correlation {CorrelationId}): {Reason}")]
    private partial void LogNotSent(string operation, string target, ConnectorOutcomeKind kind, int? status, string? code, string? correlationId, string reason);
}
