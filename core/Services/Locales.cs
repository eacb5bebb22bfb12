using System.Globalization;

namespace OkrBot.Core.Services;

/// <summary>Locales as channels report them ("en-US", "zh-cn", "zh_CN"), made safe to store and compare.</summary>
public static class Locales
{
    /// <summary>A culture name .NET knows, in its canonical spelling; null for anything else.</summary>
    public static string? Normalize(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale) || locale.Length > 16) return null;
        try
        {
            var culture = CultureInfo.GetCultureInfo(locale.Trim().Replace('_', '-'), predefinedOnly: true);
            return culture.Name.Length == 0 ? null : culture.Name;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    public static bool IsChinese(string? locale) => locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}
