using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OkrBot.Bench.Inbound;

/// <summary>
/// One server under test in its own process, started through <c>taskset</c> on the server core (taskset execs the
/// program, so the process id is the server's), its output kept in a log file, stopped with SIGTERM.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(string name, Process process, StreamWriter log, string logFile, int port)
    {
        Name = name;
        _process = process;
        _log = log;
        LogFile = logFile;
        Port = port;
    }

    public string Name { get; }
    public int Port { get; }
    public string LogFile { get; }
    public int Pid => _process.Id;
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Lines the server wrote that look like warnings or errors (a healthy run has none).</summary>
    public int WarningLines { get; private set; }

    /// <summary>Requests whose body ended early: wrk stopping in the middle of one (ASP.NET Core logs each as an error).</summary>
    public int CutOffRequests { get; private set; }

    /// <param name="core">The core to pin it to; null runs it unpinned.</param>
    /// <param name="echo">Also copy its output to stderr.</param>
    public static ServerProcess Start(string name, string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, int port, int? core, string logDirectory, bool echo)
    {
        var start = core is { } c
            ? new ProcessStartInfo("taskset", ["-c", c.ToString(CultureInfo.InvariantCulture), program, .. args])
            : new ProcessStartInfo(program, args);
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (key, value) in environment) start.Environment[key] = value.Replace("{name}", name, StringComparison.Ordinal);

        var logFile = Path.Combine(logDirectory, $"{name}.log");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var server = new ServerProcess(name, process, log, logFile, port);
        void Line(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine(line);
            // .NET's console log starts warnings and errors with "warn:", "fail:", "crit:"; the peer prints "turn error".
            if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal)
                || line.StartsWith("crit:", StringComparison.Ordinal) || line.Contains("turn error", StringComparison.Ordinal))
                server.WarningLines++;
            // wrk closes its connections when a run ends, some in the middle of sending a request body.
            if (line.Contains("Unexpected end of request content", StringComparison.Ordinal)) server.CutOffRequests++;
            if (echo) Console.Error.WriteLine($"[{name}] {line}");
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200 (the server is up and, for OkrBot, its store answers).</summary>
    public async Task WaitReadyAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready; its log: {LogFile}\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(BaseUrl + path);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not answer {path} within {timeout.TotalSeconds:0} s; its log: {LogFile}\n{Tail()}");
    }

    public bool HasExited => _process.HasExited;

    /// <summary>VmHWM: the most resident memory the process ever had.</summary>
    public long? PeakResidentBytes => Pinning.PeakResidentBytes(_process.Id);

    public string Affinity => Pinning.AffinityOf(_process.Id);

    /// <summary>CPU time the server has used so far (its own process: .NET's and Node's threads are all in it).</summary>
    public TimeSpan CpuTime => Pinning.CpuTime(_process.Id) ?? TimeSpan.Zero;

    public string Tail(int lines = 30)
    {
        lock (_log)
        {
            _log.Flush();
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
