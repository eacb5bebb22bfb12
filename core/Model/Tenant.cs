namespace OkrBot.Core.Model;

/// <summary>One organisation on one messenger. Nothing ever crosses tenants.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Channel Channel { get; set; }
    /// <summary>The messenger's id for the organisation: the Teams tenant id or the Feishu tenant_key.</summary>
    public required string ExternalId { get; set; }
    public string DefaultTimeZone { get; set; } = "UTC";
    public string DefaultLocale { get; set; } = "en-US";
    /// <summary>How far behind the expected line a KR may fall before it is suggested at risk (0.25 = 25 points).</summary>
    public decimal AtRiskWhenBehind { get; set; } = StatusThresholds.Default.AtRiskWhenBehind;
    /// <summary>How far behind before it is suggested off track.</summary>
    public decimal OffTrackWhenBehind { get; set; } = StatusThresholds.Default.OffTrackWhenBehind;
    /// <summary>When on, changing a published KR's target or deleting it waits for the owner's manager.</summary>
    public bool KrChangesNeedApproval { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public StatusThresholds Thresholds => new(AtRiskWhenBehind, OffTrackWhenBehind);
}

/// <summary>Per-tenant thresholds for the suggested status, as fractions of the whole KR.</summary>
public sealed record StatusThresholds(decimal AtRiskWhenBehind, decimal OffTrackWhenBehind)
{
    public static readonly StatusThresholds Default = new(0.25m, 0.50m);
}
