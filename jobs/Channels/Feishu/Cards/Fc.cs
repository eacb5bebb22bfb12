using System.Globalization;
using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// Feishu card JSON 2.0 components, as small functions over <see cref="JsonObject"/>. Feishu refuses a 2.0 card with
/// a property it does not know, so each function writes only documented properties, and only those it needs.
/// </summary>
/// <remarks>
/// Text goes into a <c>div</c> as <c>plain_text</c>, which Feishu shows as it is: a <c>markdown</c> component would
/// read what people wrote (titles, names, notes) as Markdown, so a note could turn into a link.
/// </remarks>
internal static class Fc
{
    /// <summary>The most characters a Feishu <c>input</c> takes (<c>max_length</c> is 1 to 1,000).</summary>
    public const int MaxInputLength = 1000;

    /// <summary>The card itself, under a header in one of Feishu's header colours (<c>blue</c>, <c>green</c>, <c>orange</c>, <c>red</c>…).</summary>
    public static JsonObject Card(string title, string template, IEnumerable<JsonNode?> elements) => new()
    {
        ["schema"] = "2.0",
        // Card JSON 2.0 cards are shared cards: the one value it takes, and the one that lets the bot update the card.
        ["config"] = new JsonObject { ["update_multi"] = true },
        ["header"] = new JsonObject { ["title"] = Plain(title), ["template"] = template },
        ["body"] = new JsonObject { ["elements"] = Array(elements) },
    };

    /// <summary>A paragraph shown verbatim.</summary>
    /// <param name="size"><c>heading</c>, <c>normal</c> (the default) or <c>notation</c>.</param>
    /// <param name="color">A Feishu text colour: <c>grey</c>, <c>green</c>, <c>orange</c>, <c>red</c>, <c>blue</c>.</param>
    public static JsonObject Text(string content, string? size = null, string? color = null)
    {
        var text = Plain(content);
        if (size is not null) text["text_size"] = size;
        if (color is not null) text["text_color"] = color;
        return new JsonObject { ["tag"] = "div", ["text"] = text };
    }

    public static JsonObject Heading(string content) => Text(content, size: "heading");

    /// <summary>Secondary text: small and grey.</summary>
    public static JsonObject Subtle(string content) => Text(content, size: "notation", color: "grey");

    public static JsonObject Hr() => new() { ["tag"] = "hr" };

    /// <summary>
    /// A button that calls back with <c>{"verb": …, data…}</c> in <c>action.value</c> (every value a string), the
    /// contract of <see cref="CardVerbs"/>. Only for buttons outside a form.
    /// </summary>
    /// <param name="type"><c>default</c>, <c>primary_filled</c>, <c>danger_filled</c>, <c>primary_text</c>…</param>
    public static JsonObject Button(string title, CardAction action, string type = "default") => new()
    {
        ["tag"] = "button",
        ["text"] = Plain(title),
        ["type"] = type,
        ["behaviors"] = new JsonArray(new JsonObject { ["type"] = "callback", ["value"] = Value(action) }),
    };

    /// <summary>The submit button of a form: the form's inputs come back in <c>action.form_value</c>, the verb and data in <c>action.value</c>.</summary>
    public static JsonObject Submit(string title, CardAction action, string type = "primary_filled")
    {
        var button = Button(title, action, type);
        button["name"] = SubmitName;
        button["form_action_type"] = "submit";
        return button;
    }

    /// <summary>The name of every form's submit button (names are unique per card, and a card has one form).</summary>
    public const string SubmitName = "submit";

    /// <summary>Buttons side by side, wrapping on a narrow screen; one button on its own.</summary>
    public static JsonObject Buttons(IEnumerable<JsonObject> buttons)
    {
        var list = buttons.ToList();
        if (list.Count == 1) return list[0];
        return new JsonObject
        {
            ["tag"] = "column_set",
            ["flex_mode"] = "flow",
            ["horizontal_spacing"] = "8px",
            ["columns"] = Array(list.Select(b => new JsonObject { ["tag"] = "column", ["elements"] = new JsonArray(b) })),
        };
    }

    /// <summary>A form at the root of the body: its inputs are sent together by its submit button.</summary>
    public static JsonObject Form(string name, IEnumerable<JsonNode?> elements) => new()
    {
        ["tag"] = "form",
        ["name"] = name,
        ["elements"] = Array(elements),
    };

    /// <summary>A text input named after <paramref name="inputId"/> (<see cref="FeishuInputNames"/>), prefilled with <paramref name="value"/>.</summary>
    public static JsonObject TextInput(string inputId, string label, string? placeholder, string? value, bool multiline = false, bool required = false)
    {
        var input = new JsonObject { ["tag"] = "input", ["name"] = FeishuInputNames.Encode(inputId) };
        if (required) input["required"] = true;
        input["label"] = Plain(label);
        if (placeholder is not null) input["placeholder"] = Plain(placeholder);
        if (!string.IsNullOrEmpty(value)) input["default_value"] = Prefill(value);
        if (multiline) input["input_type"] = "multiline_text";
        input["max_length"] = MaxInputLength;
        input["width"] = "fill";
        return input;
    }

    /// <summary>A drop-down named after <paramref name="inputId"/>, <paramref name="initial"/> preselected.</summary>
    /// <param name="placeholder">Shown while nothing is chosen; none when an option is preselected, which hides it anyway.</param>
    public static JsonObject Select(string inputId, string? placeholder, IEnumerable<(string Text, string Value)> options, string? initial, bool required)
    {
        var select = new JsonObject { ["tag"] = "select_static", ["name"] = FeishuInputNames.Encode(inputId) };
        if (required) select["required"] = true;
        if (initial is null && placeholder is not null) select["placeholder"] = Plain(placeholder);
        select["options"] = Array(options.Select(o => new JsonObject { ["text"] = Plain(o.Text), ["value"] = o.Value }));
        if (initial is not null) select["initial_option"] = initial;
        select["width"] = "fill";
        return select;
    }

    /// <summary>The status choices, in the viewer's language, valued by <see cref="CardVerbs.StatusValue"/>.</summary>
    public static IEnumerable<(string, string)> StatusOptions(BotText text, IEnumerable<KrStatus> statuses) =>
        statuses.Select(s => (text.Status(s), CardVerbs.StatusValue(s)));

    /// <summary>The colour a status is shown in.</summary>
    public static string StatusColor(KrStatus status) => status switch
    {
        KrStatus.OnTrack => "green",
        KrStatus.AtRisk => "orange",
        _ => "red",
    };

    /// <summary>A status as people read it: "● At risk".</summary>
    public static string Status(BotText text, KrStatus status) => "\u25cf " + text.Status(status);

    /// <summary>Lines of one paragraph (a card holds at most 200 elements, each text one of them).</summary>
    public static string Lines(params string?[] lines) => string.Join("\n", lines.Where(l => !string.IsNullOrEmpty(l)));

    /// <summary>Parts of one line, spaced by a middle dot.</summary>
    public static string Line(params string?[] parts) => string.Join("  \u00b7  ", parts.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>Progress as a text bar and a percentage, readable on every client: ▓▓▓▓▓▓░░░░ 62%, and an optional tail.</summary>
    public static string Progress(BotText text, decimal progress, string? tail = null)
    {
        var filled = (int)Math.Round(Math.Clamp(progress, 0m, 1m) * 10, MidpointRounding.AwayFromZero);
        return Line(new string('\u2593', filled) + new string('\u2591', 10 - filled) + " " + text.Percent(progress), tail);
    }

    /// <summary>At most <paramref name="max"/> characters of what someone wrote, on one paragraph's worth.</summary>
    public static string Clip(string text, int max) => CardFit.Clip(text, max);

    /// <summary>Someone's words quoted, clipped to <paramref name="max"/> characters.</summary>
    public static string Quote(string text, int max) => "\u201c" + Clip(text, max) + "\u201d";

    /// <summary>A number as an input holds it: invariant culture, no trailing zeros (40.00 as 40).</summary>
    public static string Number(decimal value) =>
        (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// What an input is prefilled with: the text as it is, unless it is longer than an input takes; then its first
    /// characters, marked as cut, which the person sees before submitting again.
    /// </summary>
    private static string Prefill(string value) => value.Length <= MaxInputLength ? value : CardFit.Cut(value, MaxInputLength);

    private static JsonObject Plain(string content) => new() { ["tag"] = "plain_text", ["content"] = content };

    private static JsonObject Value(CardAction action)
    {
        var value = new JsonObject { [CardVerbs.VerbKey] = action.Verb };
        foreach (var (key, data) in action.Data) value[key] = data;
        return value;
    }

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.Where(i => i is not null).ToArray());
}
