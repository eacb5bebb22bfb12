using System.Text.Json.Nodes;
using OkrBot.Core.Messages;

namespace OkrBot.Tests.Feishu.Cards;

/// <summary>Reading rendered Feishu cards in tests.</summary>
public static class FeishuCardJson
{
    /// <summary>Every object in the card, depth first, with the form it sits in (null outside forms).</summary>
    public static IEnumerable<(JsonObject Node, JsonObject? Form)> Objects(JsonNode? node, JsonObject? form = null)
    {
        switch (node)
        {
            case JsonObject o:
                yield return (o, form);
                var inner = Tag(o) == "form" ? o : form;
                foreach (var (_, value) in o)
                    foreach (var item in Objects(value, inner)) yield return item;
                break;
            case JsonArray a:
                foreach (var item in a)
                    foreach (var found in Objects(item, form)) yield return found;
                break;
        }
    }

    public static string? Tag(JsonObject o) => o["tag"] is JsonValue v && v.TryGetValue<string>(out var tag) ? tag : null;

    public static IEnumerable<JsonObject> OfTag(JsonNode card, string tag) => Objects(card).Select(x => x.Node).Where(o => Tag(o) == tag);

    /// <summary>Every text people read: the content of every text object and markdown.</summary>
    public static IEnumerable<string> Texts(JsonNode card) =>
        Objects(card).Select(x => x.Node).Where(o => Tag(o) is "plain_text" or "lark_md" or "markdown").Select(o => o["content"]!.GetValue<string>());

    public static IReadOnlyList<JsonObject> Buttons(JsonNode card) => OfTag(card, "button").ToList();

    /// <summary>The callback value of a button: <c>{"verb": …, data…}</c>.</summary>
    public static JsonObject Callback(JsonObject button) =>
        button["behaviors"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "callback")!["value"]!.AsObject();

    public static string Verb(JsonObject button) => Callback(button)[CardVerbs.VerbKey]!.GetValue<string>();

    public static IReadOnlyList<string> Verbs(JsonNode card) => Buttons(card).Select(Verb).ToList();

    public static JsonObject Button(JsonNode card, string verb) =>
        Buttons(card).FirstOrDefault(b => Verb(b) == verb) ?? throw new Xunit.Sdk.XunitException($"No button with verb {verb}: {string.Join(", ", Verbs(card))}");

    public static string Data(JsonObject button, string key) => Callback(button)[key]!.GetValue<string>();

    /// <summary>The form's inputs (input and select_static) by their decoded input id.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Inputs(JsonNode card) =>
        Objects(card).Select(x => x.Node).Where(o => Tag(o) is "input" or "select_static")
            .ToDictionary(o => OkrBot.Jobs.Channels.Feishu.Cards.FeishuInputNames.Decode(o["name"]!.GetValue<string>()));

    public static IReadOnlyList<string> Options(JsonObject select) =>
        select["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()).ToList();
}
