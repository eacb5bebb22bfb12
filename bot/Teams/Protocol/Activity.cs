using System.Text.Json;
using System.Text.Json.Serialization;

namespace OkrBot.Bot.Teams.Protocol;

/// <summary>
/// A Bot Framework activity, as much of it as OkrBot reads. Unknown fields are ignored and unknown activity types
/// tolerated, as the protocol requires.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ChannelId { get; set; }
    public string? ServiceUrl { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? Text { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    /// <summary>installationUpdate: "add" or "remove" (also "add-upgrade", "remove-upgrade").</summary>
    public string? Action { get; set; }
    public JsonElement? Value { get; set; }
    public JsonElement? ChannelData { get; set; }
    public List<JsonElement>? Entities { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary>The tenant: Teams puts it in channelData.tenant.id and in conversation.tenantId.</summary>
    [JsonIgnore]
    public string? TenantId =>
        ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object
        && tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : Conversation?.TenantId;

    /// <summary>The client's IANA time zone from the clientInfo entity, when the client sent one.</summary>
    [JsonIgnore]
    public string? ClientTimeZone => ClientInfo("timezone");

    /// <summary>The client's locale from the clientInfo entity; the activity's own locale wins when both are there.</summary>
    [JsonIgnore]
    public string? EffectiveLocale => Locale ?? ClientInfo("locale");

    private string? ClientInfo(string property)
    {
        foreach (var entity in Entities ?? [])
        {
            if (entity.ValueKind == JsonValueKind.Object
                && entity.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "clientInfo"
                && entity.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        }
        return null;
    }
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? TenantId { get; set; }
    public string? ConversationType { get; set; }
    public bool? IsGroup { get; set; }
    public string? Name { get; set; }
}

/// <summary>The activity types OkrBot acts on; everything else is answered 200 and ignored.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 64)]
[JsonSerializable(typeof(Activity))]
internal sealed partial class ActivityJson : JsonSerializerContext;
