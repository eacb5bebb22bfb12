using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OkrBot.Core;
using OkrBot.Core.Deliveries;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Bench.FanOut;

/// <summary>
/// One OkrBot node as far as delivery goes: a generic host with AddOkrCore and AddOkrDelivery, exactly as bot/Program.cs
/// registers them, so the DeliveryWorker loop runs the real DeliveryDispatcher, DeliveryQueue, DeliveryRateLimiter and
/// TeamsChannelSender over the real BotConnectorClient. Only configuration differs from production: the store, no app id
/// (anonymous mode: loopback service URLs allowed, nothing signed), the Teams rate and the node's name.
/// </summary>
public sealed class DispatcherNode : IAsyncDisposable
{
    private readonly IHost _host;

    private DispatcherNode(IHost host, string name, RenderProbe? probe)
    {
        _host = host;
        Name = name;
        Probe = probe;
    }

    public string Name { get; }

    /// <summary>Render timings, when asked for (<c>--probe</c>).</summary>
    public RenderProbe? Probe { get; }

    public static DispatcherNode Create(string name, string connectionString, double teamsRate, bool probe, LogLevel logLevel)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Teams:AppId"] = "",
            ["Delivery:Limits:Teams:RefillPerSecond"] = teamsRate.ToString(CultureInfo.InvariantCulture),
            ["Delivery:Dispatcher:NodeId"] = name,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // Logs go to stderr, so the result (table or JSON) on stdout stays clean.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        RenderProbe? renderProbe = null;
        if (probe)
        {
            // Registered first, so AddOkrDelivery's TryAdd keeps it: the real content, timed.
            renderProbe = new RenderProbe();
            builder.Services.AddSingleton<IDeliveryContent>(sp =>
                new ProbedContent(ActivatorUtilities.CreateInstance<OkrDeliveryContent>(sp), renderProbe));
        }

        builder.Services.AddOkrCore(builder.Configuration);
        builder.Services.AddOkrDelivery(builder.Configuration);
        return new DispatcherNode(builder.Build(), name, renderProbe);
    }

    /// <summary>Starts the node: its DeliveryWorker runs the dispatcher at once, then whenever rows fall due.</summary>
    public Task StartAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else _host.Dispose();
    }
}

/// <summary>How long the content took to render, per delivery (count, sum, max), over all threads of a node.</summary>
public sealed class RenderProbe
{
    private long _count, _ticks, _maxTicks;

    public long Count => Interlocked.Read(ref _count);

    public TimeSpan Total => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public TimeSpan Max => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxTicks));

    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : Total / Count;

    public void Add(long ticks)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, ticks);
        var max = Interlocked.Read(ref _maxTicks);
        while (ticks > max && Interlocked.CompareExchange(ref _maxTicks, ticks, max) != max) max = Interlocked.Read(ref _maxTicks);
    }
}

/// <summary>The real content, timed.</summary>
internal sealed class ProbedContent(IDeliveryContent inner, RenderProbe probe) : IDeliveryContent
{
    public async Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.RenderAsync(delivery, recipient, ct);
        }
        finally
        {
            probe.Add(Stopwatch.GetTimestamp() - started);
        }
    }
}
