using OkrBot.Core.Persistence;

namespace OkrBot.Core.Services;

/// <summary>Free text from people: trimmed, empty as null, bounded.</summary>
internal static class Text
{
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static bool TooLong(string? text, int max = OkrModel.TextLength) => text is not null && text.Trim().Length > max;
}
