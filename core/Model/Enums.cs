namespace OkrBot.Core.Model;

/// <summary>The messenger a tenant lives on.</summary>
public enum Channel { Teams, Feishu }

/// <summary>How long a cycle runs.</summary>
public enum CycleKind { Annual, Quarterly, Monthly, Custom }

/// <summary>Where a cycle is in its life: planning -> active -> reviewing -> closed.</summary>
public enum CycleState { Planning, Active, Reviewing, Closed }

/// <summary>An objective starts as a draft and is published once refined and aligned.</summary>
public enum ObjectiveState { Draft, Published }

/// <summary>Transparency is the default; private OKRs are seen only by their owner and the owner's manager chain.</summary>
public enum Visibility { Public, Private }

/// <summary>What a key result measures.</summary>
public enum KeyResultKind
{
    /// <summary>A number moving from a start value to a target value, in a unit.</summary>
    Metric,
    /// <summary>A percentage moving from a start to a target, both within 0-100.</summary>
    Percentage,
    /// <summary>Done (1) or not done (0).</summary>
    Milestone,
}

/// <summary>Whether a metric should go up or down.</summary>
public enum Direction { Increase, Decrease }

/// <summary>可控 / 有风险 / 失控.</summary>
public enum KrStatus { OnTrack, AtRisk, OffTrack }

/// <summary>The mid-cycle review's decision for one key result.</summary>
public enum ReviewDecisionKind { Keep, Adjust, Drop }
