using System.Text.Json.Nodes;

namespace OkrBot.Tests.Infrastructure;

/// <summary>
/// A folder of the source tree holding a Node.js tool the tests run: its scripts, a package.json and the committed
/// package-lock.json. The first run in a process installs the packages with <c>npm ci</c> unless node_modules already
/// holds the locked version of every direct dependency.
/// </summary>
/// <param name="relativeDirectory">The folder, from the repository root, e.g. <c>tests/Cards</c>.</param>
/// <param name="purpose">What the tool is for, said when Node.js is missing, e.g. "The card checks run Microsoft's adaptivecards library".</param>
public sealed class NodeProject(string relativeDirectory, string purpose)
{
    private readonly SemaphoreSlim _installLock = new(1, 1);
    private bool _installed;

    public string Directory { get; } = Path.Combine(SourceTree.Root, relativeDirectory);

    /// <summary>What to do when node or npm is not there.</summary>
    public string WhenMissing =>
        $"{purpose} under Node.js: install Node.js 18+ with npm (Debian: apt-get install -y nodejs npm); .ci/run does that on CI.";

    /// <summary><c>node {arguments}</c> in the folder, after installing the packages when needed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null, bool keepStdinOpen = false)
    {
        await EnsureInstalledAsync();
        return await ChildProcess.RunAsync("node", arguments, Directory, WhenMissing, timeout, environment, onLine, keepStdinOpen);
    }

    public async Task EnsureInstalledAsync()
    {
        await _installLock.WaitAsync();
        try
        {
            if (_installed) return;
            var (versionExit, version) = await ChildProcess.RunAsync("node", ["--version"], Directory, WhenMissing, TimeSpan.FromSeconds(30));
            Assert.True(versionExit == 0, $"`node --version` failed:\n{version}");
            if (!LockedVersionsInstalled())
            {
                var (exit, output) = await ChildProcess.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], Directory, WhenMissing, TimeSpan.FromMinutes(5));
                Assert.True(exit == 0, $"`npm ci` in {Directory} failed (exit {exit}); it needs the npm registry:\n{output}");
            }
            _installed = true;
        }
        finally
        {
            _installLock.Release();
        }
    }

    private bool LockedVersionsInstalled()
    {
        var package = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "package.json")))!;
        var locked = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "package-lock.json")))!["packages"]!;
        foreach (var (name, _) in package["dependencies"]!.AsObject())
        {
            var installed = Path.Combine(Directory, "node_modules", name, "package.json");
            if (!File.Exists(installed)) return false;
            var want = (string?)locked[$"node_modules/{name}"]?["version"];
            var have = (string?)JsonNode.Parse(File.ReadAllText(installed))!["version"];
            if (want != have) return false;
        }
        return true;
    }
}
