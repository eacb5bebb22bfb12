using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Bot.Teams.Auth;

namespace OkrBot.Tests.Teams.Auth;

/// <summary>The recipe in <see cref="TestIssuer"/>'s remarks, run against the real host, so endpoint tests can rely on it.</summary>
public sealed class TestIssuerHostTests : IDisposable
{
    private readonly TestIssuer _issuer = new();
    private readonly string _storeFile = Path.Combine(Path.GetTempPath(), $"okrbot-auth-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        _issuer.Dispose();
        File.Delete(_storeFile);
    }

    [Fact]
    public async Task The_validator_in_the_real_host_takes_its_settings_and_keys_from_the_test_issuer()
    {
        await using var bot = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Provider", "Sqlite");
            b.UseSetting("Storage:ConnectionString", $"Data Source={_storeFile}");
            b.UseSetting("Storage:MigrateOnStart", "false");
            foreach (var (key, value) in _issuer.Settings(TestIssuer.AppId)) b.UseSetting(key, value);
            // An app id needs its secret, or the connector refuses to start.
            b.UseSetting("Teams:AppSecret", "test-secret");
            // Until Program.cs calls AddTeamsAuthentication itself; afterwards this line is a harmless repeat.
            b.ConfigureServices((context, services) => services.AddTeamsAuthentication(context.Configuration));
            b.ConfigureTestServices(_issuer.AddTo);
        });

        var validator = bot.Services.GetRequiredService<BotFrameworkTokenValidator>();
        var accepted = await validator.ValidateAsync("Bearer " + _issuer.BotFrameworkToken(), TestIssuer.ChannelId, TestIssuer.ServiceUrl, CancellationToken.None);
        var forAnotherBot = await validator.ValidateAsync(
            "Bearer " + _issuer.BotFrameworkToken(appId: "another-app"), TestIssuer.ChannelId, TestIssuer.ServiceUrl, CancellationToken.None);

        Assert.True(accepted.IsAccepted, accepted.ToString());
        Assert.False(forAnotherBot.IsAccepted);
        Assert.Equal(1, _issuer.BotFrameworkKeySetFetches);
    }
}
