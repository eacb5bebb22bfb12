using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OkrBot.Tests.Feishu.Cards;

/// <summary>
/// What Feishu accepts in a card JSON 2.0, as far as these cards go: the components and, for each, the properties the
/// open platform's component reference lists. Feishu refuses a 2.0 card with a property it does not know ("传入不支持的
/// 属性将报错"), so anything outside these lists fails the test before Feishu can refuse the card.
/// </summary>
/// <remarks>
/// Sources: the open platform's card JSON 2.0 pages under open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/ —
/// card-json-v2-structure, card-json-v2-breaking-changes-release-notes, card-json-v2-components/component-json-v2-overview,
/// card-json-v2-components/containers/form-container and …/containers/column-set,
/// card-json-v2-components/content-components/rich-text, card-json-v2-components/interactive-components/input and
/// …/interactive-components/button, …/interactive-components/single-select-dropdown-menu,
/// …/content-components/plain-text and …/content-components/divider (read in the Lark mirror,
/// open.larksuite.com/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/…) — and Larksuite's own card references and
/// examples (github.com/larksuite/cli, skills/lark-im). Properties the cards do not use are listed too where the reference documents them, so the list
/// reads as the reference does; values are checked where the cards set them.
/// </remarks>
public static partial class FeishuCardSchema
{
    private static readonly string[] Layout = ["tag", "element_id", "margin"];

    /// <summary>Every component tag the cards may use, and the properties each takes.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Components = new Dictionary<string, string[]>
    {
        ["markdown"] = [.. Layout, "content", "text_size", "text_align", "icon", "i18n_content"],
        ["div"] = [.. Layout, "text", "fields", "icon", "width"],
        ["hr"] = Layout,
        ["column_set"] = [.. Layout, "flex_mode", "horizontal_spacing", "horizontal_align", "background_style", "action", "columns"],
        ["column"] = ["tag", "element_id", "width", "weight", "vertical_align", "horizontal_align", "direction", "horizontal_spacing", "vertical_spacing",
            "padding", "margin", "background_style", "action", "elements"],
        ["form"] = [.. Layout, "name", "direction", "horizontal_spacing", "vertical_spacing", "horizontal_align", "vertical_align", "padding", "elements"],
        ["collapsible_panel"] = [.. Layout, "header", "elements", "expanded", "background_color", "border", "direction", "vertical_spacing",
            "horizontal_spacing", "padding"],
        ["input"] = [.. Layout, "name", "required", "disabled", "disabled_tips", "hover_tips", "placeholder", "default_value", "width", "max_length",
            "input_type", "rows", "auto_resize", "max_rows", "show_icon", "label", "label_position", "value", "behaviors", "confirm"],
        ["select_static"] = [.. Layout, "name", "required", "disabled", "disabled_tips", "hover_tips", "placeholder", "width", "type", "options",
            "initial_option", "initial_index", "behaviors", "confirm"],
        ["multi_select_static"] = [.. Layout, "name", "required", "disabled", "disabled_tips", "hover_tips", "placeholder", "width", "type", "options",
            "selected_values", "confirm"],
        ["button"] = [.. Layout, "type", "size", "width", "text", "icon", "hover_tips", "disabled", "disabled_tips", "confirm", "behaviors",
            "name", "form_action_type"],
    };

    public static readonly string[] Root = ["schema", "config", "card_link", "header", "body"];
    public static readonly string[] Config = ["update_multi", "enable_forward", "width_mode", "summary", "locales", "streaming_mode", "streaming_config",
        "use_custom_translation", "enable_forward_interaction", "style"];
    public static readonly string[] Header = ["title", "subtitle", "template", "icon", "text_tag_list", "i18n_text_tag_list", "padding"];
    public static readonly string[] Body = ["direction", "padding", "horizontal_spacing", "vertical_spacing", "horizontal_align", "vertical_align", "elements"];
    /// <summary>A text object (<c>plain_text</c> or <c>lark_md</c>): a div's text, a title, a label, a placeholder, an option's text.</summary>
    public static readonly string[] Text = ["tag", "content", "text_size", "text_color", "text_align", "lines"];
    public static readonly string[] Option = ["text", "value", "icon", "multi_url"];
    public static readonly string[] PanelHeader = ["title", "background_color", "width", "vertical_align", "padding", "icon", "icon_position", "icon_expanded_angle"];
    public static readonly string[] Callback = ["type", "value"];
    public static readonly string[] OpenUrl = ["type", "default_url", "pc_url", "ios_url", "android_url"];

    public static readonly string[] Templates = ["blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey", "default"];
    public static readonly string[] TextSizes = ["heading-0", "heading-1", "heading-2", "heading-3", "heading-4", "heading", "normal", "notation",
        "xxxx-large", "xxx-large", "xx-large", "x-large", "large", "medium", "small", "x-small"];
    public static readonly string[] TextColors = ["default", "blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey"];
    public static readonly string[] ButtonTypes = ["default", "primary", "danger", "text", "primary_text", "danger_text", "primary_filled", "danger_filled", "laser"];
    public static readonly string[] FlexModes = ["none", "stretch", "flow", "bisect", "trisect"];
    public static readonly string[] InputTypes = ["text", "multiline_text", "password"];

    /// <summary>An input's <c>max_length</c>: 1 to 1,000.</summary>
    public const int MaxInputLength = 1000;

    /// <summary>An input's placeholder: "supporting up to 100 characters".</summary>
    public const int MaxPlaceholderLength = 100;

    /// <summary>The alphabet of names the cards write: a letter first, then letters, digits and underscores (that of <c>element_id</c>).</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    public static partial Regex Name();

    /// <summary>Every way <paramref name="card"/> departs from the schema, each with its JSON path; empty when it keeps to it.</summary>
    public static IReadOnlyList<string> Problems(JsonObject card)
    {
        var problems = new List<string>();
        Only(card, Root, "$", problems);
        if (card["schema"]?.GetValue<string>() != "2.0") problems.Add("$.schema is not \"2.0\"");
        if (card["config"] is JsonObject config)
        {
            Only(config, Config, "$.config", problems);
            if (config["update_multi"] is not JsonValue multi || multi.GetValueKind() != JsonValueKind.True) problems.Add("$.config.update_multi is not true");
        }
        else
        {
            problems.Add("$.config is missing");
        }
        if (card["header"] is JsonObject header)
        {
            Only(header, Header, "$.header", problems);
            TextObject(header["title"], "$.header.title", problems, plainOnly: true);
            if (header["subtitle"] is { } subtitle) TextObject(subtitle, "$.header.subtitle", problems, plainOnly: true);
            OneOf(header, "template", Templates, "$.header", problems);
        }
        if (card["body"] is JsonObject body)
        {
            Only(body, Body, "$.body", problems);
            Elements(body["elements"], "$.body.elements", problems, root: true);
        }
        else
        {
            problems.Add("$.body is missing");
        }
        return problems;
    }

    private static void Elements(JsonNode? node, string path, List<string> problems, bool root)
    {
        if (node is not JsonArray elements)
        {
            problems.Add($"{path} is not an array");
            return;
        }
        for (var i = 0; i < elements.Count; i++) Component(elements[i], $"{path}[{i}]", problems, root);
    }

    private static void Component(JsonNode? node, string path, List<string> problems, bool root)
    {
        if (node is not JsonObject component || component["tag"] is not JsonValue tagValue || !tagValue.TryGetValue<string>(out var tag))
        {
            problems.Add($"{path} is not a component with a tag");
            return;
        }
        if (!Components.TryGetValue(tag, out var allowed) || tag == "column")
        {
            problems.Add($"{path}: component \"{tag}\" is not one the cards may use here");
            return;
        }
        Only(component, allowed, path, problems);
        if (tag == "form" && !root) problems.Add($"{path}: a form may only sit at the root of the body");
        switch (tag)
        {
            case "div":
                TextObject(component["text"], path + ".text", problems);
                break;
            case "markdown":
                if (component["content"] is not JsonValue) problems.Add($"{path}.content is missing");
                OneOf(component, "text_size", TextSizes, path, problems);
                break;
            case "column_set":
                OneOf(component, "flex_mode", FlexModes, path, problems);
                if (component["columns"] is not JsonArray { Count: > 0 } columns)
                {
                    problems.Add($"{path}.columns is empty");
                    break;
                }
                for (var i = 0; i < columns.Count; i++)
                {
                    var columnPath = $"{path}.columns[{i}]";
                    if (columns[i] is not JsonObject column || column["tag"]?.GetValue<string>() != "column")
                    {
                        problems.Add($"{columnPath} is not a column");
                        continue;
                    }
                    Only(column, Components["column"], columnPath, problems);
                    if (column["elements"] is { } inner) Elements(inner, columnPath + ".elements", problems, root: false);
                }
                break;
            case "form":
                if (component["name"] is not JsonValue) problems.Add($"{path}.name is missing");
                Elements(component["elements"], path + ".elements", problems, root: false);
                break;
            case "collapsible_panel":
                if (component["header"] is JsonObject panelHeader)
                {
                    Only(panelHeader, PanelHeader, path + ".header", problems);
                    if (panelHeader["title"] is { } title) TextObject(title, path + ".header.title", problems);
                }
                else
                {
                    problems.Add($"{path}.header is missing");
                }
                if (component["elements"] is { } panelElements) Elements(panelElements, path + ".elements", problems, root: false);
                break;
            case "input":
                TextObjects(component, ["placeholder", "label"], path, problems);
                if (component["placeholder"]?["content"]?.GetValue<string>() is { Length: > MaxPlaceholderLength })
                    problems.Add($"{path}.placeholder is longer than {MaxPlaceholderLength} characters");
                OneOf(component, "input_type", InputTypes, path, problems);
                if (component["max_length"] is JsonValue max && (!max.TryGetValue<int>(out var length) || length is < 1 or > MaxInputLength))
                    problems.Add($"{path}.max_length is not 1 to {MaxInputLength}");
                if (component["default_value"] is JsonValue value && value.GetValue<string>().Length > MaxInputLength)
                    problems.Add($"{path}.default_value is longer than the input takes");
                Behaviors(component, path, problems);
                break;
            case "select_static":
                TextObjects(component, ["placeholder"], path, problems);
                if (component["options"] is not JsonArray { Count: > 0 } options)
                {
                    problems.Add($"{path}.options is empty");
                    break;
                }
                for (var i = 0; i < options.Count; i++)
                {
                    if (options[i] is not JsonObject option)
                    {
                        problems.Add($"{path}.options[{i}] is not an object");
                        continue;
                    }
                    Only(option, Option, $"{path}.options[{i}]", problems);
                    TextObject(option["text"], $"{path}.options[{i}].text", problems, plainOnly: true);
                    if (option["value"] is not JsonValue optionValue || !optionValue.TryGetValue<string>(out _)) problems.Add($"{path}.options[{i}].value is not a string");
                }
                if (options.Select(o => o?["value"]?.ToJsonString()).Distinct().Count() != options.Count) problems.Add($"{path}.options repeat a value");
                if (component["initial_option"] is JsonValue initial && !options.Any(o => o!["value"]!.GetValue<string>() == initial.GetValue<string>()))
                    problems.Add($"{path}.initial_option is not one of its options");
                Behaviors(component, path, problems);
                break;
            case "multi_select_static":
                TextObjects(component, ["placeholder"], path, problems);
                if (component["options"] is not JsonArray { Count: > 0 } choices)
                {
                    problems.Add($"{path}.options is empty");
                    break;
                }
                for (var i = 0; i < choices.Count; i++)
                {
                    if (choices[i] is not JsonObject option)
                    {
                        problems.Add($"{path}.options[{i}] is not an object");
                        continue;
                    }
                    Only(option, Option, $"{path}.options[{i}]", problems);
                    TextObject(option["text"], $"{path}.options[{i}].text", problems, plainOnly: true);
                }
                if (component["selected_values"] is JsonArray selected
                    && selected.Any(v => !choices.Any(o => o!["value"]!.GetValue<string>() == v?.GetValue<string>())))
                    problems.Add($"{path}.selected_values are not all among its options");
                break;
            case "button":
                TextObject(component["text"], path + ".text", problems, plainOnly: true);
                OneOf(component, "type", ButtonTypes, path, problems);
                OneOf(component, "form_action_type", ["submit", "reset"], path, problems);
                Behaviors(component, path, problems);
                break;
        }
    }

    private static void Behaviors(JsonObject component, string path, List<string> problems)
    {
        if (component["behaviors"] is null) return;
        if (component["behaviors"] is not JsonArray behaviors)
        {
            problems.Add($"{path}.behaviors is not an array");
            return;
        }
        for (var i = 0; i < behaviors.Count; i++)
        {
            var behaviorPath = $"{path}.behaviors[{i}]";
            switch (behaviors[i] is JsonObject b ? b["type"]?.GetValue<string>() : null)
            {
                case "callback":
                    Only(behaviors[i]!.AsObject(), Callback, behaviorPath, problems);
                    break;
                case "open_url":
                    Only(behaviors[i]!.AsObject(), OpenUrl, behaviorPath, problems);
                    break;
                default:
                    problems.Add($"{behaviorPath} is not a callback or open_url behaviour");
                    break;
            }
        }
    }

    private static void TextObjects(JsonObject component, string[] properties, string path, List<string> problems)
    {
        foreach (var property in properties)
            if (component[property] is { } text) TextObject(text, $"{path}.{property}", problems, plainOnly: true);
    }

    private static void TextObject(JsonNode? node, string path, List<string> problems, bool plainOnly = false)
    {
        if (node is not JsonObject text)
        {
            problems.Add($"{path} is not a text object");
            return;
        }
        Only(text, Text, path, problems);
        var tag = text["tag"]?.GetValue<string>();
        if (tag != "plain_text" && (plainOnly || tag != "lark_md")) problems.Add($"{path}.tag is \"{tag}\"");
        if (text["content"] is not JsonValue content || string.IsNullOrWhiteSpace(content.GetValue<string>())) problems.Add($"{path}.content is empty");
        OneOf(text, "text_size", TextSizes, path, problems);
        OneOf(text, "text_color", TextColors, path, problems);
    }

    private static void OneOf(JsonObject o, string property, string[] values, string path, List<string> problems)
    {
        if (o[property] is { } value && !(value is JsonValue v && v.TryGetValue<string>(out var s) && values.Contains(s)))
            problems.Add($"{path}.{property} is {value.ToJsonString()}, not one of {string.Join(", ", values)}");
    }

    private static void Only(JsonObject o, string[] allowed, string path, List<string> problems)
    {
        foreach (var (property, _) in o)
            if (!allowed.Contains(property)) problems.Add($"{path}: unknown property \"{property}\"");
    }
}
