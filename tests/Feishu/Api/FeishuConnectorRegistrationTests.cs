using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OkrBot.Core;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>
/// AddFeishuConnector as the bot and the worker call it: configuration bound and checked at start-up, one shared client,
/// and the Feishu sender beside the Teams one only when Feishu:AppId is set. Nothing here opens the store.
/// </summary>
public sealed class FeishuConnectorRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null, int times = 1)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "never-opened-" + Guid.NewGuid().ToString("N") + ".db")}",
            ["Delivery:Dispatcher:Enabled"] = "false",
        }.Concat(settings).ToDictionary()).Build();
        var services = new ServiceCollection().AddLogging();
        more?.Invoke(services);
        services.AddOkrCore(configuration);
        services.AddOkrDelivery(configuration);
        for (var i = 0; i < times; i++) services.AddFeishuConnector(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Without_a_Feishu_app_id_the_Teams_sender_stays_the_only_one()
    {
        using var services = Build([]);

        Assert.IsType<TeamsChannelSender>(Assert.Single(services.GetServices<IChannelSender>()));
        Assert.False(services.GetRequiredService<IOptions<FeishuOptions>>().Value.IsConfigured);
        Assert.NotNull(services.GetRequiredService<DeliveryDispatcher>());
    }

    [Fact]
    public void With_a_Feishu_app_id_the_Feishu_sender_joins_the_Teams_one_once_however_often_it_is_added()
    {
        using var services = Build(new()
        {
            ["Feishu:AppId"] = "cli_from_config",
            ["Feishu:AppSecret"] = "secret-from-config",
            ["Feishu:ApiBaseUrl"] = FeishuOptions.LarkApiBaseUrl,
            ["Feishu:RequestTimeout"] = "00:00:20",
        }, times: 2);

        var senders = services.GetServices<IChannelSender>().ToList();
        Assert.Equal([Core.Model.Channel.Teams, Core.Model.Channel.Feishu], senders.Select(s => s.Channel));
        Assert.IsType<FeishuChannelSender>(senders[1]);
        var options = services.GetRequiredService<IOptions<FeishuOptions>>().Value;
        Assert.Equal(("cli_from_config", FeishuOptions.LarkApiBaseUrl, TimeSpan.FromSeconds(20)), (options.AppId, options.ApiBaseUrl, options.RequestTimeout));
        Assert.Equal(new Uri("https://open.larksuite.com/open-apis/auth/v3/tenant_access_token/internal"), services.GetRequiredService<FeishuTokenProvider>().TokenEndpoint);
        Assert.NotNull(services.GetRequiredService<DeliveryDispatcher>());
    }

    [Fact]
    public async Task The_configured_client_sends_through_the_shared_http_client()
    {
        await using var fake = await FakeFeishuApi.StartAsync();
        await using var services = Build(new()
        {
            ["Feishu:AppId"] = "cli_from_config",
            ["Feishu:AppSecret"] = "secret-from-config",
            ["Feishu:ApiBaseUrl"] = fake.BaseUrl,
        }, s => s.AddKeyedSingleton(FeishuConnectorServiceCollectionExtensions.HttpClientKey, FakeFeishuApi.CreateHttpClient()));

        var client = services.GetRequiredService<FeishuApiClient>();
        var outcome = await client.SendCardAsync(FeishuHarness.OpenId, FeishuHarness.Card().ToJsonString(), Guid.NewGuid().ToString("D"));

        Assert.Same(client, services.GetRequiredService<FeishuApiClient>());
        Assert.Equal(FeishuOutcomeKind.Sent, outcome.Kind);
        Assert.Equal("cli_from_config", Assert.Single(fake.TokenRequests).Json["app_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Feishu:AppSecret", "", "Feishu:AppSecret")]
    [InlineData("Feishu:ApiBaseUrl", "http://open.feishu.cn", "Feishu:ApiBaseUrl")]
    [InlineData("Feishu:ApiBaseUrl", "open.feishu.cn", "Feishu:ApiBaseUrl")]
    [InlineData("Feishu:ApiBaseUrl", "https://open.feishu.cn/?region=cn", "Feishu:ApiBaseUrl")]
    [InlineData("Feishu:RequestTimeout", "00:00:00", "Feishu:RequestTimeout")]
    [InlineData("Feishu:TokenRefreshMargin", "01:00:00", "Feishu:TokenRefreshMargin")]
    public void A_bad_setting_is_refused_at_start_up_naming_it(string key, string value, string named)
    {
        using var services = Build(new() { ["Feishu:AppId"] = "cli_app", ["Feishu:AppSecret"] = "the-secret-value", [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FeishuOptions>>().Value);
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("the-secret-value", error.Message);
    }

    [Fact]
    public void Without_an_app_id_a_missing_secret_is_no_error()
    {
        using var services = Build(new() { ["Feishu:AppSecret"] = "" });

        Assert.False(services.GetRequiredService<IOptions<FeishuOptions>>().Value.IsConfigured);
    }
}
