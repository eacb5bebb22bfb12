namespace OkrBot.Tests.Infrastructure;

/// <summary>The repository checkout the tests run from: scripts, manifests and package files are read in place.</summary>
public static class SourceTree
{
    /// <summary>The directory holding OkrBot.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OkrBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"OkrBot.sln not found above {AppContext.BaseDirectory}: these tests run from the source tree.");
    }
}
