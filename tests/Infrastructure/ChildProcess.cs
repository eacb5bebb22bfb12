using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OkrBot.Tests.Infrastructure;

/// <summary>
/// A program the tests start (node, the bot itself): its output collected line by line, its whole process tree
/// ended when it is disposed, when a wait runs out, and, for any still running, when the test run exits.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Running = new();

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Action<string>? _onLine;
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var child in Running.Keys) child.Kill();
    };

    private ChildProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything it wrote so far, stdout and stderr interleaved as they came.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// Starts <paramref name="program"/>. When it is not installed the test fails with <paramref name="whenMissing"/>,
    /// which should say how to install it. <paramref name="keepStdinOpen"/> hands it a stdin that closes when this
    /// test process goes away, however it goes: a child can watch for that and stop.
    /// </summary>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, string whenMissing,
        IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null, bool keepStdinOpen = false)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = keepStdinOpen,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, onLine);
        process.OutputDataReceived += (_, e) => child.Received(e.Data);
        process.ErrorDataReceived += (_, e) => child.Received(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            Assert.Fail($"`{program}` could not be started ({e.Message}). {whenMissing}");
            throw;
        }
        Running[child] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The dotnet host running these tests (testhost runs under it), else dotnet from PATH: for the built bot and worker.</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>Runs a program to its end: its exit code and output. The test fails if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        string whenMissing, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null,
        bool keepStdinOpen = false)
    {
        var argumentList = arguments.ToList();
        await using var child = Start(program, argumentList, workingDirectory, whenMissing, environment, onLine, keepStdinOpen);
        if (await child.WaitForExitAsync(timeout) is not { } exitCode)
        {
            Assert.Fail($"`{program} {string.Join(' ', argumentList)}` did not finish within {timeout}; it was stopped. Its output:\n{child.Output}");
            throw new TimeoutException();
        }
        return (exitCode, child.Output);
    }

    /// <summary>Its exit code once it ended and its output is read, or null when it was still running after <paramref name="timeout"/> (it is then ended).</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            // The last lines arrive after the exit; a grandchild still holding the pipe must not hold us too.
            await Task.WhenAny(_outputClosed.Task, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { /* reported by the test that waited; the OS reaps it */ }
        Running.TryRemove(this, out _);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* already gone */ }
        catch (Win32Exception) { /* already gone */ }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            if (Interlocked.Decrement(ref _openStreams) == 0) _outputClosed.TrySetResult();
            return;
        }
        lock (_output) _output.AppendLine(line);
        try { _onLine?.Invoke(line); }
        catch (InvalidOperationException) { /* the test's output helper is gone once the test ended */ }
    }
}
