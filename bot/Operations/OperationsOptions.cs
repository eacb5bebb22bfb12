namespace OkrBot.Bot.Operations;

/// <summary>The "Operations" section: who may read the operations endpoints.</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>
    /// A bearer token for <c>/ops/*</c> (from the environment, never appsettings.json). Empty: only callers on this
    /// machine (loopback) may read them, which is what a first run on a laptop needs.
    /// </summary>
    public string? Token { get; set; }
}
