using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>AddTeamsConnector: configuration bound, bad configuration refused at start-up, one shared client.</summary>
public sealed class TeamsConnectorRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTeamsConnector(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task The_configured_connector_sends_through_the_shared_http_client()
    {
        await using var fake = await FakeConnector.StartAsync();
        await using var services = Build(new()
        {
            ["Teams:AppId"] = "app-from-config",
            ["Teams:AppSecret"] = "secret-from-config",
            ["Teams:AllowedServiceUrlHosts:0"] = "*.connector.example",
            ["Teams:Connector:MaxAttempts"] = "2",
        }, s => s.AddKeyedSingleton(TeamsConnectorServiceCollectionExtensions.HttpClientKey, fake.CreateHttpClient()));
        fake.Enqueue(FakeReply.Status(503), FakeReply.Status(503), FakeReply.Ok());

        var client = services.GetRequiredService<BotConnectorClient>();
        var outcome = await client.SendAsync("https://eu.connector.example/", "a:1personal", new JsonObject { ["type"] = "message" });

        Assert.Same(client, services.GetRequiredService<BotConnectorClient>());
        Assert.Equal((ConnectorOutcomeKind.Transient, 2), (outcome.Kind, outcome.Attempts));
        Assert.Equal("app-from-config", Assert.Single(fake.TokenRequests).Form["client_id"]);
        Assert.Equal(2, services.GetRequiredService<IOptions<BotConnectorOptions>>().Value.MaxAttempts);
    }

    [Fact]
    public void Without_configuration_the_connector_runs_anonymous_on_its_own_http_client()
    {
        using var services = Build([]);

        Assert.True(services.GetRequiredService<AppTokenProvider>().IsAnonymous);
        Assert.NotNull(services.GetRequiredKeyedService<HttpClient>(TeamsConnectorServiceCollectionExtensions.HttpClientKey));
        Assert.NotNull(services.GetRequiredService<BotConnectorClient>());
    }

    [Theory]
    [InlineData("Teams:AppSecret", "", "AppSecret")]
    [InlineData("Teams:AllowedServiceUrlHosts:0", "https://bots.example.com", "AllowedServiceUrlHosts")]
    [InlineData("Teams:Connector:MaxAttempts", "0", "MaxAttempts")]
    public void A_bad_setting_is_refused_at_start_up(string key, string value, string named)
    {
        using var services = Build(new() { ["Teams:AppId"] = "app", ["Teams:AppSecret"] = "secret", [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<TeamsOptions>>().Value;
            _ = services.GetRequiredService<IOptions<BotConnectorOptions>>().Value;
        });
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("secret", error.Message.Replace("AppSecret", "", StringComparison.Ordinal));
    }
}
