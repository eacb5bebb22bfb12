using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Teams.Cards;

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
/// Keeps long cards under <see cref="CardSize.Limit"/>: renders at the richest density that fits, and when even the
/// sparest does not, leaves out trailing items (the card then says how many it left out).
/// </summary>
internal static class CardFit
{
    /// <param name="render">Renders the card at a density with the first <c>keep</c> items.</param>
    /// <param name="items">How many items (KRs) the view holds.</param>
    public static JsonObject Render(Func<Density, int, JsonObject> render, int items)
    {
        foreach (var density in Enum.GetValues<Density>())
        {
            var card = render(density, items);
            if (CardSize.IsWithinLimit(card)) return card;
        }
        // The most items that fit at the sparest density: a few renders of a few hundred elements each.
        var best = render(Density.Minimal, 0);
        for (int low = 1, high = items - 1; low <= high;)
        {
            var keep = (low + high) / 2;
            var card = render(Density.Minimal, keep);
            if (CardSize.IsWithinLimit(card))
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
        Density.Compact => Ac.Clip(title, 120),
        _ => Ac.Clip(title, 60),
    };
}
