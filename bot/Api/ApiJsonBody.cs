using System.Text.Json;
using Microsoft.Net.Http.Headers;
using OkrBot.Bot.Teams;

namespace OkrBot.Bot.Api;

/// <summary>
/// A JSON request body, read strictly: the content type must be JSON (415), the body within the limit (413, whatever
/// Content-Length claims), valid JSON (400) and an object whose every member is one the endpoint knows, each once (400).
/// </summary>
internal sealed class ApiJsonBody
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public const string NotJsonMediaType = "Send the body as JSON, with \"Content-Type: application/json\".";

    private readonly Dictionary<string, JsonElement> _members;

    private ApiJsonBody(Dictionary<string, JsonElement> members) => _members = members;

    /// <summary>The body's members, or the problem to answer instead.</summary>
    public static async Task<(ApiJsonBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, IReadOnlySet<string> known, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", NotJsonMediaType));
        var bytes = await InboundBody.ReadAsync(request, maxBytes, ct);
        if (bytes is null)
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"A request body may be at most {maxBytes} bytes."));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, Strict);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            return (null, ApiProblems.BadRequest("body", $"The body is not valid JSON{where}. Numbers must be finite: NaN and Infinity are not JSON."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, ApiProblems.BadRequest("body", "The body must be a JSON object."));
            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (!IsText(() => member.Name))
                    return (null, ApiProblems.BadRequest("body", NotText("A field name")));
                if (!known.Contains(member.Name))
                    return (null, ApiProblems.BadRequest(member.Name, $"Unknown field \"{member.Name}\". Known fields: {string.Join(", ", known)}."));
                if (!members.TryAdd(member.Name, member.Value.Clone()))
                    return (null, ApiProblems.BadRequest(member.Name, $"\"{member.Name}\" appears more than once."));
            }
            return (new ApiJsonBody(members), null);
        }
    }

    /// <summary>The first member found wrong by the readers below, to answer instead of the endpoint's result.</summary>
    public IResult? Problem { get; private set; }

    /// <summary>A required number. A JSON number too large for a decimal is "out of range" (422), anything else not a number (400).</summary>
    public decimal Number(string name)
    {
        if (!_members.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
            Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" is required.");
        else if (element.ValueKind != JsonValueKind.Number)
            Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be a JSON number (not a string, and not NaN or Infinity).");
        else if (element.TryGetDecimal(out var value))
            return value;
        else
            Problem ??= ApiProblems.Unprocessable(name, $"\"{name}\" is out of range.");
        return 0;
    }

    /// <summary>An optional string: absent or null is null.</summary>
    public string? OptionalString(string name)
    {
        if (!_members.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null) return null;
        if (element.ValueKind == JsonValueKind.String)
        {
            if (IsText(element.GetString)) return element.GetString();
            Problem ??= ApiProblems.BadRequest(name, NotText($"\"{name}\""));
            return null;
        }
        Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be a string.");
        return null;
    }

    /// <summary>A required member holding an id, or null.</summary>
    public Guid? NullableId(string name)
    {
        if (!_members.TryGetValue(name, out var element))
            Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" is required (null to clear it).");
        else if (element.ValueKind == JsonValueKind.String && IsText(element.GetString) && Guid.TryParse(element.GetString(), out var id))
            return id;
        else if (element.ValueKind != JsonValueKind.Null)
            Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be an id (a UUID string) or null.");
        return null;
    }

    /// <summary>
    /// Whether a JSON string reads as text. The parser accepts, inside strings, bytes that are not UTF-8 and escapes of half a
    /// surrogate pair (<c>"\ud800"</c>); reading such a string throws, which would be a 500 instead of the caller's mistake.
    /// </summary>
    private static bool IsText(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string NotText(string what) =>
        $"{what} is not valid text: it holds bytes that are not UTF-8, or half of a UTF-16 surrogate pair (such as \"\\ud800\" alone).";

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return false;
        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.SubType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
