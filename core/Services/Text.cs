using OkrBot.Core.Persistence;

namespace OkrBot.Core.Services;

/// <summary>Free text from people: trimmed, empty as null, bounded, and without the control characters no store or card wants.</summary>
internal static class Text
{
    /// <summary>
    /// Trimmed, without control characters other than tab and line breaks (PostgreSQL cannot store NUL at all, and a bell
    /// or an escape has no business in a note); null when nothing is left.
    /// </summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var kept = HasControl(text, keepLineBreaks: true) ? string.Concat(text.Where(c => !IsControl(c, keepLineBreaks: true))) : text;
        return string.IsNullOrWhiteSpace(kept) ? null : kept.Trim();
    }

    /// <summary>
    /// A one-line value (a name, an id hint) a channel hands us, cleaned and cut to <paramref name="max"/> characters, where
    /// refusing would lock someone out: no control characters at all, and null when nothing visible is left (spaces and
    /// zero-width characters only).
    /// </summary>
    public static string? Bounded(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var clean = (HasControl(text, keepLineBreaks: false) ? string.Concat(text.Where(c => !IsControl(c, keepLineBreaks: false))) : text).Trim();
        if (!clean.Any(IsVisible)) return null;
        if (clean.Length <= max) return clean;
        // Never cut an emoji in half: a lone surrogate is not valid text for the store.
        var cut = char.IsHighSurrogate(clean[max - 1]) ? max - 1 : max;
        return clean[..cut];
    }

    public static bool TooLong(string? text, int max = OkrModel.TextLength) => text is not null && text.Trim().Length > max;

    /// <summary>Whether an id a channel sends holds a control character: such an id is refused, not cleaned into another id.</summary>
    public static bool HasControl(string text) => HasControl(text, keepLineBreaks: false);

    private static bool HasControl(string text, bool keepLineBreaks) => text.Any(c => IsControl(c, keepLineBreaks));

    private static bool IsControl(char c, bool keepLineBreaks) => char.IsControl(c) && !(keepLineBreaks && c is '\t' or '\n' or '\r');

    /// <summary>Anything but white space and invisible format characters (zero-width space, joiners, direction marks, BOM).</summary>
    private static bool IsVisible(char c) =>
        !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format;
}
