using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OkrBot.Bot.Feishu;

/// <summary>
/// Feishu's event callback security with an Encrypt Key (PROTOCOLS.md §2): the signature
/// <c>hex(sha256(timestamp + nonce + encryptKey + rawBody))</c> in <c>X-Lark-Signature</c>, and the body's <c>encrypt</c>:
/// base64 of a 16-byte IV followed by AES-256-CBC (PKCS#7) under SHA-256(encryptKey).
/// </summary>
public static class FeishuCallbackCrypto
{
    public const string SignatureHeader = "X-Lark-Signature";
    public const string TimestampHeader = "X-Lark-Request-Timestamp";
    public const string NonceHeader = "X-Lark-Request-Nonce";

    /// <summary>Whether <paramref name="signature"/> (hex, any case) signs the body, compared in constant time.</summary>
    public static bool IsSignedBy(string encryptKey, string? timestamp, string? nonce, ReadOnlySpan<byte> rawBody, string? signature)
    {
        if (string.IsNullOrEmpty(timestamp) || nonce is null || string.IsNullOrEmpty(signature) || signature.Length != 64) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        var prefix = Encoding.UTF8.GetBytes(timestamp + nonce + encryptKey);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prefix);
        sha.AppendData(rawBody);
        return CryptographicOperations.FixedTimeEquals(sha.GetHashAndReset(), given);
    }

    /// <summary>The request time the timestamp header names (Unix seconds); null when it is not one.</summary>
    public static DateTimeOffset? TimestampOf(string? header) =>
        long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>The decrypted text of an <c>encrypt</c> value; null when it is not base64, not whole blocks, or not padded right.</summary>
    public static string? Decrypt(string encryptKey, string encrypted)
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            return null;
        }
        if (data.Length < 32 || data.Length % 16 != 0) return null;
        using var aes = Aes.Create();
        aes.Key = SHA256.HashData(Encoding.UTF8.GetBytes(encryptKey));
        try
        {
            var plain = aes.DecryptCbc(data.AsSpan(16), data.AsSpan(0, 16), PaddingMode.PKCS7);
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(plain);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether two secrets are equal, in time that does not depend on where they differ.</summary>
    public static bool SecretEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
