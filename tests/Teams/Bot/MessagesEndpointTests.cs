using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Auth;

namespace OkrBot.Tests.Teams.Bot;

/// <summary>
/// The gate of POST /api/messages with an app id configured: tokens from a local issuer, each way a token can be
/// wrong answered 401 with nothing processed; bodies that are not activities 400; oversized bodies 413.
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

    public static TheoryData<string> WrongTokens => ["wrong issuer", "wrong audience", "expired", "not yet valid", "bad signature",
        "alg none", "no endorsement for the channel", "serviceurl mismatch", "garbage"];

    [Theory]
    [MemberData(nameof(WrongTokens))]
    public async Task A_wrong_token_is_refused_with_401_and_nothing_is_processed(string wrong)
    {
        await using var bot = await TeamsBot.StartAsync(Store, withAppId: true);
        var issuer = bot.Issuer!;
        var claims = issuer.BotFrameworkClaims();
        var now = Store.Clock.GetUtcNow().ToUnixTimeSeconds();
        var token = wrong switch
        {
            "wrong issuer" => TestIssuer.Sign(issuer.BotFrameworkKey, With(claims, "iss", "https://evil.example.com")),
            "wrong audience" => TestIssuer.Sign(issuer.BotFrameworkKey, With(claims, "aud", "another-bot")),
            "expired" => TestIssuer.Sign(issuer.BotFrameworkKey, With(With(claims, "exp", now - 600), "nbf", now - 4000)),
            "not yet valid" => TestIssuer.Sign(issuer.BotFrameworkKey, With(claims, "nbf", now + 600)),
            "bad signature" => TestIssuer.Sign(issuer.CreateKey("msteams"), claims, kid: issuer.BotFrameworkKey.KeyId),
            "alg none" => TestIssuer.Unsigned(claims, issuer.BotFrameworkKey.KeyId),
            "no endorsement for the channel" => TestIssuer.Sign(issuer.PublishBotFrameworkKey("webchat"), claims),
            "serviceurl mismatch" => TestIssuer.Sign(issuer.BotFrameworkKey, With(claims, "serviceurl", "https://smba.trafficmanager.net/emea/")),
            _ => "not.a.token",
        };

        var response = await bot.PostAsync(bot.Message("help"), token);

        await AssertRefusedAsync(bot, response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused_when_an_app_id_is_configured()
    {
        await using var bot = await TeamsBot.StartAsync(Store, withAppId: true);

        var response = await bot.PostAsync(bot.Message("help"));

        await AssertRefusedAsync(bot, response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_for_one_service_url_cannot_point_the_bot_at_another()
    {
        await using var bot = await TeamsBot.StartAsync(Store, withAppId: true);
        var activity = bot.Message("help");
        activity["serviceUrl"] = "https://attacker.example.com/";

        var response = await bot.PostAsync(activity, bot.Issuer!.BotFrameworkToken());

        await AssertRefusedAsync(bot, response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"}")]
    [InlineData("{\"type\":42}")]
    public async Task A_body_that_is_not_an_activity_is_refused_with_400_and_a_reason(string body)
    {
        await using var bot = await TeamsBot.StartAsync(Store);

        var response = await bot.PostRawAsync(body);

        await AssertRefusedAsync(bot, response, HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        await using var bot = await TeamsBot.StartAsync(Store);
        var activity = bot.Message(new string('x', 300 * 1024));

        var response = await bot.PostAsync(activity);

        await AssertRefusedAsync(bot, response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_without_a_stack_trace()
    {
        await using var bot = await TeamsBot.StartAsync(Store);
        var body = "{\"type\":\"message\",\"value\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var response = await bot.PostRawAsync(body);

        await AssertRefusedAsync(bot, response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_activity_type_is_acknowledged_and_ignored()
    {
        await using var bot = await TeamsBot.StartAsync(Store);

        var response = await bot.PostAsync(bot.Activity("playground-message-help.json", a => a["type"] = "typing"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await PeopleAsync());
        Assert.Empty(bot.Connector.ConnectorRequests);
    }

    [Fact]
    public async Task When_the_store_is_down_a_request_gets_a_quick_503_without_a_stack_trace()
    {
        await using var bot = await TeamsBot.StartAsync(Store, configure: b =>
        {
            b.UseSetting("Storage:ConnectionString", "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2");
            b.UseSetting("Storage:MigrateOnStart", "false");
        });

        var response = await bot.PostAsync(bot.Message("help"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain("Npgsql", body);
    }

    private async Task AssertRefusedAsync(TeamsBot bot, HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", body);
        Assert.Equal(0, await PeopleAsync());
        Assert.Empty(bot.Connector.ConnectorRequests);
    }

    private async Task<int> PeopleAsync()
    {
        await using var db = Store.Database.Open();
        return await db.People.CountAsync();
    }

    private static Dictionary<string, object?> With(Dictionary<string, object?> claims, string name, object? value) =>
        new(claims) { [name] = value };
}
