using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>The app token: cached, renewed a few minutes early, fetched once however many sends wait, the secret kept quiet.</summary>
public sealed class AppTokenTests
{
    private const string Conversation = "a:1personal-chat";

    private static JsonObject Message() => new() { ["type"] = "message", ["text"] = "Weekly check-in" };

    private static Task<ConnectorOutcome> Send(ConnectorHarness h) => h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message());

    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires_then_renewed()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await ConnectorHarness.StartAsync(clock);

        await Send(h);
        clock.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        await Send(h);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Send(h);
        await Send(h);

        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2", "Bearer token-2"], h.Fake.ConnectorRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_short_lived_token_is_renewed_at_half_its_life()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await ConnectorHarness.StartAsync(clock);
        h.Fake.TokenLifetimeSeconds = 300;

        await Send(h);
        clock.Advance(TimeSpan.FromSeconds(149));
        await Send(h);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Send(h);

        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], h.Fake.ConnectorRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Fifty_concurrent_sends_share_one_token_request()
    {
        await using var h = await ConnectorHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));
        h.Fake.EnqueueToken(FakeReply.Ok().After(TimeSpan.FromMilliseconds(300)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Send(h))));

        Assert.All(outcomes, o => Assert.Equal(ConnectorOutcomeKind.Sent, o.Kind));
        Assert.Single(h.Fake.TokenRequests);
        Assert.Equal(50, h.Fake.ConnectorRequests.Count);
        Assert.All(h.Fake.ConnectorRequests, r => Assert.Equal("Bearer token-1", r.Authorization));
    }

    [Fact]
    public async Task Concurrent_renewals_near_expiry_also_make_one_request()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await ConnectorHarness.StartAsync(clock);
        await Send(h);
        clock.Advance(TimeSpan.FromMinutes(56));
        h.Fake.EnqueueToken(FakeReply.Ok().After(TimeSpan.FromMilliseconds(300)));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Send(h))));

        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal(20, h.Fake.ConnectorRequests.Count(r => r.Authorization == "Bearer token-2"));
    }

    [Fact]
    public async Task A_failed_renewal_keeps_using_the_current_token_until_it_expires()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await ConnectorHarness.StartAsync(clock);
        await Send(h);
        clock.Advance(TimeSpan.FromMinutes(56));
        h.Fake.EnqueueToken(FakeReply.Status(503));

        var outcome = await Send(h);

        Assert.Equal(ConnectorOutcomeKind.Sent, outcome.Kind);
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal("Bearer token-1", h.Fake.ConnectorRequests[^1].Authorization);
    }

    [Fact]
    public async Task A_token_endpoint_that_refuses_the_credentials_fails_the_send_without_calling_the_connector()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.EnqueueToken(FakeReply.Raw(401, """{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"""));

        var outcome = await Send(h);

        Assert.Equal((ConnectorOutcomeKind.Failed, 1), (outcome.Kind, outcome.Attempts));
        Assert.Contains("invalid_client", outcome.Reason);
        Assert.Single(h.Fake.TokenRequests);
        Assert.Empty(h.Fake.ConnectorRequests);
    }

    [Fact]
    public async Task A_token_endpoint_that_is_briefly_down_is_retried_like_the_connector()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.EnqueueToken(FakeReply.Status(503));

        var outcome = await Send(h);

        Assert.Equal((ConnectorOutcomeKind.Sent, 2), (outcome.Kind, outcome.Attempts));
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal("Bearer token-1", Assert.Single(h.Fake.ConnectorRequests).Authorization);
    }

    [Fact]
    public async Task The_secret_never_appears_in_logs_outcomes_or_results_even_when_the_endpoint_echoes_it()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var echo = $$"""{"error":"invalid_client {{ConnectorHarness.Secret}}","error_description":"bad secret {{ConnectorHarness.Secret}}"}""";
        h.Fake.EnqueueToken(FakeReply.Raw(400, echo), FakeReply.Raw(503, echo), FakeReply.Reset());
        h.Fake.EnqueueToken(FakeReply.Raw(200, $$"""{"no_token":"{{ConnectorHarness.Secret}}"}"""));
        h.Fake.Enqueue(FakeReply.Raw(403, $$$"""{"error":{"code":"Forbidden","message":"{{{ConnectorHarness.Secret}}}"}}"""));

        var outcomes = new List<ConnectorOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add(await Send(h));
        }

        var tokenResult = await h.Tokens.GetTokenAsync();
        Assert.True(tokenResult.Succeeded);
        Assert.Equal(5, h.Fake.TokenRequests.Count);
        Assert.Contains(ConnectorHarness.Secret, h.Fake.TokenRequests[0].Body); // it was sent, so it could have leaked
        Assert.DoesNotContain(ConnectorHarness.Secret, h.Logs.AllText);
        Assert.DoesNotContain("token-1", h.Logs.AllText);
        Assert.DoesNotContain("token-1", tokenResult.ToString());
        Assert.NotEmpty(h.Logs.Entries);
        Assert.All(outcomes.Where(o => !o.IsSent), o => Assert.DoesNotContain(ConnectorHarness.Secret, o.Reason));
        Assert.All(outcomes, o => Assert.DoesNotContain(ConnectorHarness.Secret, o.ToString()));
    }

    [Fact]
    public async Task Anonymous_mode_asks_for_no_token_and_sends_no_authorization_header()
    {
        await using var h = await ConnectorHarness.StartAnonymousAsync();

        var sent = await h.Client.SendAsync(h.Fake.ServiceUrl, Conversation, Message());
        var created = await h.Client.CreatePersonalConversationAsync(h.Fake.ServiceUrl, "tenant-42", "29:user", botId: "28:playground-bot");

        Assert.Equal((ConnectorOutcomeKind.Sent, ConnectorOutcomeKind.Sent), (sent.Kind, created.Kind));
        Assert.Empty(h.Fake.TokenRequests);
        Assert.Equal(2, h.Fake.ConnectorRequests.Count);
        Assert.All(h.Fake.ConnectorRequests, r => Assert.Null(r.Authorization));
        Assert.Equal("28:playground-bot", h.Fake.ConnectorRequests[1].Json["bot"]!["id"]!.GetValue<string>());
        Assert.Same(AppTokenResult.Anonymous, await h.Tokens.GetTokenAsync());
    }
}
