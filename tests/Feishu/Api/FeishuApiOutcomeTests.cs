using OkrBot.Jobs.Channels.Feishu;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>
/// How every kind of answer is classified. Feishu answers many errors with HTTP 400, and some with 200: the code decides.
/// Each call is one request: nothing here is retried by the client (the delivery queue does that).
/// </summary>
public sealed class FeishuApiOutcomeTests
{
    private static async Task<(FeishuOutcome Outcome, FakeFeishuApi Fake)> SendAfter(FeishuHarness h, FeishuReply reply, bool update = false)
    {
        h.Fake.Enqueue(reply);
        return (update ? await h.UpdateAsync() : await h.SendAsync(), h.Fake);
    }

    [Theory]
    [InlineData(429, "7", 7)]
    [InlineData(429, "52", 52)]
    [InlineData(200, "3", 3)]
    [InlineData(400, "1", 1)]
    public async Task Feishus_frequency_limit_is_throttled_for_as_long_as_x_ogw_ratelimit_reset_says(int status, string reset, int seconds)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, fake) = await SendAfter(h, FeishuReply.Throttled(reset, status));

        Assert.Equal((FeishuOutcomeKind.Throttled, TimeSpan.FromSeconds(seconds), status, FeishuCodes.RateLimited),
            (outcome.Kind, outcome.RetryAfter, outcome.StatusCode, outcome.Code));
        Assert.Single(fake.Sends);
    }

    [Fact]
    public async Task A_429_without_a_reset_header_or_a_body_is_throttled_with_no_retry_after()
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Status(429));

        Assert.Equal((FeishuOutcomeKind.Throttled, null, 429), (outcome.Kind, outcome.RetryAfter, outcome.StatusCode));
    }

    [Fact]
    public async Task An_update_that_is_throttled_says_so_too()
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Throttled("2"), update: true);

        Assert.Equal((FeishuOperation.UpdateCard, FeishuOutcomeKind.Throttled, TimeSpan.FromSeconds(2)), (outcome.Operation, outcome.Kind, outcome.RetryAfter));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_server_error_is_transient_and_not_retried_by_the_client(int status)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, fake) = await SendAfter(h, FeishuReply.Status(status));

        Assert.Equal((FeishuOutcomeKind.Transient, status, 1), (outcome.Kind, outcome.StatusCode, outcome.Attempts));
        Assert.Single(fake.Sends);
    }

    [Fact]
    public async Task A_server_error_with_feishus_internal_error_code_is_transient()
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Error(1500, "internal error", 500));

        Assert.Equal((FeishuOutcomeKind.Transient, 1500), (outcome.Kind, outcome.Code));
    }

    [Fact]
    public async Task No_answer_within_the_request_timeout_is_transient()
    {
        await using var h = await FeishuHarness.StartAsync(options: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        var (outcome, _) = await SendAfter(h, FeishuReply.NoAnswer());

        Assert.Equal((FeishuOutcomeKind.Transient, null), (outcome.Kind, outcome.StatusCode));
        Assert.Contains("no answer within", outcome.Reason);
    }

    [Fact]
    public async Task A_dropped_connection_is_transient()
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Reset());

        Assert.Equal((FeishuOutcomeKind.Transient, null), (outcome.Kind, outcome.StatusCode));
        Assert.Contains("connection failed", outcome.Reason);
    }

    [Theory]
    [InlineData("""{"code":0,"msg":"success","data":{"message_id":"om_""")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("")]
    [InlineData("""{"msg":"success"}""")]
    public async Task A_success_status_with_an_answer_that_is_not_feishus_json_is_transient(string body)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Raw(200, body));

        Assert.Equal((FeishuOutcomeKind.Transient, 200), (outcome.Kind, outcome.StatusCode));
    }

    [Fact]
    public async Task Success_without_a_message_id_is_still_sent_since_the_message_went_out()
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Raw(200, """{"code":0,"msg":"success","data":{}}"""));

        Assert.Equal((FeishuOutcomeKind.Sent, null), (outcome.Kind, outcome.MessageId));
    }

    [Theory]
    [InlineData(230002, 400)] // the bot is not in the chat
    [InlineData(230013, 400)] // outside the app's availability, or left the company
    [InlineData(230013, 200)]
    [InlineData(230029, 400)] // resigned
    [InlineData(230035, 400)] // sending denied: blocked by the person
    [InlineData(230053, 400)] // the person stopped the bot from messaging them
    [InlineData(232009, 400)] // the chat was dissolved
    public async Task A_person_who_cannot_be_reached_is_gone(int code, int status)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Error(code, "scripted", status));

        Assert.Equal((FeishuOutcomeKind.Gone, code, status, $"log-{code}"), (outcome.Kind, outcome.Code, outcome.StatusCode, outcome.LogId));
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Reason);
    }

    [Theory]
    [InlineData(230011)] // recalled
    [InlineData(230110)] // deleted
    [InlineData(230031)] // sent more than 14 days ago
    [InlineData(230013)] // the person left
    public async Task An_update_of_a_message_out_of_reach_is_gone(int code)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Error(code), update: true);

        Assert.Equal((FeishuOutcomeKind.Gone, code), (outcome.Kind, outcome.Code));
        Assert.Null(outcome.MessageId);
    }

    [Theory]
    [InlineData(230020)] // the person's or chat's own 5/s limit: this message later, not the whole tenant
    [InlineData(230049)] // the message is being sent
    [InlineData(18121)] // the same request is being processed
    public async Task A_code_that_means_later_is_transient_for_this_message_only(int code)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Error(code).WithHeader("x-ogw-ratelimit-reset", "2"));

        Assert.Equal((FeishuOutcomeKind.Transient, code, TimeSpan.FromSeconds(2)), (outcome.Kind, outcome.Code, outcome.RetryAfter));
    }

    [Theory]
    [InlineData(230001, 400)] // invalid parameter
    [InlineData(230006, 400)] // bot ability not enabled
    [InlineData(230025, 400)] // the card is too large
    [InlineData(230027, 400)] // missing permission
    [InlineData(230099, 400)] // the card could not be made
    [InlineData(99991672, 400)] // the app lacks the im:message scope
    [InlineData(99992361, 400)] // an open_id of another app
    [InlineData(230099, 200)]
    public async Task Any_other_code_fails_for_good(int code, int status)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, fake) = await SendAfter(h, FeishuReply.Error(code, "scripted", status));

        Assert.Equal((FeishuOutcomeKind.Failed, code, status), (outcome.Kind, outcome.Code, outcome.StatusCode));
        Assert.Single(fake.Sends);
    }

    [Theory]
    [InlineData(400, "")]
    [InlineData(404, "<html>not found</html>")]
    [InlineData(413, "")]
    public async Task A_client_error_without_a_code_fails(int status, string body)
    {
        await using var h = await FeishuHarness.StartAsync();

        var (outcome, _) = await SendAfter(h, FeishuReply.Raw(status, body));

        Assert.Equal((FeishuOutcomeKind.Failed, status, null), (outcome.Kind, outcome.StatusCode, outcome.Code));
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_the_one_thing_that_throws()
    {
        await using var h = await FeishuHarness.StartAsync();
        h.Fake.Enqueue(FeishuReply.NoAnswer());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            h.Client.SendCardAsync(FeishuHarness.OpenId, FeishuHarness.Card().ToJsonString(), "uuid-1", cancel.Token));
    }
}
