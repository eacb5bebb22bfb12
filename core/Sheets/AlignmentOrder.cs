namespace OkrBot.Core.Sheets;

/// <summary>
/// Objectives in the order a sheet reads them and a save needs them: each right after the one it aligns to (company,
/// department, team, person), roots in the order given. Parents outside the list do not count; objectives caught in an
/// alignment loop (which imports refuse, but a store might hold) come after the rest.
/// </summary>
internal static class AlignmentOrder
{
    public static List<T> Of<T>(IReadOnlyList<T> items, Func<T, Guid> id, Func<T, Guid?> parent)
    {
        var ids = items.Select(id).ToHashSet();
        Guid? ParentIn(T item) => parent(item) is { } p && ids.Contains(p) && p != id(item) ? p : null;
        var children = items.Where(i => ParentIn(i) is not null).ToLookup(i => ParentIn(i)!.Value);
        var ordered = new List<T>(items.Count);
        var seen = new HashSet<Guid>();
        foreach (var root in items.Where(i => ParentIn(i) is null).Concat(items))
        {
            // Depth first without recursion, however long a chain of alignments is.
            var stack = new Stack<T>([root]);
            while (stack.Count > 0)
            {
                var item = stack.Pop();
                if (!seen.Add(id(item))) continue;
                ordered.Add(item);
                foreach (var child in children[id(item)].Reverse()) stack.Push(child);
            }
        }
        return ordered;
    }
}
