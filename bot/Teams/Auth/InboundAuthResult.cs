using System.Security.Claims;

namespace OkrBot.Bot.Teams.Auth;

/// <summary>Who vouched for an inbound activity.</summary>
public enum InboundCaller
{
    /// <summary>Nobody: the request was rejected.</summary>
    None,

    /// <summary>No token, accepted because no app id is configured (local Agents Playground or Emulator).</summary>
    Anonymous,

    /// <summary>A Bot Framework channel (Teams and the other channels): a token from <c>https://api.botframework.com</c>.</summary>
    BotFrameworkChannel,

    /// <summary>An Entra ID token made with the bot's own credentials (Emulator, and channels that use Entra tokens).</summary>
    Entra,
}

/// <summary>
/// The answer for one inbound request: accepted (by whom, for which app) or rejected with a short reason.
/// The reason is a fixed phrase, safe to log: it never holds the token or any value copied from it.
/// </summary>
public sealed record InboundAuthResult
{
    private InboundAuthResult(InboundCaller caller, ClaimsIdentity? identity, string? appId, string? rejectionReason)
    {
        Caller = caller;
        Identity = identity;
        AppId = appId;
        RejectionReason = rejectionReason;
    }

    public bool IsAccepted => Caller != InboundCaller.None;

    public bool IsAnonymous => Caller == InboundCaller.Anonymous;

    public InboundCaller Caller { get; }

    /// <summary>The validated token's claims; null when anonymous or rejected.</summary>
    public ClaimsIdentity? Identity { get; }

    /// <summary>The bot's app id the token was issued for; null when anonymous or rejected.</summary>
    public string? AppId { get; }

    /// <summary>Why the request was rejected; null when accepted.</summary>
    public string? RejectionReason { get; }

    public static InboundAuthResult Anonymous { get; } = new(InboundCaller.Anonymous, null, null, null);

    public static InboundAuthResult Accepted(InboundCaller caller, ClaimsIdentity identity, string appId) =>
        caller is InboundCaller.BotFrameworkChannel or InboundCaller.Entra
            ? new(caller, identity, appId, null)
            : throw new ArgumentOutOfRangeException(nameof(caller), caller, "A token is accepted from a channel or from Entra ID.");

    public static InboundAuthResult Rejected(string reason) => new(InboundCaller.None, null, null, reason);

    public override string ToString() => IsAccepted ? $"accepted ({Caller})" : $"rejected: {RejectionReason}";
}
