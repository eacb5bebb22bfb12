namespace OkrBot.Core.Model;

/// <summary>A team, possibly inside a parent team, led by one person.</summary>
public sealed class Team
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public Guid? ParentTeamId { get; set; }
    public Guid? LeadId { get; set; }
}
