using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OkrBot.Tests.Cards;

/// <summary>
/// Runs tests/Cards/validate-cards.js (Microsoft's adaptivecards library under Node) over a directory of cards,
/// installing the library with <c>npm ci</c> from the committed lock file the first time.
/// </summary>
public static class NodeCardValidator
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    /// <summary>tests/Cards in the source tree: where the script, package.json and the lock file are.</summary>
    public static string ScriptDirectory { get; } = FindScriptDirectory();

    public static async Task<(int ExitCode, string Output)> ValidateAsync(string cardDirectory)
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", ["validate-cards.js", cardDirectory], TimeSpan.FromMinutes(2));
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (_installed) return;
            var (versionExit, version) = await RunAsync("node", ["--version"], TimeSpan.FromSeconds(30));
            Assert.True(versionExit == 0, $"`node --version` failed:\n{version}");
            if (!File.Exists(Path.Combine(ScriptDirectory, "node_modules", "adaptivecards", "dist", "adaptivecards.js")))
            {
                var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                Assert.True(exit == 0, $"`npm ci` in {ScriptDirectory} failed (exit {exit}); it needs the npm registry:\n{output}");
            }
            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = ScriptDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"`{program}` is not on PATH ({e.Message}). The card checks run Microsoft's adaptivecards library under " +
                "Node.js: install Node.js 18+ with npm (Debian: apt-get install -y nodejs npm); .ci/run does that on CI.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"`{program} {string.Join(' ', arguments)}` did not finish within {timeout}.");
            }
            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }

    private static string FindScriptDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OkrBot.sln")))
                return Path.Combine(dir.FullName, "tests", "Cards");
        }
        throw new InvalidOperationException($"OkrBot.sln not found above {AppContext.BaseDirectory}: the card checks run from the source tree.");
    }
}
