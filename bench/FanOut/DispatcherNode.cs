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

    private DispatcherNode(IHost host, string name, Timings? renders)
    {
        _host = host;
        Name = name;
        Renders = renders;
    }

    public string Name { get; }

    /// <summary>Content render timings, when asked for (<c>--probe</c>).</summary>
    public Timings? Renders { get; }

    public static DispatcherNode Create(string name, string connectionString, BenchOptions options)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Teams:AppId"] = "",
            ["Delivery:Limits:Teams:RefillPerSecond"] = options.DispatcherLimit.ToString(CultureInfo.InvariantCulture),
            ["Delivery:Dispatcher:NodeId"] = name,
        });
        // --set: any other setting, as appsettings.json or the environment would give it (applied last, so it wins).
        builder.Configuration.AddInMemoryCollection(options.Settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // Logs go to stderr, so the result (table or JSON) on stdout stays clean.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Content other than the real one, or the real one timed, is registered first: AddOkrDelivery's TryAdd then keeps it.
        var renders = options.Probe ? new Timings() : null;
        if (options.StaticContent || renders is not null)
        {
            builder.Services.AddSingleton<IDeliveryContent>(sp =>
            {
                IDeliveryContent content = options.StaticContent
                    ? ActivatorUtilities.CreateInstance<StaticCheckInContent>(sp)
                    : ActivatorUtilities.CreateInstance<OkrDeliveryContent>(sp);
                return renders is null ? content : new ProbedContent(content, renders);
            });
        }

        builder.Services.AddOkrCore(builder.Configuration);
        builder.Services.AddOkrDelivery(builder.Configuration);
        return new DispatcherNode(builder.Build(), name, renders);
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
