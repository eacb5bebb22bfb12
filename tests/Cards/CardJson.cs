using System.Text.Json.Nodes;

namespace OkrBot.Tests.Cards;

/// <summary>Reading rendered cards in tests.</summary>
public static class CardJson
{
    /// <summary>Properties whose values people read.</summary>
    private static readonly string[] TextProperties = ["text", "title", "label", "placeholder", "errorMessage", "fallbackText"];

    /// <summary>Every object in the card, depth first.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, value) in o)
                    foreach (var inner in Objects(value)) yield return inner;
                break;
            case JsonArray a:
                foreach (var item in a)
                    foreach (var inner in Objects(item)) yield return inner;
                break;
        }
    }

    public static IEnumerable<JsonObject> OfType(JsonNode card, string type) => Objects(card).Where(o => Type(o) == type);

    public static string? Type(JsonObject o) => o["type"]?.GetValue<string>();

    /// <summary>Every text people read on the card.</summary>
    public static IEnumerable<string> Texts(JsonNode card) =>
        Objects(card).SelectMany(o => TextProperties.Select(p => o[p]).OfType<JsonValue>()
            .Where(v => v.TryGetValue<string>(out _)).Select(v => v.GetValue<string>()));

    /// <summary>The Universal Actions (buttons and select actions), not their fallbacks.</summary>
    public static IReadOnlyList<JsonObject> Executes(JsonNode card) => OfType(card, "Action.Execute").ToList();

    public static IReadOnlyList<string> Verbs(JsonNode card) => Executes(card).Select(a => a["verb"]!.GetValue<string>()).ToList();

    /// <summary>The buttons of the card's action bar.</summary>
    public static IReadOnlyList<JsonObject> Buttons(JsonObject card) => card["actions"]?.AsArray().Select(a => a!.AsObject()).ToList() ?? [];

    public static JsonObject Button(JsonObject card, string verb) =>
        Executes(card).FirstOrDefault(a => a["verb"]!.GetValue<string>() == verb)
        ?? throw new Xunit.Sdk.XunitException($"No button with verb {verb}: {string.Join(", ", Verbs(card))}");

    public static string Data(JsonObject action, string key) => action["data"]![key]!.GetValue<string>();

    public static IReadOnlyDictionary<string, JsonObject> Inputs(JsonNode card) =>
        Objects(card).Where(o => Type(o)?.StartsWith("Input.", StringComparison.Ordinal) == true)
            .ToDictionary(o => o["id"]!.GetValue<string>());

    public static IReadOnlyList<string> Choices(JsonObject input) =>
        input["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()).ToList();
}
