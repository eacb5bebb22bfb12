namespace OkrBot.Jobs.Hosting;

/// <summary>Short switches for the first run, turned into configuration keys. The bot and the worker node take the same ones.</summary>
public static class CommandLine
{
    /// <summary><c>--demo</c> seeds the sample organisation (<c>Demo:Seed=true</c>).</summary>
    public static string[] Expand(string[] args) =>
        args.Select(a => a.Equals("--demo", StringComparison.OrdinalIgnoreCase) ? "--Demo:Seed=true" : a).ToArray();
}
