using OkrBot.Core.Model;

namespace OkrBot.Core.Sheets;

/// <summary>An objective as the sheet wants it: a new one, or a stored one with the sheet's values.</summary>
internal sealed class PlannedObjective(Objective draft, Objective? stored, ImportRow firstRow)
{
    /// <summary>The values the sheet asks for (a stored objective's id when it updates one).</summary>
    public Objective Draft { get; } = draft;
    public Objective? Stored { get; } = stored;
    public ImportRow FirstRow { get; } = firstRow;
    public List<ImportRow> Rows { get; } = [firstRow];
    public List<PlannedKeyResult> KeyResults { get; } = [];
    public Dictionary<string, ImportRow> KeyResultRows { get; } = [];

    /// <summary>The first parent cell given for it, and where.</summary>
    public (string Text, ImportRow Row)? Parent { get; set; }

    public bool IsNew => Stored is null;

    public bool Changes => Stored is not { } s || s.Title != Draft.Title || s.State != Draft.State
        || s.ParentObjectiveId != Draft.ParentObjectiveId || s.ParentKeyResultId != Draft.ParentKeyResultId;

    /// <summary>The stored objective, given the sheet's values (it is attached, so the audit trail sees old and new).</summary>
    public void CopyOntoStored()
    {
        var s = Stored!;
        (s.Title, s.State, s.ParentObjectiveId, s.ParentKeyResultId) = (Draft.Title, Draft.State, Draft.ParentObjectiveId, Draft.ParentKeyResultId);
    }
}

/// <summary>A KR as the sheet wants it.</summary>
internal sealed class PlannedKeyResult(KeyResult draft, KeyResult? stored, ImportRow row)
{
    public KeyResult Draft { get; } = draft;
    public KeyResult? Stored { get; } = stored;
    public ImportRow Row { get; } = row;

    public bool IsNew => Stored is null;

    public bool Changes => Stored is not { } s || s.Title != Draft.Title || s.Kind != Draft.Kind || s.Direction != Draft.Direction
        || s.StartValue != Draft.StartValue || s.TargetValue != Draft.TargetValue || s.Unit != Draft.Unit
        || s.Weight != Draft.Weight || s.OwnerId != Draft.OwnerId;

    /// <summary>What a sheet sets; the current value, status, confidence and participants stay what check-ins made them.</summary>
    public void CopyOntoStored(DateTimeOffset now)
    {
        var s = Stored!;
        (s.Title, s.Kind, s.Direction, s.StartValue, s.TargetValue) = (Draft.Title, Draft.Kind, Draft.Direction, Draft.StartValue, Draft.TargetValue);
        (s.Unit, s.Weight, s.OwnerId) = (Draft.Unit, Draft.Weight, Draft.OwnerId);
        s.UpdatedAt = now;
        s.Version++;
    }
}

/// <summary>What a valid sheet changes, objectives in an order where every parent comes before what aligns to it.</summary>
internal sealed record ImportPlan(IReadOnlyList<PlannedObjective> Objectives, IReadOnlyList<string> Cycles)
{
    public SheetImportCounts Counts => new(
        Objectives.Count(o => o.IsNew), Objectives.Count(o => !o.IsNew && o.Changes), Objectives.Count(o => !o.IsNew && !o.Changes),
        KeyResults.Count(k => k.IsNew), KeyResults.Count(k => !k.IsNew && k.Changes), KeyResults.Count(k => !k.IsNew && !k.Changes));

    private IEnumerable<PlannedKeyResult> KeyResults => Objectives.SelectMany(o => o.KeyResults);
}
