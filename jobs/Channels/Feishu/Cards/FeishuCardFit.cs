using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>Feishu's side of <see cref="CardFit"/>: its limits, and how much of a note it repeats at each density.</summary>
internal static class FeishuCardFit
{
    public static JsonObject Render(Func<Density, int, JsonObject> render, int items) => CardFit.Render(render, items, FeishuCardSize.IsWithinLimits);

    /// <summary>How much of a note or reason a card repeats at a density (none at <see cref="Density.Minimal"/>).</summary>
    public static int NoteLength(Density density, int full) => density switch
    {
        Density.Full => full,
        Density.Compact => 60,
        _ => 0,
    };
}
