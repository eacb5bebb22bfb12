using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Sheets;

/// <summary>
/// Turns typed rows into an <see cref="ImportPlan"/> against one tenant's store, and says everything that is wrong on the
/// way: unknown or ambiguous cycles, people, teams and parents, repeated rows, values the KR rules refuse, alignment loops.
/// Nothing is written here. The natural key (docs/decisions/0014): an objective is its cycle, its owner and its title; a KR
/// is its objective and its title; titles and names compared with width, case and spacing ignored.
/// </summary>
internal sealed class ImportPlanner
{
    private readonly StoreSnapshot _store;
    private readonly SheetLayout _layout;
    private readonly DateTimeOffset _now;
    private readonly List<SheetProblem> _problems;
    private readonly List<SheetProblem> _warnings;
    private readonly SheetDirectory _directory;
    private readonly Dictionary<string, List<Cycle>> _cyclesByName;
    private readonly Dictionary<(Guid Cycle, OwnerRef Owner, string Title), List<Objective>> _storedObjectives;
    private readonly Dictionary<(Guid Objective, string Title), List<KeyResult>> _storedKeyResults;
    /// <summary>Parents named on rows whose objective could not be planned (its owner is unknown): still checked, so all is said at once.</summary>
    private readonly List<(ImportRow Row, string Text, Guid CycleId)> _unplannedParents = [];

    public ImportPlanner(StoreSnapshot store, SheetLayout layout, DateTimeOffset now, List<SheetProblem> problems, List<SheetProblem> warnings)
    {
        (_store, _layout, _now, _problems, _warnings) = (store, layout, now, problems, warnings);
        _directory = store.Directory();
        _cyclesByName = store.Cycles.Values.GroupBy(c => SheetText.Key(c.Name)).ToDictionary(g => g.Key, g => g.ToList());
        _storedObjectives = store.Objectives.GroupBy(o => (o.CycleId, OwnerRef.Of(o), SheetText.Key(o.Title))).ToDictionary(g => g.Key, g => g.ToList());
        _storedKeyResults = store.KeyResults.GroupBy(k => (k.ObjectiveId, SheetText.Key(k.Title))).ToDictionary(g => g.Key, g => g.ToList());
    }

    public ImportPlan Plan(IReadOnlyList<ImportRow> rows, Action<int> rowsDone)
    {
        var objectives = new Dictionary<(Guid, OwnerRef, string), PlannedObjective>();
        var cycleNames = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            PlanRow(rows[i], objectives, cycleNames);
            rowsDone(i + 1);
        }
        var planned = objectives.Values.ToList();
        ResolveParents(planned);
        return new ImportPlan(ParentsFirst(planned), cycleNames);
    }

    private void PlanRow(ImportRow row, Dictionary<(Guid, OwnerRef, string), PlannedObjective> objectives, List<string> cycleNames)
    {
        var cycle = Cycle(row);
        var owner = Owner(row);
        Person? krOwner = null;
        if (row.KeyResultOwnerText is { } krOwnerText)
        {
            var (person, problem) = _directory.KeyResultOwner(krOwnerText);
            if (problem is not null) Problem(row, SheetColumn.Owner, krOwnerText, problem);
            krOwner = person;
        }
        if (cycle is not null && owner is null && row.ParentText is { } orphan) _unplannedParents.Add((row, orphan, cycle.Id));
        if (cycle is null || owner is not { } objectiveOwner) return;
        if (!cycleNames.Contains(cycle.Name)) cycleNames.Add(cycle.Name);

        var key = (cycle.Id, objectiveOwner, SheetText.Key(row.ObjectiveTitle));
        if (!objectives.TryGetValue(key, out var objective))
        {
            if (_storedObjectives.GetValueOrDefault(key) is { Count: > 1 })
            {
                Problem(row, SheetColumn.Objective, row.ObjectiveTitle,
                    $"{_directory.Describe(objectiveOwner)} has several objectives with this title in {cycle.Name}, so OkrBot cannot tell which one the sheet means; rename one of them.");
                return;
            }
            var stored = _storedObjectives.GetValueOrDefault(key)?.Single();
            if (stored is null && _directory.Deactivated(objectiveOwner) is { } gone)
            {
                Problem(row, SheetColumn.PersonOrTeam, row.OwnerText, gone);
                return;
            }
            objectives[key] = objective = new PlannedObjective(NewDraft(stored, cycle, objectiveOwner, row), stored, row);
        }
        else objective.Rows.Add(row);

        if (row.ParentText is { } parent)
        {
            if (objective.Parent is not { } first) objective.Parent = (parent, row);
            else if (SheetText.Key(first.Text) != SheetText.Key(parent))
                Problem(row, SheetColumn.Parent, parent, $"row {first.Row.Number} aligns this objective to \"{first.Text}\"; an objective aligns to one parent.");
        }

        if (row.KeyResultTitle is not { } krTitle) return;
        var krKey = SheetText.Key(krTitle);
        if (objective.KeyResultRows.TryGetValue(krKey, out var earlier))
        {
            Problem(row, SheetColumn.KeyResult, krTitle, $"repeats row {earlier.Number}: the same key result of the same objective. Each key result appears once (a re-import finds it by these names).");
            return;
        }
        objective.KeyResultRows[krKey] = row;
        if (krOwner is null && row.KeyResultOwnerText is not null) return;
        if (PlanKeyResult(objective, row, krTitle, krOwner) is { } kr) objective.KeyResults.Add(kr);
    }

    private Objective NewDraft(Objective? stored, Cycle cycle, OwnerRef owner, ImportRow row) => new()
    {
        Id = stored?.Id ?? Guid.CreateVersion7(),
        TenantId = _store.Tenant.Id,
        CycleId = cycle.Id,
        Title = row.ObjectiveTitle,
        Description = stored?.Description,
        OwnerPersonId = owner.PersonId,
        OwnerTeamId = owner.TeamId,
        ParentObjectiveId = stored?.ParentObjectiveId,
        ParentKeyResultId = stored?.ParentKeyResultId,
        // A sheet managers keep holds OKRs they agreed on: published, as the chat's drafts become once finalised.
        State = ObjectiveState.Published,
        Visibility = stored?.Visibility ?? Visibility.Public,
        CreatedAt = stored?.CreatedAt ?? _now,
    };

    private Cycle? Cycle(ImportRow row)
    {
        var candidates = _cyclesByName.GetValueOrDefault(SheetText.Key(row.Cycle)) ?? [];
        switch (candidates.Count)
        {
            case 0:
                var known = _store.Cycles.Values.Where(c => c.State != CycleState.Closed).OrderBy(c => c.StartDate).Select(c => c.Name).ToList();
                Problem(row, SheetColumn.Cycle, row.Cycle, known.Count == 0
                    ? $"{_store.Tenant.Name} has no open cycle: set one up before importing."
                    : $"{_store.Tenant.Name} has no cycle of that name; its open cycles are {string.Join(", ", known)}.");
                return null;
            case > 1:
                Problem(row, SheetColumn.Cycle, row.Cycle, $"{_store.Tenant.Name} has {candidates.Count} cycles of that name; rename one of them.");
                return null;
        }
        if (candidates[0].State == CycleState.Closed)
        {
            Problem(row, SheetColumn.Cycle, row.Cycle, "that cycle is closed: its OKRs are history and stay as they were scored.");
            return null;
        }
        return candidates[0];
    }

    private OwnerRef? Owner(ImportRow row)
    {
        var (owner, problem) = _directory.Owner(row.OwnerText);
        if (problem is not null) Problem(row, SheetColumn.PersonOrTeam, row.OwnerText, problem);
        return owner;
    }

    private PlannedKeyResult? PlanKeyResult(PlannedObjective objective, ImportRow row, string title, Person? krOwner)
    {
        var sameTitle = objective.Stored is null ? null : _storedKeyResults.GetValueOrDefault((objective.Draft.Id, SheetText.Key(title)));
        if (sameTitle is { Count: > 1 })
        {
            Problem(row, SheetColumn.KeyResult, title, "the objective has several key results with this title in the store, so OkrBot cannot tell which one the sheet means; rename one of them.");
            return null;
        }
        var stored = sameTitle?.Single();
        // A cell that could not be read is reported already; checking the rest against a guess would only add noise.
        if (row.Bad.Overlaps(ValueColumns)) return null;

        // A column the sheet has is the truth (an empty cell means the default); a column it lacks leaves the stored value.
        var kind = Value(SheetColumn.Kind, row.Kind, KeyResultKind.Metric, stored?.Kind);
        var start = Value(SheetColumn.Start, row.Start, 0m, stored?.StartValue);
        decimal? target = row.Target ?? (_layout.Has(SheetColumn.Target) ? null : stored?.TargetValue);
        var unit = _layout.Has(SheetColumn.Unit) ? row.Unit : stored?.Unit;
        var weight = Value(SheetColumn.Weight, row.Weight, 1m, stored?.Weight);
        var bad = row.Bad;

        if (kind == KeyResultKind.Milestone)
        {
            // Done or not done: 0 to 1, whatever the cells would say.
            foreach (var (column, value, expected) in new[] { (SheetColumn.Start, row.Start, 0m), (SheetColumn.Target, row.Target, 1m) })
                if (value is { } v && v != expected)
                    Problem(row, column, SheetText.FormatNumber(v), "a milestone goes from 0 (not done) to 1 (done): leave start and target empty.");
            (start, target, unit) = (0m, 1m, null);
        }
        else if (target is null && !bad.Contains(SheetColumn.Target))
        {
            Problem(row, SheetColumn.Target, null, _layout.Has(SheetColumn.Target)
                ? $"required for a {SheetColumns.KindName(kind, SheetLanguage.English)} key result."
                : $"the sheet has no {SheetColumns.DisplayName(SheetColumn.Target)} column, and a new {SheetColumns.KindName(kind, SheetLanguage.English)} key result needs one.");
        }
        if (kind == KeyResultKind.Percentage && string.IsNullOrEmpty(unit)) unit = "%";
        if (weight > MaxWeight && !bad.Contains(SheetColumn.Weight))
        {
            Problem(row, SheetColumn.Weight, SheetText.FormatNumber(weight), $"at most {MaxWeight}: weights only count relative to each other.");
            bad.Add(SheetColumn.Weight);
        }

        var ownerId = krOwner?.Id ?? (_layout.Has(SheetColumn.Owner) ? null : stored?.OwnerId) ?? DefaultOwner(objective, row);
        if (ownerId is { } id && id != stored?.OwnerId && _directory.Deactivated(new OwnerRef(id, null)) is { } gone)
        {
            Problem(row, row.KeyResultOwnerText is null ? SheetColumn.PersonOrTeam : SheetColumn.Owner, row.KeyResultOwnerText ?? row.OwnerText, gone);
            return null;
        }
        if (ownerId is null || target is null) return null;

        var current = stored?.CurrentValue ?? row.Current ?? start;
        if (stored is not null && row.Current is { } sheetCurrent && sheetCurrent != stored.CurrentValue)
            _warnings.Add(new(row.Number, _layout.Header(SheetColumn.Current), SheetText.FormatNumber(sheetCurrent),
                $"left as it is ({SheetText.FormatNumber(stored.CurrentValue)}): a stored key result's value comes from its check-ins."));

        var draft = new KeyResult
        {
            Id = stored?.Id ?? Guid.CreateVersion7(),
            TenantId = _store.Tenant.Id,
            ObjectiveId = objective.Draft.Id,
            Title = title,
            Kind = kind,
            Direction = target < start ? Direction.Decrease : Direction.Increase,
            StartValue = start,
            TargetValue = target.Value,
            Unit = string.IsNullOrEmpty(unit) ? null : unit,
            Weight = weight,
            OwnerId = ownerId.Value,
            CurrentValue = current,
            UpdatedAt = _now,
        };
        if (!CheckRules(draft, row, stored)) return null;
        return new PlannedKeyResult(draft, stored, row);
    }

    private static readonly SheetColumn[] ValueColumns = [SheetColumn.Kind, SheetColumn.Start, SheetColumn.Target, SheetColumn.Weight, SheetColumn.Current];

    /// <summary>The largest weight the store keeps (precision 9, scale 4).</summary>
    private const decimal MaxWeight = 99_999m;

    private T Value<T>(SheetColumn column, T? cell, T @default, T? stored) where T : struct =>
        cell ?? (_layout.Has(column) ? @default : stored ?? @default);

    /// <summary>An empty owner cell: the objective's person, or its team's lead.</summary>
    private Guid? DefaultOwner(PlannedObjective objective, ImportRow row)
    {
        if (objective.Draft.OwnerPersonId is { } person) return person;
        var team = _directory.Team(objective.Draft.OwnerTeamId!.Value);
        if (team.LeadId is { } lead && _directory.Person(lead).IsActive) return lead;
        if (!row.Bad.Contains(SheetColumn.Owner))
            Problem(row, SheetColumn.Owner, null, $"required: the objective belongs to the team {team.Name}, which has no active lead to own its key results.");
        return null;
    }

    /// <summary>The KR rules (core/Rules/KeyResultRules), each problem put on the cell that causes it.</summary>
    private bool CheckRules(KeyResult kr, ImportRow row, KeyResult? stored)
    {
        var ok = true;
        foreach (var problem in KeyResultRules.Validate(kr))
        {
            var (column, value, message) = problem switch
            {
                KeyResultProblem.WeightNotPositive => (SheetColumn.Weight, Number(kr.Weight), "must be more than 0."),
                KeyResultProblem.TargetEqualsStart => (SheetColumn.Target, Number(kr.TargetValue), $"equals the start ({Number(kr.StartValue)}): there would be nothing to achieve."),
                KeyResultProblem.PercentageOutOfRange => OutOfRange(kr, stored),
                KeyResultProblem.MilestoneValueNotZeroOrOne => stored is null
                    ? (SheetColumn.Current, Number(kr.CurrentValue), "a milestone is 0 (not done) or 1 (done).")
                    : (SheetColumn.Kind, Kind(kr), $"the key result stands at {Number(kr.CurrentValue)} from its check-ins, and a milestone is 0 or 1."),
                KeyResultProblem.ValueTooLarge => TooLarge(kr),
                _ => (SheetColumn.KeyResult, kr.Title, problem.ToString()),
            };
            ok = false;
            if (!row.Bad.Contains(column)) Problem(row, column, value, message);
        }
        return ok;
    }

    private static (SheetColumn, string, string) TooLarge(KeyResult kr)
    {
        var (column, value) = new[] { (SheetColumn.Start, kr.StartValue), (SheetColumn.Target, kr.TargetValue), (SheetColumn.Current, kr.CurrentValue) }
            .First(c => Math.Abs(c.Item2) > KeyResultRules.MaxMagnitude);
        return (column, Number(value), $"beyond {KeyResultRules.MaxMagnitude.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}: a typo, not a measurement.");
    }

    private static (SheetColumn, string, string) OutOfRange(KeyResult kr, KeyResult? stored)
    {
        const string Range = "a percentage lies between 0 and 100.";
        if (kr.StartValue is < 0m or > 100m) return (SheetColumn.Start, Number(kr.StartValue), Range);
        if (kr.TargetValue is < 0m or > 100m) return (SheetColumn.Target, Number(kr.TargetValue), Range);
        return stored is null
            ? (SheetColumn.Current, Number(kr.CurrentValue), Range)
            : (SheetColumn.Kind, Kind(kr), $"the key result stands at {Number(kr.CurrentValue)} from its check-ins, outside a percentage's 0 to 100.");
    }

    private static string Number(decimal value) => SheetText.FormatNumber(value);

    private static string Kind(KeyResult kr) => SheetColumns.KindName(kr.Kind, SheetLanguage.English);

    /// <summary>Aligns each objective whose rows name a parent (or, with a parent column, clears it when none does).</summary>
    private void ResolveParents(List<PlannedObjective> planned)
    {
        if (!_layout.Has(SheetColumn.Parent)) return;
        var index = _store.ParentIndex(_directory);
        foreach (var o in planned.Where(o => o.IsNew)) index.AddObjective(o.Draft.Id, o.Draft.CycleId, o.Draft.Title, OwnerRef.Of(o.Draft));
        foreach (var k in planned.SelectMany(o => o.KeyResults).Where(k => k.IsNew)) index.AddKeyResult(k.Draft.Id, k.Draft.ObjectiveId, k.Draft.Title);

        foreach (var objective in planned)
        {
            (objective.Draft.ParentObjectiveId, objective.Draft.ParentKeyResultId) = ((Guid?)null, (Guid?)null);
            if (objective.Parent is not { } parent) continue;
            var (target, problem) = index.Resolve(parent.Text, objective.Draft.CycleId);
            if (target is not null && target.ObjectiveId == objective.Draft.Id)
                problem = target.IsKeyResult ? "an objective cannot align to one of its own key results." : "an objective cannot align to itself.";
            if (problem is not null)
            {
                Problem(parent.Row, SheetColumn.Parent, parent.Text, problem);
                continue;
            }
            if (target!.IsKeyResult) objective.Draft.ParentKeyResultId = target.Id;
            else objective.Draft.ParentObjectiveId = target.Id;
        }
        foreach (var (row, text, cycleId) in _unplannedParents)
            if (index.Resolve(text, cycleId).Problem is { } problem) Problem(row, SheetColumn.Parent, text, problem);
        FindLoops(planned, index);
    }

    /// <summary>
    /// An alignment that comes back to where it started (A to B, B to A) has no top: refused. Each objective has at most one
    /// parent, so following parents from every objective once, and noticing a step onto the path being walked, finds every loop.
    /// </summary>
    private void FindLoops(List<PlannedObjective> planned, ParentIndex index)
    {
        var parentOf = _store.Objectives.ToDictionary(o => o.Id, ParentObjectiveOf);
        foreach (var o in planned) parentOf[o.Draft.Id] = ParentObjectiveOf(o.Draft);
        var byId = planned.ToDictionary(o => o.Draft.Id);
        var done = new HashSet<Guid>();
        foreach (var objective in planned)
        {
            var path = new List<Guid>();
            var onPath = new HashSet<Guid>();
            for (Guid? at = objective.Draft.Id; at is { } id && !done.Contains(id); at = parentOf.GetValueOrDefault(id))
            {
                if (!onPath.Add(id))
                {
                    var loop = path.SkipWhile(p => p != id).Append(id).ToList();
                    // Said once, on the first row of the loop that names a parent.
                    var culprit = loop.Select(byId.GetValueOrDefault).FirstOrDefault(o => o?.Parent is not null);
                    if (culprit?.Parent is { } parent)
                        Problem(parent.Row, SheetColumn.Parent, parent.Text,
                            $"the alignment goes round in a loop: {string.Join(" → ", loop.Select(p => index.Find(p) is { } t ? $"\"{t.Title}\"" : "?"))}.");
                    break;
                }
                path.Add(id);
            }
            done.UnionWith(path);
        }

        Guid? ParentObjectiveOf(Objective o) => o.ParentObjectiveId ?? (o.ParentKeyResultId is { } kr ? index.Find(kr)?.ObjectiveId : null);
    }

    /// <summary>Objectives ordered so that what an objective aligns to is written before it (one save per batch).</summary>
    private static List<PlannedObjective> ParentsFirst(List<PlannedObjective> planned)
    {
        var objectiveOfKr = planned.SelectMany(o => o.KeyResults).ToDictionary(k => k.Draft.Id, k => k.Draft.ObjectiveId);
        return AlignmentOrder.Of(planned, o => o.Draft.Id,
            o => o.Draft.ParentObjectiveId ?? (o.Draft.ParentKeyResultId is { } kr && objectiveOfKr.TryGetValue(kr, out var p) ? p : null));
    }

    private void Problem(ImportRow row, SheetColumn column, string? value, string message)
    {
        row.Bad.Add(column);
        _problems.Add(new SheetProblem(row.Number, _layout.Header(column), value, message));
    }
}
