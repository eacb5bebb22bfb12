namespace OkrBot.Jobs.Channels;

/// <summary>How a digest shows small wins, on every channel: the first few, each cut to fit the card's density.</summary>
internal static class DigestWins
{
    /// <summary>A digest celebrates; it is not a feed. More than this are counted, not listed.</summary>
    public const int MaxShown = 10;

    public static string Clip(string text, Density density) =>
        CardFit.Clip(text, density switch { Density.Full => 280, Density.Compact => 140, _ => 70 });
}
