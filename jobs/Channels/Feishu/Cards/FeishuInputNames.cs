using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// The one place where an input id of <see cref="Core.Messages.CardVerbs"/> (e.g. <c>value:0196a0a0-…</c>) becomes the
/// <c>name</c> of a Feishu form component, and back: the inbound handler decodes the keys of <c>action.form_value</c>
/// with <see cref="TryDecode"/>.
/// </summary>
/// <remarks>
/// Feishu documents <c>name</c> only as unique within the card; its other identifiers (<c>element_id</c>) allow
/// letters, digits and underscores and must start with a letter. The ids carry <c>:</c> and <c>-</c>, so names keep to
/// that stricter alphabet: ASCII letters and digits stay as they are, every other character becomes <c>_</c> and two
/// hex digits (<c>_uXXXX</c> above U+00FF), so <c>value:ab-1</c> is <c>value_3aab_2d1</c>. Every input id starts with a
/// letter, and so does every name.
/// </remarks>
public static class FeishuInputNames
{
    /// <summary>The name of the component that sends <paramref name="inputId"/>.</summary>
    /// <exception cref="ArgumentException">The id does not start with an ASCII letter (no id of <see cref="Core.Messages.CardVerbs"/> does).</exception>
    public static string Encode(string inputId)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputId);
        if (!char.IsAsciiLetter(inputId[0])) throw new ArgumentException($"An input id starts with a letter: \"{inputId}\".", nameof(inputId));
        var name = new StringBuilder(inputId.Length + 16);
        foreach (var c in inputId)
        {
            if (char.IsAsciiLetterOrDigit(c)) name.Append(c);
            else if (c <= '\u00ff') name.Append('_').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else name.Append("_u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return name.ToString();
    }

    /// <summary>The input id a <c>form_value</c> key stands for; false when the key is not a name <see cref="Encode"/> makes.</summary>
    public static bool TryDecode(string? name, [NotNullWhen(true)] out string? inputId)
    {
        inputId = null;
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetter(name[0])) return false;
        var id = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length;)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                id.Append(c);
                i++;
                continue;
            }
            if (c != '_') return false;
            var wide = i + 1 < name.Length && name[i + 1] == 'u';
            var start = wide ? i + 2 : i + 1;
            var digits = wide ? 4 : 2;
            if (start + digits > name.Length || !IsLowerHex(name.AsSpan(start, digits))) return false;
            var code = int.Parse(name.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            // Only the spelling Encode writes: a letter or a digit is never escaped, a code up to U+00FF never in the wide form.
            if ((wide && code <= 0xff) || char.IsAsciiLetterOrDigit((char)code)) return false;
            id.Append((char)code);
            i = start + digits;
        }
        inputId = id.ToString();
        return true;
    }

    /// <summary>The input id of <paramref name="name"/>, or the name itself when it is not one <see cref="Encode"/> makes.</summary>
    public static string Decode(string name) => TryDecode(name, out var id) ? id : name;

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return true;
    }
}
