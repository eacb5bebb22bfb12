using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

// The machine's ceiling for the inbound benchmark: what ASP.NET Core does with POST /api/messages when it does nothing
// else. It deserializes the activity (source-generated System.Text.Json), answers 400 to what is not one, and posts one
// reply, a small Adaptive Card, to the activity's serviceUrl (POST /v3/conversations/{id}/activities/{activityId}) before
// answering 200. No token, no store, no rules.
//   dotnet OkrBot.Bench.Ceiling.dll --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
// As the ASP.NET Core templates' appsettings.json: the framework logs warnings only (not two lines per request).
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CeilingJson.Default));

var app = builder.Build();
app.MapGet("/", () => "ok");
app.MapPost("/api/messages", async (HttpRequest request, HttpClient http, CancellationToken ct) =>
{
    Activity? activity;
    try
    {
        activity = await JsonSerializer.DeserializeAsync(request.Body, CeilingJson.Default.Activity, ct);
    }
    catch (JsonException)
    {
        return Results.BadRequest();
    }
    if (activity is not { ServiceUrl: { } serviceUrl, Conversation.Id: { } conversationId, Id: { } activityId }) return Results.BadRequest();

    var reply = new Reply("message", [new Attachment("application/vnd.microsoft.card.adaptive", new Card("AdaptiveCard", "1.5",
        [new TextBlock("TextBlock", "Checked in", true), new TextBlock("TextBlock", $"{activity.Value?.Count ?? 0} values received", true)]))],
        activity.Recipient, activity.From, activity.Conversation, activityId);
    var url = $"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}";
    using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(reply, CeilingJson.Default.Reply));
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
    using var response = await http.PostAsync(url, content, ct);
    return response.IsSuccessStatusCode ? Results.Ok() : Results.StatusCode(502);
});
app.Run();

internal sealed record Account(string? Id, string? Name);

internal sealed record Conversation(string? Id, string? TenantId, string? ConversationType);

internal sealed record Activity(
    string? Type, string? Id, string? ServiceUrl, string? ChannelId, Account? From, Account? Recipient, Conversation? Conversation,
    string? ReplyToId, Dictionary<string, JsonElement>? Value);

internal sealed record TextBlock(string Type, string Text, bool Wrap);

internal sealed record Card(string Type, string Version, IReadOnlyList<TextBlock> Body);

internal sealed record Attachment(string ContentType, Card Content);

internal sealed record Reply(
    string Type, IReadOnlyList<Attachment> Attachments, Account? From, Account? Recipient, Conversation? Conversation, string ReplyToId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(Reply))]
internal sealed partial class CeilingJson : JsonSerializerContext;
