using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// How big a card is for Feishu: the send API takes the card as a string of at most 30 KB, and a card JSON 2.0 holds
/// at most 200 components. Cards stay under <see cref="Limit"/> bytes and <see cref="MaxComponents"/> components.
/// </summary>
public static class FeishuCardSize
{
    /// <summary>30 KB counted as 30,000 bytes, the smaller reading of "KB", so either reading holds.</summary>
    public const int Limit = 30_000;

    /// <summary>Feishu refuses a card JSON 2.0 with more than 200 components.</summary>
    public const int MaxComponents = 200;

    /// <summary>
    /// What goes on the wire: non-ASCII characters as they are (a Chinese character is three UTF-8 bytes), the way
    /// <see cref="FeishuCardRenderer.Content"/> writes the card.
    /// </summary>
    internal static readonly JsonSerializerOptions WireOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The card's size in UTF-8 bytes as <see cref="FeishuCardRenderer.Content"/> writes it.</summary>
    public static int Of(JsonNode card) => Encoding.UTF8.GetByteCount(card.ToJsonString(WireOptions));

    /// <summary>
    /// The components in the card's body: every object with a component <c>tag</c> (columns included, text objects
    /// such as <c>plain_text</c> not).
    /// </summary>
    public static int Components(JsonNode card) => Count(card["body"]);

    public static bool IsWithinLimits(JsonNode card) => Of(card) <= Limit && Components(card) <= MaxComponents;

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => (o["tag"] is JsonValue tag && tag.TryGetValue<string>(out var name) && name is not ("plain_text" or "lark_md") ? 1 : 0)
            + o.Sum(p => Count(p.Value)),
        JsonArray a => a.Sum(Count),
        _ => 0,
    };
}
