using OkrBot.Tests.Infrastructure;

namespace OkrBot.Tests.Cards;

/// <summary>
/// Runs tests/Cards/validate-cards.js (Microsoft's adaptivecards library under Node) over a directory of cards,
/// installing the library with <c>npm ci</c> from the committed lock file the first time.
/// </summary>
public static class NodeCardValidator
{
    private static readonly NodeProject Tool = new("tests/Cards", "The card checks run Microsoft's adaptivecards library");

    /// <summary>tests/Cards in the source tree: where the script, package.json and the lock file are.</summary>
    public static string ScriptDirectory => Tool.Directory;

    public static Task<(int ExitCode, string Output)> ValidateAsync(string cardDirectory) =>
        Tool.RunAsync(["validate-cards.js", cardDirectory], TimeSpan.FromMinutes(2));
}
