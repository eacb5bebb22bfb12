using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// Adaptive Card 1.5 elements, as small functions over <see cref="JsonObject"/>. Properties at their default are
/// left out, so a card carries only what it means (and stays small).
/// </summary>
/// <remarks>
/// Text that people wrote (titles, names, notes, reasons) goes into a RichTextBlock's TextRun, which hosts show
/// as it is: a TextBlock would read it as Markdown, so a note could turn into a link.
/// </remarks>
internal static class Ac
{
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";
    public const string Version = "1.5";

    /// <summary>The card itself, in the language of <paramref name="text"/>.</summary>
    public static JsonObject Card(BotText text, IEnumerable<JsonNode?> body, IEnumerable<JsonNode?>? actions = null)
    {
        var card = new JsonObject
        {
            ["$schema"] = Schema,
            ["type"] = "AdaptiveCard",
            ["version"] = Version,
            ["fallbackText"] = text.CardFallback,
            ["body"] = Array(body),
        };
        var actionList = Array(actions ?? []);
        if (actionList.Count > 0) card["actions"] = actionList;
        return card;
    }

    /// <summary>The card's title: the 1.5 heading style, which screen readers announce as a heading.</summary>
    public static JsonObject Heading(string text) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["style"] = "heading",
        ["size"] = "Large",
        ["weight"] = "Bolder",
        ["wrap"] = true,
    };

    /// <summary>A fixed text of ours (no user content: a TextBlock reads Markdown).</summary>
    public static JsonObject Text(string text, string? size = null, string? weight = null, string? color = null, bool subtle = false,
        string? spacing = null, bool separator = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        Layout(block, spacing, separator);
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (color is not null) block["color"] = color;
        if (subtle) block["isSubtle"] = true;
        return block;
    }

    /// <summary>A paragraph of runs shown verbatim (for anything people wrote).</summary>
    public static JsonObject Rich(IEnumerable<JsonObject> runs, string? spacing = null, bool separator = false)
    {
        var block = new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = Array(runs) };
        Layout(block, spacing, separator);
        return block;
    }

    public static JsonObject Rich(params JsonObject[] runs) => Rich(runs, null);

    /// <summary>One piece of verbatim text with its style.</summary>
    public static JsonObject Run(string text, string? size = null, string? weight = null, string? color = null, bool subtle = false,
        bool italic = false, bool monospace = false)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = text };
        if (size is not null) run["size"] = size;
        if (weight is not null) run["weight"] = weight;
        if (color is not null) run["color"] = color;
        if (subtle) run["isSubtle"] = true;
        if (italic) run["italic"] = true;
        if (monospace) run["fontType"] = "Monospace";
        return run;
    }

    public static JsonObject Container(IEnumerable<JsonNode?> items, string? style = null, string? spacing = null, bool separator = false,
        JsonObject? selectAction = null)
    {
        var container = new JsonObject { ["type"] = "Container" };
        Layout(container, spacing, separator);
        if (style is not null) container["style"] = style;
        if (selectAction is not null) container["selectAction"] = selectAction;
        container["items"] = Array(items);
        return container;
    }

    public static JsonObject Columns(IEnumerable<JsonObject> columns, string? spacing = null, bool separator = false)
    {
        var set = new JsonObject { ["type"] = "ColumnSet" };
        Layout(set, spacing, separator);
        set["columns"] = Array(columns);
        return set;
    }

    /// <param name="width">"auto", "stretch" or a weight such as "2".</param>
    public static JsonObject Column(string width, params JsonNode?[] items) => new()
    {
        ["type"] = "Column",
        ["width"] = width,
        ["items"] = Array(items),
    };

    /// <summary>A label and a value side by side, the value verbatim (a FactSet would read it as Markdown).</summary>
    public static JsonObject Fact(string label, string value, string? valueColor = null) =>
        Columns([
            Column("2", Rich(Run(label, weight: "Bolder"))),
            Column("5", Rich(Run(value, color: valueColor))),
        ], spacing: "Small");

    public static JsonObject ActionSet(IEnumerable<JsonObject> actions, string? spacing = null)
    {
        var set = new JsonObject { ["type"] = "ActionSet" };
        Layout(set, spacing, false);
        set["actions"] = Array(actions);
        return set;
    }

    /// <summary>
    /// A Universal Action with an <c>Action.Submit</c> fallback for hosts without them; the fallback's data carries
    /// the verb under <see cref="CardVerbs.VerbKey"/>.
    /// </summary>
    /// <param name="sendsInputs">False for buttons that only navigate: the host then neither validates nor sends the inputs.</param>
    public static JsonObject Execute(string title, CardAction action, string? style = null, bool sendsInputs = true)
    {
        var data = new JsonObject();
        foreach (var (key, value) in action.Data) data[key] = value;
        var submitData = new JsonObject { [CardVerbs.VerbKey] = action.Verb };
        foreach (var (key, value) in action.Data) submitData[key] = value;

        var fallback = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = submitData };
        var execute = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = action.Verb, ["data"] = data };
        foreach (var a in new[] { execute, fallback })
        {
            if (style is not null) a["style"] = style;
            if (!sendsInputs) a["associatedInputs"] = "none";
        }
        execute["fallback"] = fallback;
        return execute;
    }

    public static JsonObject NumberInput(string id, string label, decimal? value, decimal? min, decimal? max, bool required, string errorMessage)
    {
        var input = Input("Input.Number", id, label, required, errorMessage);
        if (value is { } v) input["value"] = Normalize(v);
        if (min is { } lo) input["min"] = Normalize(lo);
        if (max is { } hi) input["max"] = Normalize(hi);
        return input;
    }

    /// <param name="expanded">Radio buttons instead of a drop-down: for two or three short choices.</param>
    public static JsonObject ChoiceInput(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value,
        bool required, string errorMessage, bool expanded = false)
    {
        var input = Input("Input.ChoiceSet", id, label, required, errorMessage);
        if (expanded) input["style"] = "expanded";
        if (value is not null) input["value"] = value;
        input["choices"] = Array(choices.Select(c => new JsonObject { ["title"] = c.Title, ["value"] = c.Value }));
        return input;
    }

    public static JsonObject TextInput(string id, string label, string? placeholder, string? value, int maxLength, bool multiline,
        bool required = false, string? errorMessage = null)
    {
        var input = Input("Input.Text", id, label, required, errorMessage);
        if (placeholder is not null) input["placeholder"] = placeholder;
        if (!string.IsNullOrEmpty(value)) input["value"] = value;
        input["maxLength"] = maxLength;
        if (multiline) input["isMultiline"] = true;
        return input;
    }

    /// <summary>The status choices, in the viewer's language, valued by <see cref="CardVerbs.StatusValue"/>.</summary>
    public static IEnumerable<(string, string)> StatusChoices(BotText text, IEnumerable<KrStatus> statuses) =>
        statuses.Select(s => (text.Status(s), CardVerbs.StatusValue(s)));

    /// <summary>The colour a status is shown in.</summary>
    public static string StatusColor(KrStatus status) => status switch
    {
        KrStatus.OnTrack => "Good",
        KrStatus.AtRisk => "Warning",
        _ => "Attention",
    };

    /// <summary>A status as a coloured run: "● At risk".</summary>
    public static JsonObject StatusRun(BotText text, KrStatus status) => Run("\u25cf " + text.Status(status), weight: "Bolder", color: StatusColor(status));

    /// <summary>At most <paramref name="max"/> characters of what someone wrote, on one paragraph's worth.</summary>
    public static string Clip(string text, int max) => CardFit.Clip(text, max);

    /// <summary>40.00 as 40: the value a number input shows is written as the number is stored.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    private static JsonObject Input(string type, string id, string label, bool required, string? errorMessage)
    {
        var input = new JsonObject { ["type"] = type, ["id"] = id, ["label"] = label };
        if (required) input["isRequired"] = true;
        if (errorMessage is not null) input["errorMessage"] = errorMessage;
        return input;
    }

    private static void Layout(JsonObject element, string? spacing, bool separator)
    {
        if (spacing is not null) element["spacing"] = spacing;
        if (separator) element["separator"] = true;
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.Where(i => i is not null).ToArray());
}

internal static class JsonObjectExtensions
{
    /// <summary>Sets a property and returns the object, for one-off layout tweaks.</summary>
    public static JsonObject With(this JsonObject element, string name, JsonNode? value)
    {
        element[name] = value;
        return element;
    }
}
