using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OkrBot.Core.Sheets;

/// <summary>How cells are read: names compared the way people see them, numbers the way spreadsheets write them.</summary>
public static partial class SheetText
{
    /// <summary>
    /// The form two names are compared in: full-width and half-width alike (NFKC: "ＡＢＣ" is "ABC", "（" is "("), case
    /// ignored, invisible characters dropped, runs of spaces one space. "Li  Wei", "li wei" and "Ｌｉ Ｗｅｉ" are one name.
    /// </summary>
    public static string Key(string text)
    {
        var folded = Clean(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        return Spaces().Replace(folded, " ").Trim();
    }

    /// <summary>The cell as it should be stored: invisible characters dropped (they come with text pasted from the web), trimmed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF') continue;
            // Line breaks inside a title are a cell's wrapping, not meaning.
            builder.Append(c is '\r' or '\n' or '\t' ? ' ' : c);
        }
        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>
    /// A number as spreadsheets write it: "1200", "1,200", "-3.5", "12.5%", "1.5E+3" (xlsx), full-width digits; a trailing
    /// percent sign is dropped ("40%" is 40, the unit of a percentage KR). Commas only as thousands separators: "1,5" is not a
    /// number, since it means 1.5 in half the world and 15 in the other. Rounded to the store's four decimals.
    /// </summary>
    public static bool TryParseNumber(string text, out decimal value)
    {
        value = 0;
        var s = Clean(text).Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
        if (s.EndsWith('%')) s = s[..^1];
        if (!s.Any(char.IsAsciiDigit) || !NumberShape().IsMatch(s)) return false;
        if (!decimal.TryParse(s.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            return false;
        value = Math.Round(parsed, 4, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>A number as a sheet shows it: no trailing zeros, no exponent, invariant culture.</summary>
    public static string FormatNumber(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")]
    private static partial Regex NumberShape();
}
