using System.Security.Cryptography;
using System.Text;

namespace OkrBot.Core.Integrations;

/// <summary>
/// What an API key looks like: <c>okr_</c>, a 12-character id, <c>_</c>, a 43-character secret (256 random bits) and a
/// 6-character checksum, all base62: <c>okr_[0-9A-Za-z]{12}_[0-9A-Za-z]{49}</c>. The marker lets secret scanners find a
/// leaked key; the checksum lets them (and us, before any database read) tell a key from a typo or a random string; the
/// id finds the key's row, whose stored SHA-256 of the whole key is then compared in constant time. docs/decisions/0013.
/// </summary>
public static class ApiKeyFormat
{
    public const string Marker = "okr_";
    public const int IdLength = 12;
    public const int SecretLength = 43;
    public const int ChecksumLength = 6;
    /// <summary>The public part kept in the store and shown in listings: the marker and the id.</summary>
    public const int PrefixLength = 4 + IdLength;
    public const int Length = PrefixLength + 1 + SecretLength + ChecksumLength;
    /// <summary>A pattern for secret scanners (and the README).</summary>
    public const string Pattern = "okr_[0-9A-Za-z]{12}_[0-9A-Za-z]{49}";

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new key and its public prefix.</summary>
    public static (string Key, string Prefix) Generate()
    {
        var prefix = Marker + RandomNumberGenerator.GetString(Base62, IdLength);
        var body = prefix + "_" + RandomNumberGenerator.GetString(Base62, SecretLength);
        return (body + Checksum(body), prefix);
    }

    /// <summary>The prefix of a well-formed key (shape and checksum right), or null for anything else.</summary>
    public static string? PrefixOf(string? presented)
    {
        if (presented is null || presented.Length != Length || !presented.StartsWith(Marker, StringComparison.Ordinal)
            || presented[PrefixLength] != '_')
            return null;
        for (var i = Marker.Length; i < Length; i++)
            if (i != PrefixLength && !IsBase62(presented[i])) return null;
        var body = presented[..^ChecksumLength];
        return presented.EndsWith(Checksum(body), StringComparison.Ordinal) ? presented[..PrefixLength] : null;
    }

    /// <summary>What the store keeps of a key.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="presented"/> is the key <paramref name="storedHash"/> was made from; constant time.</summary>
    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    /// <summary>The first 32 bits of the body's SHA-256 in base62, padded to six characters (62^6 > 2^32).</summary>
    private static string Checksum(string body)
    {
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(body));
        var n = (ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest);
        Span<char> chars = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            chars[i] = Base62[(int)(n % 62)];
            n /= 62;
        }
        return new string(chars);
    }

    private static bool IsBase62(char c) => char.IsAsciiLetterOrDigit(c);
}
