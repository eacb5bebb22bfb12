using System.Text.Json.Nodes;
using OkrBot.Core.Messages;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// Renders a channel-neutral view as a Feishu card (JSON 2.0), in the viewer's language, the way
/// <see cref="Teams.Cards.AdaptiveCardRenderer"/> renders it for Teams.
/// </summary>
public static class FeishuCardRenderer
{
    /// <summary>The card itself: <c>{"schema":"2.0","config":{"update_multi":true},"header":{...},"body":{"elements":[...]}}</c>.</summary>
    public static JsonObject Render(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        throw new NotSupportedException($"No Feishu card for {view.GetType().Name} yet.");
    }
}
