using System.Text.Json;
using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Feishu;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>What goes over the wire, as Feishu documents it: the path and query, the bearer token, and the body with the card as a string.</summary>
public sealed class FeishuApiRequestTests : IAsyncLifetime
{
    private FeishuHarness _h = null!;

    public async Task InitializeAsync() => _h = await FeishuHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Sending_posts_the_card_as_a_string_to_the_open_id_with_the_uuid()
    {
        var card = FeishuHarness.Card("Weekly check-in: how are your key results doing?");
        var uuid = Guid.NewGuid().ToString("D");

        var outcome = await _h.Client.SendCardAsync(FeishuHarness.OpenId, card.ToJsonString(), uuid);

        Assert.Equal((FeishuOutcomeKind.Sent, "om_message-1", FakeFeishuApi.ChatOf(FeishuHarness.OpenId), 1),
            (outcome.Kind, outcome.MessageId, outcome.ChatId, outcome.Attempts));
        var request = Assert.Single(_h.Fake.Sends);
        Assert.Equal(("POST", "/open-apis/im/v1/messages?receive_id_type=open_id"), (request.Method, request.RawTarget));
        Assert.Equal("Bearer t-token-1", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var body = request.Json;
        Assert.Equal(["receive_id", "msg_type", "content", "uuid"], body.Select(p => p.Key));
        Assert.Equal((FeishuHarness.OpenId, "interactive", uuid),
            (body["receive_id"]!.GetValue<string>(), body["msg_type"]!.GetValue<string>(), body["uuid"]!.GetValue<string>()));
        Assert.Equal(JsonValueKind.String, body["content"]!.GetValueKind());
        Assert.True(JsonNode.DeepEquals(card, JsonNode.Parse(body["content"]!.GetValue<string>())), request.Body);
    }

    [Fact]
    public async Task A_delivery_id_is_a_uuid_Feishu_accepts_and_a_longer_one_is_refused_before_any_request()
    {
        Assert.True(Guid.NewGuid().ToString("D").Length <= FeishuApiClient.MaxUuidLength);

        await Assert.ThrowsAsync<ArgumentException>(() => _h.SendAsync(new string('u', 51)));

        Assert.Empty(_h.Fake.Requests);
    }

    [Fact]
    public async Task Updating_patches_the_message_with_only_the_card_as_a_string()
    {
        var card = FeishuHarness.Card("Checked in for the week of 16 November");

        var outcome = await _h.Client.UpdateCardAsync("om_dc13264520392913993dd051dba21dcf", card.ToJsonString());

        Assert.Equal((FeishuOutcomeKind.Sent, "om_dc13264520392913993dd051dba21dcf"), (outcome.Kind, outcome.MessageId));
        var request = Assert.Single(_h.Fake.MessageRequests);
        Assert.Equal((FeishuRoute.UpdateMessage, "PATCH", "/open-apis/im/v1/messages/om_dc13264520392913993dd051dba21dcf"),
            (request.Route, request.Method, request.RawTarget));
        Assert.Equal("Bearer t-token-1", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(["content"], request.Json.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(card, JsonNode.Parse(request.Json["content"]!.GetValue<string>())), request.Body);
    }

    [Fact]
    public async Task A_message_id_is_escaped_into_one_path_segment()
    {
        var outcome = await _h.UpdateAsync("om_a/b c?d");

        Assert.Equal(("/open-apis/im/v1/messages/om_a%2Fb%20c%3Fd", "om_a/b c?d"), (Assert.Single(_h.Fake.MessageRequests).RawTarget, outcome.MessageId));
    }

    [Fact]
    public async Task A_base_url_with_a_trailing_slash_reaches_the_same_paths()
    {
        await using var h = await FeishuHarness.StartAsync(options: o => o.ApiBaseUrl += "/");

        await h.SendAsync();

        Assert.Equal([FakeFeishuApi.TokenPath, "/open-apis/im/v1/messages?receive_id_type=open_id"], h.Fake.Requests.Select(r => r.RawTarget));
    }
}
