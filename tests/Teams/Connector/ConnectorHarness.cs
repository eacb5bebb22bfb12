using Microsoft.Extensions.Options;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>A <see cref="BotConnectorClient"/> wired as production wires it, talking to a <see cref="FakeConnector"/>.</summary>
public sealed class ConnectorHarness : IAsyncDisposable
{
    public const string AppId = "7f3c2a10-0000-4000-8000-00000000b0t1";
    public const string Secret = "Sup3r~S3cret.value-that-must-never-be-logged";

    /// <summary>A real Teams service URL: on the built-in allow-list, routed to the fake by its HTTP client.</summary>
    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/amer/";

    private ConnectorHarness(FakeConnector fake, TeamsOptions teams, BotConnectorOptions options, TimeProvider clock)
    {
        Fake = fake;
        Teams = teams;
        Options = options;
        Clock = clock;
        Http = fake.CreateHttpClient();
        Policy = new ServiceUrlPolicy(Microsoft.Extensions.Options.Options.Create(teams));
        Tokens = new AppTokenProvider(Http, Microsoft.Extensions.Options.Options.Create(teams), Microsoft.Extensions.Options.Options.Create(options), clock, Logs.For<AppTokenProvider>());
        Client = new BotConnectorClient(Http, Tokens, Policy, Microsoft.Extensions.Options.Options.Create(teams), Microsoft.Extensions.Options.Options.Create(options), clock, Logs.For<BotConnectorClient>());
    }

    public FakeConnector Fake { get; }

    public TeamsOptions Teams { get; }

    public BotConnectorOptions Options { get; }

    public TimeProvider Clock { get; }

    public CapturedLogs Logs { get; } = new();

    public HttpClient Http { get; }

    public ServiceUrlPolicy Policy { get; }

    public AppTokenProvider Tokens { get; }

    public BotConnectorClient Client { get; }

    /// <summary>An app id and secret (tokens from the fake's login.microsoftonline.com), a <see cref="TimerClock"/> unless given.</summary>
    public static async Task<ConnectorHarness> StartAsync(TimeProvider? clock = null, Action<TeamsOptions>? teams = null, Action<BotConnectorOptions>? options = null)
    {
        var teamsOptions = new TeamsOptions { AppId = AppId, AppSecret = Secret };
        teams?.Invoke(teamsOptions);
        var connectorOptions = new BotConnectorOptions { RequestTimeout = TimeSpan.FromSeconds(10) };
        options?.Invoke(connectorOptions);
        return new ConnectorHarness(await FakeConnector.StartAsync(), teamsOptions, connectorOptions, clock ?? new TimerClock());
    }

    /// <summary>Local anonymous mode, as with the Agents Playground: no app id, loopback service URLs only.</summary>
    public static Task<ConnectorHarness> StartAnonymousAsync(TimeProvider? clock = null) =>
        StartAsync(clock, t => (t.AppId, t.AppSecret) = (null, null));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Fake.DisposeAsync();
    }
}
