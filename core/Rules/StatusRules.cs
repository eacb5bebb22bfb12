using OkrBot.Core.Model;

namespace OkrBot.Core.Rules;

/// <summary>Suggests a status from progress against the straight line from start to target over the cycle.</summary>
public static class StatusRules
{
    /// <summary>
    /// Expected progress is the elapsed share of the cycle. Falling behind it by more than the tenant's at-risk
    /// threshold suggests at risk; by more than the off-track threshold, off track.
    /// </summary>
    public static KrStatus Suggest(decimal progress, decimal elapsedFraction, StatusThresholds thresholds)
    {
        var behind = Progress.Clamp01(elapsedFraction) - Progress.Clamp01(progress);
        if (behind > thresholds.OffTrackWhenBehind) return KrStatus.OffTrack;
        if (behind > thresholds.AtRiskWhenBehind) return KrStatus.AtRisk;
        return KrStatus.OnTrack;
    }

    /// <summary>A person's explicit status always wins over the suggestion: they know what the numbers don't.</summary>
    public static KrStatus Effective(KrStatus? explicitStatus, KrStatus suggested) => explicitStatus ?? suggested;

    /// <summary>The status to show for a KR on a given local date of its cycle.</summary>
    public static KrStatus EffectiveFor(KeyResult kr, Cycle cycle, DateOnly today, StatusThresholds thresholds) =>
        Effective(kr.Status, Suggest(Progress.Of(kr), cycle.ElapsedFraction(today), thresholds));

    /// <summary>Thresholds must be fractions with at-risk before off-track.</summary>
    public static bool AreValid(StatusThresholds t) =>
        t.AtRiskWhenBehind is > 0m and < 1m && t.OffTrackWhenBehind is > 0m and <= 1m && t.AtRiskWhenBehind < t.OffTrackWhenBehind;
}
