using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>The bot's token goes only to Bot Framework hosts, configured hosts and hosts of authenticated activities; anonymous
/// mode talks only to loopback.</summary>
public sealed class ServiceUrlPolicyTests
{
    private static ServiceUrlPolicy Policy(string? appId = "app-id", params string[] allowedHosts) =>
        new(Options.Create(new TeamsOptions { AppId = appId, AppSecret = "secret", AllowedServiceUrlHosts = [.. allowedHosts] }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/teams/")]
    [InlineData("https://SMBA.TrafficManager.net/emea")]
    [InlineData("https://europe.webchat.botframework.com/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams")]
    [InlineData("https://bots.contoso.example/api/")]
    [InlineData("https://eu.connector.fabrikam.example/")]
    public void With_an_app_id_bot_framework_and_configured_hosts_over_https_are_allowed(string serviceUrl)
    {
        var decision = Policy("app-id", "bots.contoso.example", "*.fabrikam.example").Check(serviceUrl);

        Assert.True(decision.Allowed, decision.Reason);
    }

    [Theory]
    [InlineData("http://smba.trafficmanager.net/amer/", "https")]
    [InlineData("https://evilbotframework.com/", "neither")]
    [InlineData("https://botframework.com.evil.example/", "neither")]
    [InlineData("https://botframework.com/", "neither")]
    [InlineData("https://smba.trafficmanager.net.evil.example/", "neither")]
    [InlineData("https://fabrikam.example/", "neither")]
    [InlineData("https://other.contoso.example/", "neither")]
    [InlineData("https://127.0.0.1:3978/", "loopback")]
    [InlineData("http://localhost:56150/_connector", "loopback")]
    [InlineData("https://[::1]/", "loopback")]
    [InlineData("https://user:pw@smba.trafficmanager.net/amer/", "user info")]
    [InlineData("https://smba.trafficmanager.net/amer/?redirect=x", "query")]
    [InlineData("ftp://smba.trafficmanager.net/", "scheme")]
    [InlineData("smba.trafficmanager.net/amer/", "absolute")]
    [InlineData("file:///v3/conversations", "scheme")]
    [InlineData("", "absolute")]
    public void With_an_app_id_anything_else_is_refused_with_a_reason(string serviceUrl, string reason)
    {
        var decision = Policy("app-id", "bots.contoso.example", "*.fabrikam.example").Check(serviceUrl);

        Assert.False(decision.Allowed);
        Assert.Contains(reason, decision.Reason);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3978/", true)]
    [InlineData("http://localhost:56150/_connector", true)]
    [InlineData("https://localhost:56150/_connector", true)]
    [InlineData("http://[::1]:5000/", true)]
    [InlineData("https://smba.trafficmanager.net/amer/", false)]
    [InlineData("http://10.0.0.5:3978/", false)]
    [InlineData("http://localhost.evil.example/", false)]
    public void Anonymous_mode_allows_loopback_only(string serviceUrl, bool allowed)
    {
        Assert.Equal(allowed, Policy(appId: null).Check(serviceUrl).Allowed);
    }

    [Fact]
    public void A_host_seen_on_an_authenticated_activity_is_trusted_from_then_on()
    {
        var policy = Policy();
        Assert.False(policy.Check("https://connector.sovereign.example/teams/").Allowed);

        Assert.True(policy.TrustAuthenticated("https://connector.sovereign.example/teams/"));

        Assert.True(policy.Check("https://connector.sovereign.example/other/").Allowed);
        Assert.False(policy.Check("https://connector.sovereign.example:8443/teams/").Allowed);
        Assert.False(policy.Check("https://elsewhere.sovereign.example/teams/").Allowed);
    }

    [Theory]
    [InlineData("app-id", "http://connector.sovereign.example/")]
    [InlineData("app-id", "https://127.0.0.1/")]
    [InlineData("app-id", "not a url")]
    [InlineData(null, "https://connector.sovereign.example/")]
    public void Authenticated_activities_cannot_open_plain_http_loopback_or_anonymous_mode(string? appId, string serviceUrl)
    {
        var policy = Policy(appId);

        Assert.False(policy.TrustAuthenticated(serviceUrl));
        Assert.False(policy.Check(serviceUrl).Allowed);
    }

    [Theory]
    [InlineData("bots.example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("*", false)]
    [InlineData("*.com", false)]
    [InlineData("https://bots.example.com", false)]
    [InlineData("bots.example.com:443", false)]
    [InlineData("bots.example.com/path", false)]
    [InlineData("", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", true)]
    [InlineData("*.localhost", false)]
    [InlineData("10.0.0.5", false)]
    [InlineData("192.0.2.2", false)]
    [InlineData("127.0.0.1:8443", false)]
    [InlineData("2130706433", false)]
    public void Allow_list_entries_are_host_names_or_subdomain_wildcards(string pattern, bool valid)
    {
        Assert.Equal(valid, ServiceUrlPolicy.IsValidHostPattern(pattern));
    }

    [Theory]
    [InlineData("https://127.0.0.1:8443/", true, "loopback")]
    [InlineData("https://127.0.0.1/teams/", true, "loopback")]
    [InlineData("http://127.0.0.1:8443/", false, "https")]
    [InlineData("https://127.0.0.2:8443/", false, "loopback")]
    [InlineData("https://localhost:8443/", false, "loopback")]
    [InlineData("https://[::1]:8443/", false, "loopback")]
    public void With_an_app_id_a_loopback_host_is_allowed_over_https_only_when_the_allow_list_names_it(string serviceUrl, bool allowed, string reason)
    {
        var decision = Policy("app-id", "127.0.0.1").Check(serviceUrl);

        Assert.Equal(allowed, decision.Allowed);
        Assert.Contains(reason, decision.Reason);
    }

    [Theory]
    [InlineData("localhost", "https://localhost:8443/")]
    [InlineData("[::1]", "https://[::1]:8443/")]
    [InlineData("::1", "https://[::1]/")]
    public void Each_loopback_name_is_matched_as_written(string allowed, string serviceUrl)
    {
        Assert.True(Policy("app-id", allowed).Check(serviceUrl).Allowed);
        Assert.False(Policy("app-id", allowed).Check("https://127.0.0.1:8443/").Allowed);
    }

    [Fact]
    public void A_token_never_makes_a_loopback_host_trusted_even_when_another_one_is_allowed()
    {
        var policy = Policy("app-id", "localhost");

        Assert.False(policy.TrustAuthenticated("https://127.0.0.1:8443/"));
        Assert.False(policy.Check("https://127.0.0.1:8443/").Allowed);
    }

    [Fact]
    public async Task A_service_url_outside_the_allow_list_gets_no_request_and_no_token()
    {
        await using var h = await ConnectorHarness.StartAsync();

        var outcome = await h.Client.SendAsync("https://attacker.example/v3/", "a:1personal", new JsonObject { ["type"] = "message" });
        var created = await h.Client.CreatePersonalConversationAsync("https://attacker.example/", "tenant-42", "29:user");

        Assert.Equal((ConnectorOutcomeKind.Rejected, 0, null), (outcome.Kind, outcome.Attempts, outcome.StatusCode));
        Assert.Contains("attacker.example", outcome.Reason);
        Assert.Equal(ConnectorOutcomeKind.Rejected, created.Kind);
        Assert.Empty(h.Fake.Requests);
        Assert.Contains("attacker.example", h.Logs.AllText);
    }

    [Fact]
    public async Task With_an_app_id_a_loopback_service_url_is_refused()
    {
        await using var h = await ConnectorHarness.StartAsync();

        var outcome = await h.Client.SendAsync(h.Fake.ServiceUrl, "a:1personal", new JsonObject { ["type"] = "message" });

        Assert.Equal(ConnectorOutcomeKind.Rejected, outcome.Kind);
        Assert.Contains("loopback", outcome.Reason);
        Assert.Empty(h.Fake.Requests);
    }

    [Fact]
    public async Task Anonymous_mode_refuses_a_real_teams_service_url()
    {
        await using var h = await ConnectorHarness.StartAnonymousAsync();

        var outcome = await h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, "a:1personal", new JsonObject { ["type"] = "message" });

        Assert.Equal(ConnectorOutcomeKind.Rejected, outcome.Kind);
        Assert.Empty(h.Fake.Requests);
    }

    [Fact]
    public async Task A_host_trusted_from_an_authenticated_activity_receives_the_token()
    {
        await using var h = await ConnectorHarness.StartAsync();
        const string serviceUrl = "https://connector.sovereign.example/teams/";

        var before = await h.Client.SendAsync(serviceUrl, "a:1personal", new JsonObject { ["type"] = "message" });
        h.Policy.TrustAuthenticated(serviceUrl);
        var after = await h.Client.SendAsync(serviceUrl, "a:1personal", new JsonObject { ["type"] = "message" });

        Assert.Equal((ConnectorOutcomeKind.Rejected, ConnectorOutcomeKind.Sent), (before.Kind, after.Kind));
        var request = Assert.Single(h.Fake.ConnectorRequests);
        Assert.Equal(("connector.sovereign.example", "/teams/v3/conversations/a%3A1personal/activities", "Bearer token-1"),
            (request.Host, request.RawTarget, request.Authorization));
    }
}
