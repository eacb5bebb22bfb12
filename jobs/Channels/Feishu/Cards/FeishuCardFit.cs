using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>How much a card repeats of what people wrote, when everything does not fit.</summary>
internal enum Density
{
    /// <summary>Everything, notes clipped to a paragraph.</summary>
    Full,
    /// <summary>Long titles and notes clipped, placeholders and secondary lines left out.</summary>
    Compact,
    /// <summary>Titles clipped short, no notes: what is needed to read and act, nothing more.</summary>
    Minimal,
}

/// <summary>
/// Keeps long cards within <see cref="FeishuCardSize"/>'s limits, as the Teams cards do within theirs: renders at the
/// richest density that fits, and when even the sparest does not, keeps the first items that fit whole (the card then
/// says how many it left out).
/// </summary>
internal static class FeishuCardFit
{
    /// <param name="render">Renders the card at a density with the first <c>keep</c> items.</param>
    /// <param name="items">How many items (KRs, risks, objectives) the view holds.</param>
    public static JsonObject Render(Func<Density, int, JsonObject> render, int items)
    {
        foreach (var density in Enum.GetValues<Density>())
        {
            var card = render(density, items);
            if (FeishuCardSize.IsWithinLimits(card)) return card;
        }
        var best = render(Density.Minimal, 0);
        for (int low = 1, high = items - 1; low <= high;)
        {
            var keep = (low + high) / 2;
            var card = render(Density.Minimal, keep);
            if (FeishuCardSize.IsWithinLimits(card))
            {
                best = card;
                low = keep + 1;
            }
            else
            {
                high = keep - 1;
            }
        }
        return best;
    }

    /// <summary>A title of someone's as long as the density allows.</summary>
    public static string Title(string title, Density density) => density switch
    {
        Density.Full => title,
        Density.Compact => Fc.Clip(title, 120),
        _ => Fc.Clip(title, 60),
    };

    /// <summary>How much of a note or reason a card repeats at a density (none at <see cref="Density.Minimal"/>).</summary>
    public static int NoteLength(Density density, int full) => density switch
    {
        Density.Full => full,
        Density.Compact => 60,
        _ => 0,
    };
}
