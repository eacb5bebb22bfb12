using OkrBot.Core.Persistence;

namespace OkrBot.Core.Services;

/// <summary>Free text from people: trimmed, empty as null, bounded.</summary>
internal static class Text
{
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Cleaned and cut to <paramref name="max"/> characters: for names and ids a channel hands us, where refusing would lock someone out.</summary>
    public static string? Bounded(string? text, int max)
    {
        if (Clean(text) is not { } clean) return null;
        if (clean.Length <= max) return clean;
        // Never cut an emoji in half: a lone surrogate is not valid text for the store.
        var cut = char.IsHighSurrogate(clean[max - 1]) ? max - 1 : max;
        return clean[..cut];
    }

    public static bool TooLong(string? text, int max = OkrModel.TextLength) => text is not null && text.Trim().Length > max;
}
