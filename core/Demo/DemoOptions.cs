namespace OkrBot.Core.Demo;

/// <summary>The "Demo" configuration section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the sample organisation at start-up (once; a second start finds it and leaves it alone).</summary>
    public bool Seed { get; set; }
}
