namespace OkrBot.Core.Model;

/// <summary>Someone in a tenant: an OKR owner, a participant, a manager.</summary>
public sealed class Person
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>The messenger's user id (Teams "29:..." id, Feishu open_id). Demo people hold "demo:..." until claimed.</summary>
    public required string ExternalId { get; set; }
    /// <summary>Entra object id on Teams, when known.</summary>
    public string? AadObjectId { get; set; }
    public required string DisplayName { get; set; }
    public Guid? ManagerId { get; set; }
    public Guid? TeamId { get; set; }
    /// <summary>IANA time zone id; every "Friday 10:00" is in this zone.</summary>
    public string TimeZoneId { get; set; } = "UTC";
    /// <summary>BCP 47 locale, e.g. en-US or zh-CN; picks the language of what the bot shows.</summary>
    public string Locale { get; set; } = "en-US";
    /// <summary>Away people get no prompts or reminders up to and including this date.</summary>
    public DateOnly? AwayUntil { get; set; }
    /// <summary>The day this person wants their weekly check-in prompt; null means the team's or tenant's default.</summary>
    public DayOfWeek? CheckInDay { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public const string DemoExternalIdPrefix = "demo:";
    public bool IsUnclaimedDemoPerson => ExternalId.StartsWith(DemoExternalIdPrefix, StringComparison.Ordinal);

    public bool IsAwayOn(DateOnly localDate) => AwayUntil is { } until && localDate <= until;
}
