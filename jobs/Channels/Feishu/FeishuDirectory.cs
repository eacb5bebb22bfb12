using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OkrBot.Jobs.Channels.Feishu;

/// <summary>A person as the organisation's Feishu contact directory has them.</summary>
/// <param name="LeaderOpenId">Their direct leader (<c>leader_user_id</c>, as an open_id); null when they have none or the app may not see it.</param>
public sealed record FeishuProfile(string OpenId, string? Name, string? EnglishName, string? LeaderOpenId);

/// <summary>
/// What Feishu can tell the bot about people and about itself: a person's directory entry (name, direct leader) and the
/// bot's own open_id (to tell a group message that @-mentions the bot from one that mentions someone else). Both are
/// best-effort: a missing permission or an outage yields null, and the caller carries on with what the event said.
/// </summary>
public sealed partial class FeishuDirectory(FeishuApiClient api, IOptions<FeishuOptions> options, TimeProvider clock, ILogger<FeishuDirectory> logger)
{
    /// <summary>After a failed bot-info lookup, how long before the next try (mentions are taken loosely meanwhile).</summary>
    public static readonly TimeSpan BotInfoRetry = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<int, bool> _warnedCodes = new();
    private readonly SemaphoreSlim _botInfoGate = new(1, 1);
    private string? _botOpenId;
    private DateTimeOffset _botInfoFailedAt = DateTimeOffset.MinValue;

    public bool IsEnabled => options.Value.IsConfigured && options.Value.UseContactDirectory;

    /// <summary>The person's directory entry; null when the directory is off, the app may not read it, or Feishu did not answer.</summary>
    public async Task<FeishuProfile?> ProfileAsync(string openId, CancellationToken ct)
    {
        if (!IsEnabled) return null;
        var outcome = await api.GetUserAsync(openId, ct);
        if (!outcome.IsSent || outcome.Data is not { } user)
        {
            // Each refusal code is worth one warning (it is a console setting), not one per newcomer.
            if (_warnedCodes.TryAdd(outcome.Code ?? -1, true)) LogDirectoryUnavailable(outcome.Kind, outcome.Code, outcome.Reason);
            return null;
        }
        return new FeishuProfile(openId, Text(user, "name"), Text(user, "en_name"), Text(user, "leader_user_id"));
    }

    /// <summary>The bot's own open_id, asked once and kept; null while Feishu has not said (retried every <see cref="BotInfoRetry"/>).</summary>
    public async Task<string?> BotOpenIdAsync(CancellationToken ct)
    {
        if (_botOpenId is { } known) return known;
        if (!options.Value.IsConfigured || clock.GetUtcNow() - _botInfoFailedAt < BotInfoRetry) return null;
        await _botInfoGate.WaitAsync(ct);
        try
        {
            if (_botOpenId is { } raced) return raced;
            var outcome = await api.GetBotInfoAsync(ct);
            if (outcome.IsSent && outcome.Data is { } bot && Text(bot, "open_id") is { } openId) return _botOpenId = openId;
            _botInfoFailedAt = clock.GetUtcNow();
            LogBotInfoUnavailable(outcome.Kind, outcome.Code, outcome.Reason);
            return null;
        }
        finally
        {
            _botInfoGate.Release();
        }
    }

    private static string? Text(System.Text.Json.Nodes.JsonObject o, string name) =>
        o[name] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    [LoggerMessage(LogLevel.Warning,
        "The Feishu contact directory could not be read ({Outcome}, code {Code}): {Reason}. People keep the name Feishu events give them, and managers must be set by an admin (PUT /api/v1/people/{{id}}/manager); grant the contact permissions in manifests/feishu to have them from the directory")]
    private partial void LogDirectoryUnavailable(FeishuOutcomeKind outcome, int? code, string reason);

    [LoggerMessage(LogLevel.Warning,
        "The bot's own open_id is unknown ({Outcome}, code {Code}): {Reason}. Until it is, any @-mention in a group counts as mentioning the bot")]
    private partial void LogBotInfoUnavailable(FeishuOutcomeKind outcome, int? code, string reason);
}
