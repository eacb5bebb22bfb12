using System.Text.Json.Nodes;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>Progress as a text bar, readable at a glance on every host: ▓▓▓▓▓▓░░░░ 62%.</summary>
internal static class ProgressBar
{
    public const int Cells = 10;

    public static string Bar(decimal progress)
    {
        var filled = (int)Math.Round(Math.Clamp(progress, 0m, 1m) * Cells, MidpointRounding.AwayFromZero);
        return new string('\u2593', filled) + new string('\u2591', Cells - filled);
    }

    /// <summary>The bar and the percentage as runs of a paragraph, with an optional tail (e.g. the range).</summary>
    public static IEnumerable<JsonObject> Runs(BotText text, decimal progress, string? tail = null)
    {
        yield return Ac.Run(Bar(progress) + " ", color: "Accent", monospace: true);
        yield return Ac.Run(text.Percent(progress), weight: "Bolder");
        if (tail is not null) yield return Ac.Run("  \u00b7  " + tail, subtle: true);
    }
}
