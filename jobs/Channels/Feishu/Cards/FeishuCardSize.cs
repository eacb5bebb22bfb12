using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// How big a card is for Feishu: the send API takes the card as a string of at most 30 KB, and a card JSON 2.0 holds
/// at most 200 elements, text elements (<c>plain_text</c>) included. Cards stay under <see cref="Limit"/> bytes and
/// <see cref="MaxElements"/> elements.
/// </summary>
public static class FeishuCardSize
{
    /// <summary>30 KB counted as 30,000 bytes, the smaller reading of "KB", so either reading holds.</summary>
    public const int Limit = 30_000;

    /// <summary>"Up to 200 elements (e.g., text elements where tag is plain_text) or components" (card-json-v2-structure).</summary>
    public const int MaxElements = 200;

    /// <summary>
    /// What goes on the wire: non-ASCII characters as they are (a Chinese character is three UTF-8 bytes), the way
    /// <see cref="FeishuCardRenderer.Content"/> writes the card.
    /// </summary>
    internal static readonly JsonSerializerOptions WireOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The card's size in UTF-8 bytes as <see cref="FeishuCardRenderer.Content"/> writes it.</summary>
    public static int Of(JsonNode card) => Encoding.UTF8.GetByteCount(card.ToJsonString(WireOptions));

    /// <summary>
    /// The elements of the card as Feishu counts them, read as strictly as the reference allows: every object with a
    /// <c>tag</c>, the header's title, columns and the text objects of labels, placeholders and options included.
    /// </summary>
    public static int Elements(JsonNode card) => Count(card);

    public static bool IsWithinLimits(JsonNode card) => Of(card) <= Limit && Elements(card) <= MaxElements;

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => (o["tag"] is JsonValue tag && tag.TryGetValue<string>(out _) ? 1 : 0) + o.Sum(p => Count(p.Value)),
        JsonArray a => a.Sum(Count),
        _ => 0,
    };
}
