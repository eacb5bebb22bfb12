using System.Net;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Teams.Bot;

/// <summary>
/// POST /api/messages with an app id configured: valid tokens from a local issuer are accepted and the activity processed.
/// Every way a request can be wrong (tokens, bodies, sizes, service URLs) is a row of the hostile input catalogue
/// (tests/Hostile, docs/reliability.md); a store that is away is in tests/Faults.
/// </summary>
public sealed class MessagesEndpointTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task A_valid_bot_framework_token_is_accepted_and_the_activity_processed()
    {
        await using var bot = await TeamsBot.StartAsync(Store, withAppId: true);

        var response = await bot.PostAsync(bot.Message("help"), bot.Issuer!.BotFrameworkToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await PeopleAsync());
        var reply = Assert.Single(bot.Connector.ConnectorRequests, r => r.Route == Connector.FakeRoute.SendToConversation);
        Assert.StartsWith("Bearer ", reply.Authorization);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("2.0")]
    public async Task A_valid_entra_token_is_accepted(string version)
    {
        await using var bot = await TeamsBot.StartAsync(Store, withAppId: true);

        var response = await bot.PostAsync(bot.Message("help"), bot.Issuer!.EntraToken(version));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<int> PeopleAsync()
    {
        await using var db = Store.Database.Open();
        return await db.People.CountAsync();
    }
}
