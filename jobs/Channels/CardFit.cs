using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels;

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
/// Keeps long cards within a messenger's limits (Teams: bytes; Feishu: bytes and elements): renders at the richest
/// density that fits, and when even the sparest does not, keeps the first items that fit whole (the card then says how
/// many it left out).
/// </summary>
internal static class CardFit
{
    /// <param name="render">Renders the card at a density with the first <c>keep</c> items.</param>
    /// <param name="items">How many items (KRs, risks, objectives) the view holds.</param>
    /// <param name="fits">Whether a card is within the messenger's limits.</param>
    public static JsonObject Render(Func<Density, int, JsonObject> render, int items, Func<JsonObject, bool> fits)
    {
        foreach (var density in Enum.GetValues<Density>())
        {
            var card = render(density, items);
            if (fits(card)) return card;
        }

        // The most items that fit at the sparest density: a few renders of a few hundred elements each.
        var best = render(Density.Minimal, 0);
        for (int low = 1, high = items - 1; low <= high;)
        {
            var keep = (low + high) / 2;
            var card = render(Density.Minimal, keep);
            if (fits(card))
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
        Density.Compact => Clip(title, 120),
        _ => Clip(title, 60),
    };

    /// <summary>At most <paramref name="max"/> characters of what someone wrote, on one paragraph's worth.</summary>
    public static string Clip(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : Cut(flat, max);
    }

    /// <summary>The first characters of a text, marked as cut, never splitting a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        var cut = text[..(max - 1)];
        if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return cut.TrimEnd() + "\u2026";
    }
}
