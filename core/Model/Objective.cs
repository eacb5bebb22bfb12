namespace OkrBot.Core.Model;

/// <summary>A qualitative goal, owned by a person or by a team, aligned up to a parent objective or KR.</summary>
public sealed class Objective
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CycleId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    /// <summary>Exactly one of <see cref="OwnerPersonId"/> and <see cref="OwnerTeamId"/> is set.</summary>
    public Guid? OwnerPersonId { get; set; }
    public Guid? OwnerTeamId { get; set; }
    public Guid? ParentObjectiveId { get; set; }
    public Guid? ParentKeyResultId { get; set; }
    public ObjectiveState State { get; set; } = ObjectiveState.Draft;
    public Visibility Visibility { get; set; } = Visibility.Public;
    public DateTimeOffset CreatedAt { get; set; }

    public List<KeyResult> KeyResults { get; set; } = [];
}
