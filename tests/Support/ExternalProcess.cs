using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OkrBot.Tests.Support;

/// <summary>
/// Runs a program the tests need from the machine (node, npm, bash). A missing program fails the test with what to
/// install: these checks are never skipped.
/// </summary>
public static class ExternalProcess
{
    /// <param name="whenMissing">Why the test needs the program and how to install it, for the failure message.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, string whenMissing,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"`{program}` is not on PATH ({e.Message}). {whenMissing}");
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
                Assert.Fail($"`{program} {string.Join(' ', start.ArgumentList)}` did not finish within {timeout}.");
            }
            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
