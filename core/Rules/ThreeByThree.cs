namespace OkrBot.Core.Rules;

public enum FocusWarning { TooManyObjectives, TooManyKeyResults }

/// <summary>
/// About three objectives with about three KRs each keeps focus. Above five is warned about, never refused:
/// it is guidance for the person, not a gate.
/// </summary>
public static class ThreeByThree
{
    public const int WarnAbove = 5;

    /// <summary>What the guidance aims for: about three of each.</summary>
    public const int Aim = 3;

    public static IReadOnlyList<FocusWarning> Check(int objectivesOfOwnerInCycle, int keyResultsInObjective)
    {
        var warnings = new List<FocusWarning>();
        if (objectivesOfOwnerInCycle > WarnAbove) warnings.Add(FocusWarning.TooManyObjectives);
        if (keyResultsInObjective > WarnAbove) warnings.Add(FocusWarning.TooManyKeyResults);
        return warnings;
    }
}
