using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Teams;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>What goes over the wire for each call: method, path (ids URL-encoded), body, bearer token.</summary>
public sealed class BotConnectorRequestTests : IAsyncLifetime
{
    // A channel-style id with every character that must be escaped in a path segment.
    private const string Conversation = "19:abc@thread.tacv2;messageid=17/x y";
    private const string EncodedConversation = "19%3Aabc%40thread.tacv2%3Bmessageid%3D17%2Fx%20y";

    private ConnectorHarness _h = null!;

    public async Task InitializeAsync() => _h = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    [Fact]
    public async Task Sending_posts_the_activity_to_the_url_encoded_conversation_with_the_bearer_token()
    {
        var activity = Message("Time for your weekly check-in");

        var outcome = await _h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, activity);

        Assert.Equal((ConnectorOutcomeKind.Sent, "activity-1", Conversation, 1), (outcome.Kind, outcome.ActivityId, outcome.ConversationId, outcome.Attempts));
        var request = Assert.Single(_h.Fake.ConnectorRequests);
        Assert.Equal(("POST", $"/amer/v3/conversations/{EncodedConversation}/activities"), (request.Method, request.RawTarget));
        Assert.Equal((FakeRoute.SendToConversation, Conversation), (request.Route, request.ConversationId));
        Assert.Equal("smba.trafficmanager.net", request.Host);
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.True(JsonNode.DeepEquals(activity, request.Json), request.Body);
    }

    [Fact]
    public async Task Replying_posts_to_the_activity_being_answered()
    {
        var outcome = await _h.Client.ReplyAsync(ConnectorHarness.TeamsServiceUrl, "a:1personal", "1:reply/to", Message("Saved"));

        Assert.Equal((ConnectorOutcomeKind.Sent, "activity-1"), (outcome.Kind, outcome.ActivityId));
        var request = Assert.Single(_h.Fake.ConnectorRequests);
        Assert.Equal(("POST", "/amer/v3/conversations/a%3A1personal/activities/1%3Areply%2Fto"), (request.Method, request.RawTarget));
        Assert.Equal((FakeRoute.ReplyToActivity, "1:reply/to"), (request.Route, request.ActivityId));
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.Equal("Saved", request.Json["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updating_puts_the_new_activity_in_place_of_the_old_one()
    {
        var card = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray() },
            }),
        };

        var outcome = await _h.Client.UpdateAsync(ConnectorHarness.TeamsServiceUrl, Conversation, "1712345678901", card);

        Assert.Equal((ConnectorOutcomeKind.Sent, "1712345678901"), (outcome.Kind, outcome.ActivityId));
        var request = Assert.Single(_h.Fake.ConnectorRequests);
        Assert.Equal(("PUT", $"/amer/v3/conversations/{EncodedConversation}/activities/1712345678901"), (request.Method, request.RawTarget));
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.True(JsonNode.DeepEquals(card, request.Json), request.Body);
    }

    [Fact]
    public async Task Deleting_sends_a_delete_without_a_body()
    {
        var outcome = await _h.Client.DeleteAsync(ConnectorHarness.TeamsServiceUrl, Conversation, "1712345678901");

        Assert.Equal((ConnectorOutcomeKind.Sent, "1712345678901"), (outcome.Kind, outcome.ActivityId));
        var request = Assert.Single(_h.Fake.ConnectorRequests);
        Assert.Equal(("DELETE", $"/amer/v3/conversations/{EncodedConversation}/activities/1712345678901"), (request.Method, request.RawTarget));
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task Creating_a_personal_conversation_posts_the_teams_shape_and_returns_the_new_id()
    {
        var outcome = await _h.Client.CreatePersonalConversationAsync(ConnectorHarness.TeamsServiceUrl, "tenant-42", "29:1aK9-user");

        Assert.Equal((ConnectorOutcomeKind.Sent, "a:conversation-1"), (outcome.Kind, outcome.ConversationId));
        var request = Assert.Single(_h.Fake.ConnectorRequests);
        Assert.Equal(("POST", "/amer/v3/conversations"), (request.Method, request.RawTarget));
        Assert.Equal("Bearer token-1", request.Authorization);
        var expected = JsonNode.Parse($$"""
            {
              "isGroup": false,
              "bot": { "id": "28:{{ConnectorHarness.AppId}}" },
              "members": [ { "id": "29:1aK9-user" } ],
              "tenantId": "tenant-42",
              "channelData": { "tenant": { "id": "tenant-42" } }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, request.Json), request.Body);
    }

    [Fact]
    public async Task The_token_comes_from_the_botframework_tenant_by_client_credentials()
    {
        await _h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message("hi"));

        var token = Assert.Single(_h.Fake.TokenRequests);
        Assert.Equal(("POST", "login.microsoftonline.com", "/botframework.com/oauth2/v2.0/token"), (token.Method, token.Host, token.RawTarget));
        Assert.Equal("botframework.com", token.Tenant);
        Assert.Null(token.Authorization);
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ConnectorHarness.AppId,
            ["client_secret"] = ConnectorHarness.Secret,
            ["scope"] = "https://api.botframework.com/.default",
        }, token.Form);
    }

    [Fact]
    public async Task A_single_tenant_bot_gets_its_token_from_its_own_tenant()
    {
        await using var h = await ConnectorHarness.StartAsync(teams: t => t.AppTenantId = "contoso-tenant-id");

        await h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message("hi"));

        Assert.Equal("/contoso-tenant-id/oauth2/v2.0/token", Assert.Single(h.Fake.TokenRequests).RawTarget);
    }

    [Fact]
    public async Task An_accepted_send_without_a_body_is_sent_without_an_activity_id()
    {
        _h.Fake.Enqueue(FakeReply.Status(202));

        var outcome = await _h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message("hi"));

        Assert.Equal((ConnectorOutcomeKind.Sent, null, 202), (outcome.Kind, outcome.ActivityId, outcome.StatusCode));
    }

    [Fact]
    public async Task A_malformed_answer_to_a_send_still_counts_as_sent_but_a_conversation_without_an_id_fails()
    {
        _h.Fake.Enqueue(FakeReply.Raw(200, "{\"id\": \"unterminated"), FakeReply.Raw(201, "<html>not json</html>"));

        var sent = await _h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message("hi"));
        var created = await _h.Client.CreatePersonalConversationAsync(ConnectorHarness.TeamsServiceUrl, "tenant-42", "29:user");

        Assert.Equal((ConnectorOutcomeKind.Sent, null), (sent.Kind, sent.ActivityId));
        Assert.Equal((ConnectorOutcomeKind.Failed, null, 1), (created.Kind, created.ConversationId, created.Attempts));
        Assert.Contains("without a conversation id", created.Reason);
        Assert.Equal(2, _h.Fake.ConnectorRequests.Count);
    }

    [Fact]
    public async Task The_correlation_id_of_the_answer_is_kept_in_the_outcome()
    {
        _h.Fake.Enqueue(FakeReply.Error(400, "BadArgument").WithHeader("X-Correlating-OperationId", "corr-7"));

        var outcome = await _h.Client.SendAsync(ConnectorHarness.TeamsServiceUrl, Conversation, Message("hi"));

        Assert.Equal(("corr-7", "BadArgument", 400), (outcome.CorrelationId, outcome.ErrorCode, outcome.StatusCode));
        Assert.Contains("corr-7", _h.Logs.AllText);
    }
}
