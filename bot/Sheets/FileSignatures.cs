namespace OkrBot.Bot.Sheets;

/// <summary>The first bytes that tell what a file really is, whatever its name says.</summary>
internal static class FileSignatures
{
    public static ReadOnlySpan<byte> Zip => "PK\x03\x04"u8;
    /// <summary>OLE compound files: Excel 97-2003 .xls, and password-protected .xlsx.</summary>
    public static ReadOnlySpan<byte> Ole => [0xD0, 0xCF, 0x11, 0xE0];
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
    public static ReadOnlySpan<byte> Utf16LittleEndianBom => [0xFF, 0xFE];
    public static ReadOnlySpan<byte> Utf16BigEndianBom => [0xFE, 0xFF];
}
