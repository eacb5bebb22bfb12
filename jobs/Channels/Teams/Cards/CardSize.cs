using System.Text;
using System.Text.Json.Nodes;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// How big a card is on the wire. Teams refuses messages over about 100 KB (413 MessageSizeTooBig); cards stay
/// under <see cref="Limit"/> to leave room for the activity around them.
/// </summary>
public static class CardSize
{
    public const int Limit = 80 * 1024;

    /// <summary>
    /// The card's size in UTF-8 bytes as <see cref="JsonNode.ToJsonString"/> writes it with default options: every
    /// non-ASCII character escaped (a Chinese character as six bytes). That is the most any sender's serializer
    /// makes of it, so a card under the limit here is under it however it is sent.
    /// </summary>
    public static int Of(JsonNode card) => Encoding.UTF8.GetByteCount(card.ToJsonString());

    public static bool IsWithinLimit(JsonNode card) => Of(card) <= Limit;
}
