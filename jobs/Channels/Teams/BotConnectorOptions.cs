namespace OkrBot.Jobs.Channels.Teams;

/// <summary>
/// How the Bot Connector client retries and times out ("Teams:Connector"). Kept apart from <see cref="TeamsOptions"/>,
/// which describes the bot's identity; these are tuning knobs of the outbound client.
/// </summary>
public sealed class BotConnectorOptions
{
    public const string Section = TeamsOptions.Section + ":Connector";

    /// <summary>Tries per call, the first one included (412, 429, 502, 503, 504, timeouts and broken connections are retried).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff; each retry doubles it, with jitter (a wait lands between half and all of it).</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one computed backoff.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest Retry-After the client waits out itself. A longer one ends the call at once as Throttled/Transient with
    /// <see cref="ConnectorOutcome.RetryAfter"/> set, so the dispatcher reschedules instead of holding a worker.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One HTTP request (connector or token endpoint), answer body included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An app token is renewed this long before it expires.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);
}
