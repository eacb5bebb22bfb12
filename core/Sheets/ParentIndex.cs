using OkrBot.Core.Model;

namespace OkrBot.Core.Sheets;

/// <summary>An objective or a KR a row's objective can align to.</summary>
internal sealed record AlignmentTarget(bool IsKeyResult, Guid Id, Guid ObjectiveId, Guid CycleId, string Title, string ObjectiveTitle, OwnerRef Owner);

/// <summary>
/// Resolves a "parent" cell to the objective or KR it names, among the tenant's stored OKRs and the sheet's own. A cell holds
/// <list type="bullet">
/// <item>a title, of an objective or of a KR: <c>Grow revenue</c>;</item>
/// <item>a KR under its objective, when KR titles repeat: <c>Grow revenue &gt; Win 20 new accounts</c>;</item>
/// <item>an objective with its owner, when objective titles repeat: <c>Grow revenue (Sales)</c>, also before <c>&gt;</c>.</item>
/// </list>
/// A title is looked for in the row's own cycle first, then in the cycles it belongs to (a quarter's year), then anywhere:
/// quarterly OKRs align to the annual ones. Two matches at the nearest level are ambiguous and reported with both.
/// </summary>
internal sealed class ParentIndex(IReadOnlyDictionary<Guid, Cycle> cycles, SheetDirectory directory)
{
    private readonly Dictionary<string, List<AlignmentTarget>> _byTitle = [];
    private readonly Dictionary<Guid, AlignmentTarget> _objectives = [];
    private readonly Dictionary<Guid, AlignmentTarget> _byId = [];

    public void AddObjective(Guid id, Guid cycleId, string title, OwnerRef owner)
    {
        var target = new AlignmentTarget(false, id, id, cycleId, title, title, owner);
        _objectives[id] = target;
        Index(target);
    }

    /// <summary>Add its objective first.</summary>
    public void AddKeyResult(Guid id, Guid objectiveId, string title)
    {
        var objective = _objectives[objectiveId];
        Index(new AlignmentTarget(true, id, objectiveId, objective.CycleId, title, objective.Title, objective.Owner));
    }

    private void Index(AlignmentTarget target)
    {
        _byId[target.Id] = target;
        var key = SheetText.Key(target.Title);
        if (!_byTitle.TryGetValue(key, out var list)) _byTitle[key] = list = [];
        list.Add(target);
    }

    /// <summary>What <paramref name="text"/> names, seen from a row in <paramref name="cycleId"/>; or the problem with it.</summary>
    public (AlignmentTarget? Found, string? Problem) Resolve(string text, Guid cycleId)
    {
        var candidates = Candidates(text);
        if (candidates.Count == 0)
            return (null, "no objective or key result has that title (an objective with its owner is written \"Objective (owner)\", a key result under its objective \"Objective > Key result\").");
        var nearest = candidates.GroupBy(c => Distance(c.CycleId, cycleId)).OrderBy(g => g.Key).First().ToList();
        if (nearest.Count == 1) return (nearest[0], null);
        return (null, $"matches {nearest.Count}: {string.Join("; ", nearest.Select(Describe))}. Write \"Objective (owner)\" or \"Objective > Key result\" to say which.");
    }

    /// <summary>What an export writes for <paramref name="target"/>: the shortest form that reads back to it from <paramref name="cycleId"/>.</summary>
    public string Reference(AlignmentTarget target, Guid cycleId)
    {
        var objective = $"{target.ObjectiveTitle} ({directory.Reference(target.Owner)})";
        string[] forms = target.IsKeyResult
            ? [target.Title, $"{target.ObjectiveTitle} > {target.Title}", $"{objective} > {target.Title}"]
            : [target.Title, objective];
        return forms.FirstOrDefault(f => Resolve(f, cycleId).Found?.Id == target.Id) ?? forms[^1];
    }

    public AlignmentTarget? Find(Guid id) => _byId.GetValueOrDefault(id);

    private List<AlignmentTarget> Candidates(string text)
    {
        // The whole cell as a title first: titles may themselves hold ">" or parentheses.
        if (_byTitle.TryGetValue(SheetText.Key(text), out var exact)) return exact;

        var normalized = SheetText.Key(text);
        // "Objective > KR", splitting at each ">" in turn, since either title may hold one.
        for (var at = normalized.IndexOf('>'); at >= 0; at = normalized.IndexOf('>', at + 1))
        {
            var krTitle = normalized[(at + 1)..].Trim();
            var objectivePart = normalized[..at].Trim();
            var found = (_byTitle.GetValueOrDefault(krTitle) ?? []).Where(k => k.IsKeyResult && NamesObjective(objectivePart, k)).ToList();
            if (found.Count > 0) return found;
        }
        return (_byTitle.Values.SelectMany(l => l).Where(t => !t.IsKeyResult && NamesObjective(normalized, t))).ToList();
    }

    /// <summary>Whether <paramref name="reference"/> ("title" or "title (owner)", normalized) names the objective of <paramref name="target"/>.</summary>
    private bool NamesObjective(string reference, AlignmentTarget target)
    {
        var title = SheetText.Key(target.ObjectiveTitle);
        if (reference == title) return true;
        if (!reference.EndsWith(')') || reference.LastIndexOf('(') is var open && open < 0) return false;
        if (reference[..open].Trim() != title) return false;
        var owner = directory.Owner(reference[(open + 1)..^1]).Found;
        return owner == target.Owner;
    }

    /// <summary>0: the same cycle; 1, 2...: the cycle it belongs to, and so on up; beyond those: any other cycle.</summary>
    private int Distance(Guid candidateCycle, Guid rowCycle)
    {
        var distance = 0;
        for (Guid? c = rowCycle; c is { } id && distance <= cycles.Count; c = cycles.GetValueOrDefault(id)?.ParentCycleId, distance++)
            if (id == candidateCycle) return distance;
        return int.MaxValue;
    }

    private string Describe(AlignmentTarget target)
    {
        var cycle = cycles.GetValueOrDefault(target.CycleId)?.Name ?? "?";
        return target.IsKeyResult
            ? $"key result \"{target.Title}\" of \"{target.ObjectiveTitle}\" ({directory.Describe(target.Owner)}, {cycle})"
            : $"objective \"{target.Title}\" ({directory.Describe(target.Owner)}, {cycle})";
    }
}
