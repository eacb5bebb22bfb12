using System.Globalization;
using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>Which answers are retried, how long the client waits in between, and how each ends up classified.</summary>
public sealed class ConnectorRetryTests : IAsyncLifetime
{
    private const string Conversation = "a:1personal-chat";

    private readonly TimerClock _clock = new();
    private ConnectorHarness _h = null!;

    public async Task InitializeAsync() => _h = await ConnectorHarness.StartAsync(_clock);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static JsonObject Message() => new() { ["type"] = "message", ["text"] = "Weekly check-in" };

    private Task<ConnectorOutcome> Send(ConnectorHarness? h = null) =>
        (h ?? _h).Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message());

    [Fact]
    public async Task A_429_waits_exactly_its_Retry_After_then_succeeds()
    {
        var clock = new TimerClock { AutoAdvance = false };
        await using var h = await ConnectorHarness.StartAsync(clock);
        h.Fake.Enqueue(FakeReply.Throttled("5"));

        var sending = Send(h);
        await clock.WaitForPendingTimerAsync();
        Assert.Single(h.Fake.ConnectorRequests);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(100);
        Assert.False(sending.IsCompleted);
        Assert.Single(h.Fake.ConnectorRequests);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var outcome = await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((ConnectorOutcomeKind.Sent, 2, "activity-1"), (outcome.Kind, outcome.Attempts, outcome.ActivityId));
        Assert.Equal([TimeSpan.FromSeconds(5)], clock.Waits);
        Assert.Equal([429, 200], h.Fake.ConnectorRequests.Select(r => r.AnsweredStatus));
    }

    [Fact]
    public async Task A_Retry_After_given_as_an_http_date_is_waited_until_that_date()
    {
        var until = _clock.GetUtcNow().AddSeconds(7).ToString("R", CultureInfo.InvariantCulture);
        _h.Fake.Enqueue(FakeReply.Throttled(until));

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Sent, 2), (outcome.Kind, outcome.Attempts));
        Assert.Equal([TimeSpan.FromSeconds(7)], _clock.Waits);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_ends_Throttled_with_the_servers_Retry_After()
    {
        _h.Fake.Enqueue(FakeReply.Throttled("2"), FakeReply.Throttled("3"), FakeReply.Throttled("4"), FakeReply.Throttled("9"));

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Throttled, 4, 429), (outcome.Kind, outcome.Attempts, outcome.StatusCode));
        Assert.Equal(TimeSpan.FromSeconds(9), outcome.RetryAfter);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4)], _clock.Waits);
        Assert.Equal(4, _h.Fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_client_waits_is_handed_back_at_once()
    {
        _h.Fake.Enqueue(FakeReply.Throttled("3600"));

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Throttled, 1), (outcome.Kind, outcome.Attempts));
        Assert.Equal(TimeSpan.FromHours(1), outcome.RetryAfter);
        Assert.Empty(_clock.Waits);
        Assert.Single(_h.Fake.ConnectorRequests);
    }

    [Fact]
    public async Task A_429_without_Retry_After_backs_off_exponentially()
    {
        _h.Fake.Enqueue(FakeReply.Throttled(null), FakeReply.Throttled(null));

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Sent, 3), (outcome.Kind, outcome.Attempts));
        AssertBackoff(_clock.Waits);
    }

    [Theory]
    [InlineData(412, "PreconditionFailed")]
    [InlineData(502, "ServiceError")]
    [InlineData(503, null)]
    [InlineData(504, null)]
    public async Task A_passing_failure_is_retried_with_growing_backoff_and_given_up_after_the_bound(int status, string? code)
    {
        var reply = code is null ? FakeReply.Status(status) : FakeReply.Error(status, code);
        _h.Fake.Enqueue(reply, reply, reply, reply, FakeReply.Ok());

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Transient, 4, status, code), (outcome.Kind, outcome.Attempts, outcome.StatusCode, outcome.ErrorCode));
        Assert.Equal(4, _h.Fake.ConnectorRequests.Count);
        AssertBackoff(_clock.Waits);
        Assert.Equal(3, _clock.Waits.Count);
        Assert.Equal("op-4", outcome.CorrelationId);
        Assert.Contains("op-4", _h.Logs.AllText);
    }

    [Fact]
    public async Task A_passing_failure_then_success_is_sent()
    {
        _h.Fake.Enqueue(FakeReply.Status(503), FakeReply.Error(412, "PreconditionFailed"));

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Sent, 3, "activity-1"), (outcome.Kind, outcome.Attempts, outcome.ActivityId));
    }

    [Fact]
    public async Task The_number_of_attempts_is_configurable()
    {
        await using var h = await ConnectorHarness.StartAsync(_clock, options: o => o.MaxAttempts = 2);
        h.Fake.Enqueue(FakeReply.Status(503), FakeReply.Status(503), FakeReply.Status(503));

        var outcome = await Send(h);

        Assert.Equal((ConnectorOutcomeKind.Transient, 2), (outcome.Kind, outcome.Attempts));
        Assert.Equal(2, h.Fake.ConnectorRequests.Count);
    }

    [Theory]
    [InlineData(400, "BadArgument")]
    [InlineData(401, "BotNotRegistered")]
    [InlineData(413, "MessageSizeTooBig")]
    [InlineData(500, "ServiceError")]
    [InlineData(408, null)]
    public async Task A_failure_that_retrying_cannot_fix_is_sent_once_and_ends_Failed(int status, string? code)
    {
        _h.Fake.Enqueue(code is null ? FakeReply.Status(status) : FakeReply.Error(status, code), FakeReply.Ok());

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Failed, 1, status, code), (outcome.Kind, outcome.Attempts, outcome.StatusCode, outcome.ErrorCode));
        Assert.Single(_h.Fake.ConnectorRequests);
        Assert.Empty(_clock.Waits);
    }

    [Theory]
    [InlineData(403, "ConversationBlockedByUser")]
    [InlineData(403, "BotDisabledByAdmin")]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(403, "ForbiddenOperationException")]
    [InlineData(403, null)]
    [InlineData(404, "ConversationNotFound")]
    [InlineData(404, null)]
    public async Task A_conversation_that_refuses_the_bot_is_Gone_with_the_connectors_code(int status, string? code)
    {
        _h.Fake.Enqueue(code is null ? FakeReply.Status(status) : FakeReply.Error(status, code), FakeReply.Ok());

        var outcome = await Send();

        Assert.Equal((ConnectorOutcomeKind.Gone, 1, status, code), (outcome.Kind, outcome.Attempts, outcome.StatusCode, outcome.ErrorCode));
        Assert.Equal(Conversation, outcome.ConversationId);
        Assert.Single(_h.Fake.ConnectorRequests);
    }

    [Theory]
    [InlineData(403, "InvalidBotApiHost")]
    [InlineData(403, "NotEnoughPermissions")]
    [InlineData(404, "ActivityNotFoundInConversation")]
    public async Task A_refusal_about_our_setup_or_one_message_fails_without_giving_up_on_the_person(int status, string code)
    {
        _h.Fake.Enqueue(FakeReply.Error(status, code));

        var outcome = await _h.Client.UpdateAsync(ConnectorHarness.TeamsServiceUrl, Conversation, "1712345678901", Message());

        Assert.Equal((ConnectorOutcomeKind.Failed, code), (outcome.Kind, outcome.ErrorCode));
        Assert.Single(_h.Fake.ConnectorRequests);
    }

    [Fact]
    public async Task A_401_drops_the_cached_token_so_the_next_call_fetches_a_new_one()
    {
        await Send();
        _h.Fake.Enqueue(FakeReply.Error(401, "Unauthorized"));
        var refused = await Send();
        var next = await Send();

        Assert.Equal((ConnectorOutcomeKind.Failed, 401), (refused.Kind, refused.StatusCode));
        Assert.Equal(ConnectorOutcomeKind.Sent, next.Kind);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], _h.Fake.ConnectorRequests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_request_that_gets_no_answer_in_time_is_Transient_and_retried()
    {
        await using var h = await ConnectorHarness.StartAsync(_clock, options: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        h.Fake.Enqueue(FakeReply.NoAnswer(), FakeReply.Ok().After(TimeSpan.FromSeconds(5)));

        var retried = await Send(h);
        h.Fake.Enqueue(FakeReply.NoAnswer(), FakeReply.NoAnswer(), FakeReply.NoAnswer(), FakeReply.NoAnswer());
        var givenUp = await Send(h);

        Assert.Equal((ConnectorOutcomeKind.Sent, 3), (retried.Kind, retried.Attempts));
        Assert.Equal((ConnectorOutcomeKind.Transient, 4, null), (givenUp.Kind, givenUp.Attempts, givenUp.StatusCode));
        Assert.Contains("no answer", givenUp.Reason);
        Assert.Equal(7, h.Fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task A_reset_connection_is_Transient_and_retried()
    {
        _h.Fake.Enqueue(FakeReply.Reset());

        var retried = await Send();
        _h.Fake.Enqueue(FakeReply.Reset(), FakeReply.Reset(), FakeReply.Reset(), FakeReply.Reset());
        var givenUp = await Send();

        Assert.Equal((ConnectorOutcomeKind.Sent, 2, "activity-1"), (retried.Kind, retried.Attempts, retried.ActivityId));
        Assert.Equal((ConnectorOutcomeKind.Transient, 4, null), (givenUp.Kind, givenUp.Attempts, givenUp.StatusCode));
        Assert.Contains("connection failed", givenUp.Reason);
        Assert.Equal(6, _h.Fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task The_callers_cancellation_stops_the_wait_between_retries()
    {
        var clock = new TimerClock { AutoAdvance = false };
        await using var h = await ConnectorHarness.StartAsync(clock);
        h.Fake.Enqueue(FakeReply.Throttled("30"));
        using var cancel = new CancellationTokenSource();

        var sending = h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message(), cancel.Token);
        await clock.WaitForPendingTimerAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Single(h.Fake.ConnectorRequests);
    }

    /// <summary>Each wait lies between half and all of base x 2^(n-1) (1 s, 2 s, 4 s, ...): it backs off, with jitter.</summary>
    private static void AssertBackoff(IReadOnlyList<TimeSpan> waits)
    {
        Assert.NotEmpty(waits);
        for (var i = 0; i < waits.Count; i++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Pow(2, i));
            Assert.InRange(waits[i], ceiling / 2, ceiling);
        }
    }
}
