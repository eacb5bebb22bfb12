namespace OkrBot.Jobs.Channels;

/// <summary>How the review and scoring sheets lay out their KRs on every channel: objective by objective, a heading wherever the objective changes.</summary>
internal static class ObjectiveGroups
{
    public static IEnumerable<TNode> Layout<TItem, TNode>(
        IEnumerable<TItem> items, Func<TItem, string> objectiveOf, Func<string, IEnumerable<TNode>> heading, Func<TItem, IEnumerable<TNode>> item)
    {
        string? objective = null;
        foreach (var i in items)
        {
            if (objectiveOf(i) != objective)
            {
                objective = objectiveOf(i);
                foreach (var node in heading(objective)) yield return node;
            }

            foreach (var node in item(i)) yield return node;
        }
    }
}
