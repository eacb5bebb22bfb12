using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OkrBot.Jobs.Hosting;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Host;

/// <summary>
/// The worker node's real entry point (jobs/Program.cs) running in this process, as WebApplicationFactory runs the bot's:
/// settings go in as its command line, and test services (a fake connector's HTTP client, a clock) are added while its host
/// is built, after everything Program.cs registered, so they win. Its log goes to <see cref="Logs"/> instead of the console.
/// </summary>
/// <remarks>
/// The host is caught through the "HostBuilding" and "HostBuilt" events that every .NET host raises on its
/// DiagnosticListener (the same hook WebApplicationFactory uses); an AsyncLocal keeps the events of hosts that other tests
/// build at the same time out.
/// </remarks>
public sealed class InProcessWorker : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly IHost _host;
    private readonly Task<int> _exit;

    private InProcessWorker(IHost host, Task<int> exit, CapturedLogs logs)
    {
        _host = host;
        _exit = exit;
        Logs = logs;
    }

    public IServiceProvider Services => _host.Services;

    public CapturedLogs Logs { get; }

    /// <summary>Runs Program.cs with <paramref name="args"/>, and returns once its host has started (store prepared, loops running).</summary>
    public static async Task<InProcessWorker> StartAsync(IEnumerable<string> args, Action<IServiceCollection>? services = null)
    {
        var logs = new CapturedLogs();
        var hook = new HostHook(builder => builder.ConfigureServices(s =>
        {
            s.AddLogging(l => l.ClearProviders().AddProvider(logs));
            services?.Invoke(s);
        }));
        var exit = hook.RunEntryPoint(typeof(WorkerNode).Assembly, [.. args]);

        var built = await Task.WhenAny(hook.Built, exit).WaitAsync(StartTimeout);
        if (built == exit) throw new InvalidOperationException($"The worker ended before its host was built (exit code {await exit}).\n{logs.AllText}");
        var host = await hook.Built;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
        if (await Task.WhenAny(started.Task, exit).WaitAsync(StartTimeout) == exit)
            throw new InvalidOperationException($"The worker ended as it started (exit code {await exit}).\n{logs.AllText}");
        return new InProcessWorker(host, exit, logs);
    }

    /// <summary>Stops the host as SIGTERM would, and returns the entry point's exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_exit.IsCompleted) _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        return await _exit.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Program.cs disposed its host on the way out.
        }
    }

    private sealed class HostHook(Action<IHostBuilder> configure) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        private static readonly AsyncLocal<HostHook?> Current = new();
        private readonly TaskCompletionSource<IHost> _built = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<IDisposable> _subscriptions = [];
        private IDisposable? _all;

        public Task<IHost> Built => _built.Task;

        /// <summary>Runs the assembly's Main on a thread of its own (it blocks until the host stops) and returns its exit code.</summary>
        public Task<int> RunEntryPoint(Assembly assembly, string[] args)
        {
            var entryPoint = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point.");
            var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
            var thread = new Thread(() =>
            {
                Current.Value = this;
                try
                {
                    exit.TrySetResult((int)entryPoint.Invoke(null, [args])!);
                }
                catch (TargetInvocationException e)
                {
                    exit.TrySetException(e.InnerException ?? e);
                }
                finally
                {
                    _all.Dispose();
                    lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
                }
            })
            { IsBackground = true, Name = $"{assembly.GetName().Name} Main" };
            thread.Start();
            return exit.Task;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (Current.Value != this || listener.Name != "Microsoft.Extensions.Hosting") return;
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (Current.Value != this) return;
            if (e is { Key: "HostBuilding", Value: IHostBuilder builder }) configure(builder);
            if (e is not { Key: "HostBuilt", Value: IHost host }) return;
            _all?.Dispose();
            _built.TrySetResult(host);
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
