using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>
/// The tenant_access_token: fetched once and cached, renewed five minutes before it expires, renewed once when Feishu
/// refuses it, and one request however many calls wait for it.
/// </summary>
public sealed class FeishuTokenTests
{
    [Fact]
    public async Task The_token_is_fetched_once_with_the_app_credentials_and_reused_by_later_calls()
    {
        await using var h = await FeishuHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));

        await h.SendAsync();
        await h.SendAsync();
        await h.UpdateAsync();

        var token = Assert.Single(h.Fake.TokenRequests);
        Assert.Equal(("POST", FakeFeishuApi.TokenPath), (token.Method, token.RawTarget));
        Assert.Equal("application/json; charset=utf-8", token.ContentType);
        Assert.Null(token.Authorization);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["app_id"] = FeishuHarness.AppId, ["app_secret"] = FeishuHarness.Secret }, token.Json), token.Body);
        Assert.Equal(["Bearer t-token-1", "Bearer t-token-1", "Bearer t-token-1"], h.Fake.MessageRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task The_token_is_reused_until_five_minutes_before_it_expires_then_renewed()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await FeishuHarness.StartAsync(clock);

        await h.SendAsync();
        clock.Advance(TimeSpan.FromMinutes(114) + TimeSpan.FromSeconds(59));
        await h.SendAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await h.SendAsync();
        await h.SendAsync();

        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal(["Bearer t-token-1", "Bearer t-token-1", "Bearer t-token-2", "Bearer t-token-2"], h.Fake.MessageRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_token_handed_out_with_half_an_hour_left_is_renewed_by_what_it_has_left()
    {
        // Feishu answers the current token while it has 30 minutes or more left, and says how long: "expire" is what is left.
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await FeishuHarness.StartAsync(clock);
        h.Fake.TokenLifetimeSeconds = 1800;

        await h.SendAsync();
        clock.Advance(TimeSpan.FromMinutes(24) + TimeSpan.FromSeconds(59));
        await h.SendAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await h.SendAsync();

        Assert.Equal(["Bearer t-token-1", "Bearer t-token-1", "Bearer t-token-2"], h.Fake.MessageRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_token_Feishu_refuses_is_renewed_and_the_call_made_once_more_with_the_same_uuid()
    {
        await using var h = await FeishuHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));
        await h.SendAsync();
        h.Fake.Revoke("t-token-1");
        var uuid = Guid.NewGuid().ToString("D");

        var outcome = await h.SendAsync(uuid);

        Assert.Equal((FeishuOutcomeKind.Sent, "om_message-2", 2), (outcome.Kind, outcome.MessageId, outcome.Attempts));
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        var (refused, resent) = (h.Fake.Sends[1], h.Fake.Sends[2]);
        Assert.Equal(("Bearer t-token-1", 400), (refused.Authorization, refused.AnsweredStatus));
        Assert.Equal(("Bearer t-token-2", 200), (resent.Authorization, resent.AnsweredStatus));
        Assert.Equal([uuid, uuid], new[] { refused, resent }.Select(r => r.Json["uuid"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(99991663)]
    [InlineData(99991664)]
    [InlineData(99991665)]
    public async Task Each_token_invalid_code_renews_the_token_once(int code)
    {
        await using var h = await FeishuHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));
        h.Fake.Enqueue(FeishuReply.Error(code, "Invalid access token for authorization."));

        var outcome = await h.UpdateAsync("om_card");

        Assert.Equal((FeishuOutcomeKind.Sent, "om_card", 2), (outcome.Kind, outcome.MessageId, outcome.Attempts));
        Assert.Equal(["Bearer t-token-1", "Bearer t-token-2"], h.Fake.MessageRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_fresh_token_refused_as_well_fails_the_call_without_a_third_request()
    {
        await using var h = await FeishuHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));
        h.Fake.Enqueue(FeishuReply.Error(99991663), FeishuReply.Error(99991663));

        var outcome = await h.SendAsync();

        Assert.Equal((FeishuOutcomeKind.Failed, 99991663, 2), (outcome.Kind, outcome.Code, outcome.Attempts));
        Assert.Equal(2, h.Fake.Sends.Count);
        Assert.Equal(2, h.Fake.TokenRequests.Count);
    }

    [Fact]
    public async Task Fifty_concurrent_first_calls_share_one_token_request()
    {
        await using var h = await FeishuHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));
        h.Fake.EnqueueToken(FeishuReply.Ok().After(TimeSpan.FromMilliseconds(300)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => h.SendAsync())));

        Assert.All(outcomes, o => Assert.Equal(FeishuOutcomeKind.Sent, o.Kind));
        Assert.Single(h.Fake.TokenRequests);
        Assert.Equal(50, h.Fake.Sends.Count);
        Assert.All(h.Fake.Sends, r => Assert.Equal("Bearer t-token-1", r.Authorization));
    }

    [Fact]
    public async Task Concurrent_renewals_near_expiry_also_make_one_request()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await FeishuHarness.StartAsync(clock);
        await h.SendAsync();
        clock.Advance(TimeSpan.FromMinutes(116));
        h.Fake.EnqueueToken(FeishuReply.Ok().After(TimeSpan.FromMilliseconds(300)));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.SendAsync())));

        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal(20, h.Fake.Sends.Count(r => r.Authorization == "Bearer t-token-2"));
    }

    [Fact]
    public async Task Calls_refused_together_for_one_stale_token_share_one_renewal()
    {
        await using var h = await FeishuHarness.StartAsync(FakeClock.At("2026-03-02T09:00:00Z"));
        await h.SendAsync();
        h.Fake.Revoke("t-token-1");
        h.Fake.EnqueueToken(FeishuReply.Ok().After(TimeSpan.FromMilliseconds(300)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.SendAsync())));

        Assert.All(outcomes, o => Assert.Equal(FeishuOutcomeKind.Sent, o.Kind));
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal(21, h.Fake.Sends.Count(r => r.AnsweredStatus == 200));
        Assert.All(h.Fake.Sends.Skip(1).Where(r => r.AnsweredStatus == 200), r => Assert.Equal("Bearer t-token-2", r.Authorization));
    }

    [Fact]
    public async Task A_failed_early_renewal_keeps_using_the_current_token_until_it_expires()
    {
        var clock = FakeClock.At("2026-03-02T09:00:00Z");
        await using var h = await FeishuHarness.StartAsync(clock);
        await h.SendAsync();
        clock.Advance(TimeSpan.FromMinutes(116));
        h.Fake.EnqueueToken(FeishuReply.Status(503));

        var outcome = await h.SendAsync();

        Assert.Equal(FeishuOutcomeKind.Sent, outcome.Kind);
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal("Bearer t-token-1", h.Fake.Sends[^1].Authorization);
    }

    [Fact]
    public async Task Credentials_the_token_endpoint_refuses_fail_the_call_without_calling_the_message_api()
    {
        await using var h = await FeishuHarness.StartAsync();
        h.Fake.EnqueueToken(FeishuReply.Raw(200, """{"code":10014,"msg":"app secret invalid"}"""));

        var outcome = await h.SendAsync();

        Assert.Equal((FeishuOutcomeKind.Failed, 0), (outcome.Kind, outcome.Attempts));
        Assert.Contains("10014", outcome.Reason);
        Assert.Empty(h.Fake.MessageRequests);
    }

    [Theory]
    [InlineData(503, "")]
    [InlineData(429, """{"code":99991400,"msg":"request trigger frequency limit"}""")]
    [InlineData(200, "<html>gateway</html>")]
    public async Task A_token_endpoint_that_cannot_answer_now_makes_the_call_transient_and_the_next_one_asks_again(int status, string body)
    {
        await using var h = await FeishuHarness.StartAsync();
        h.Fake.EnqueueToken(FeishuReply.Raw(status, body));

        var first = await h.SendAsync();
        var second = await h.SendAsync();

        Assert.Equal((FeishuOutcomeKind.Transient, FeishuOutcomeKind.Sent), (first.Kind, second.Kind));
        Assert.Equal(2, h.Fake.TokenRequests.Count);
        Assert.Equal("Bearer t-token-1", Assert.Single(h.Fake.Sends).Authorization);
    }

    [Fact]
    public async Task A_token_endpoint_that_drops_the_connection_is_a_transient_failure_not_an_exception()
    {
        await using var h = await FeishuHarness.StartAsync();
        h.Fake.EnqueueToken(FeishuReply.Reset());

        var token = await h.Tokens.GetTokenAsync();

        Assert.Equal((false, true, null), (token.Succeeded, token.IsTransient, token.StatusCode));
        Assert.DoesNotContain("t-token", token.ToString());
    }
}
