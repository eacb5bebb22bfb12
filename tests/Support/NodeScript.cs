using System.Text.Json.Nodes;

namespace OkrBot.Tests.Support;

/// <summary>
/// A Node.js script in the source tree with its own package.json and committed package-lock.json (tests/Cards,
/// tests/Manifests). The first run in a process installs the packages with <c>npm ci</c> unless node_modules
/// already holds the locked versions of every direct dependency.
/// </summary>
public sealed class NodeScript(string directory, string purpose)
{
    private readonly SemaphoreSlim _installLock = new(1, 1);
    private bool _installed;

    /// <summary>Where the script, package.json and the lock file are.</summary>
    public string Directory { get; } = directory;

    public async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await Run("node", [script, .. arguments], TimeSpan.FromMinutes(2));
    }

    private async Task EnsureInstalledAsync()
    {
        await _installLock.WaitAsync();
        try
        {
            if (_installed) return;
            var (versionExit, version) = await Run("node", ["--version"], TimeSpan.FromSeconds(30));
            Assert.True(versionExit == 0, $"`node --version` failed:\n{version}");
            if (!LockedVersionsInstalled())
            {
                var (exit, output) = await Run("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
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

    private Task<(int ExitCode, string Output)> Run(string program, string[] arguments, TimeSpan timeout) =>
        ExternalProcess.RunAsync(program, arguments, Directory, timeout,
            $"{purpose} under Node.js: install Node.js 18+ with npm (Debian: apt-get install -y nodejs npm); .ci/run does that on CI.");
}
