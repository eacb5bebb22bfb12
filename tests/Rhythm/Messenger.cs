using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Tests.Delivery;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Rhythm;

/// <summary>A fake messenger of one channel (a Bot Connector for Teams, the open API for Feishu) and that channel's real sender, recorded.</summary>
public sealed class Messenger : IAsyncDisposable
{
    private readonly IAsyncDisposable _fake;
    private readonly HttpClient _http;

    private Messenger(IAsyncDisposable fake, HttpClient http, RecordingChannel sender) => (_fake, _http, Sender) = (fake, http, sender);

    public RecordingChannel Sender { get; }

    /// <summary>New messages and card updates the fake messenger received, as it saw them.</summary>
    public (int Sent, int Updated) Received => _fake switch
    {
        FakeFeishuApi feishu => (feishu.Requests.Count(r => r.Route == FeishuRoute.SendMessage), feishu.Requests.Count(r => r.Route == FeishuRoute.UpdateMessage)),
        FakeConnector teams => (teams.ConnectorRequests.Count(r => r.Route == FakeRoute.SendToConversation),
            teams.ConnectorRequests.Count(r => r.Route == FakeRoute.UpdateActivity)),
        _ => (0, 0),
    };

    public static async Task<Messenger> StartAsync(Channel channel, DeliveryWorld w, TimeProvider clock)
    {
        if (channel == Channel.Feishu)
        {
            var fake = await FakeFeishuApi.StartAsync(clock);
            var http = FakeFeishuApi.CreateHttpClient();
            var options = Microsoft.Extensions.Options.Options.Create(new FeishuOptions
            {
                AppId = FeishuHarness.AppId, AppSecret = FeishuHarness.Secret, ApiBaseUrl = fake.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(10),
            });
            var api = new FeishuApiClient(http, new FeishuTokenProvider(http, options, clock, NullLogger<FeishuTokenProvider>.Instance), options,
                NullLogger<FeishuApiClient>.Instance);
            var sender = new FeishuChannelSender(api, new ConversationService(w.Store.Database, clock), NullLogger<FeishuChannelSender>.Instance);
            return new Messenger(fake, http, new RecordingChannel(sender, clock));
        }

        var connector = await FakeConnector.StartAsync();
        var client = connector.CreateHttpClient();
        return new Messenger(connector, client, new RecordingChannel(w.TeamsSender(connector, client), clock));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }
}
