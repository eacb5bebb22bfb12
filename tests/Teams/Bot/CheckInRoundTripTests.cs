using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;
using Xunit.Abstractions;

namespace OkrBot.Tests.Teams.Bot;

/// <summary>
/// What a check-in submit costs the database, through the real endpoint: the Monday-morning path (bench/inbound.sh) stays a
/// fixed handful of round trips, whatever the number of KRs. Before this was pinned it took 41 for three KRs, a query per
/// level of the owner's manager chain per KR among them.
/// </summary>
public sealed class CheckInRoundTripTests(ITestOutputHelper output) : StoreTests(DatabaseProvider.Postgres)
{
    /// <summary>
    /// Who is talking (tenant, person and their stored conversation, unchanged), the author with their organisation, the KRs
    /// with objectives and cycles, this week's check-ins, the save, and the week's prompt cards to close.
    /// </summary>
    private const int RoundTrips = 6;

    private readonly SqlCapture _sql = new() { KeepCommands = true };

    [Fact]
    public async Task A_check_in_of_three_key_results_takes_a_fixed_handful_of_round_trips_first_time_and_amended()
    {
        await using var bot = await StartAsync();
        var card = await CheckInCardAsync(bot);

        var first = await SubmitAsync(bot, card, "2");
        var amended = await SubmitAsync(bot, card, "3");

        Assert.Equal(3, CardVerbs.ParseKeyResultIds(SubmitFor(card, "2")[CardVerbs.KeyResultsKey]!.ToString()).Count);
        Assert.True(first <= RoundTrips, $"first check-in: {first} round trips, at most {RoundTrips} expected");
        Assert.True(amended <= RoundTrips, $"amended check-in: {amended} round trips, at most {RoundTrips} expected");
    }

    [Fact]
    public async Task One_key_result_costs_the_same_round_trips_as_three()
    {
        await using var bot = await StartAsync();
        var card = await CheckInCardAsync(bot);
        var all = SubmitFor(card, "2");
        var one = SubmitFor(card, "2");
        var ids = CardVerbs.ParseKeyResultIds(all[CardVerbs.KeyResultsKey]!.ToString());
        one[CardVerbs.KeyResultsKey] = ids[0].ToString();

        var forOne = await PostAsync(bot, one);
        var forThree = await PostAsync(bot, all);

        Assert.Equal(forOne, forThree);
    }

    private async Task<TeamsBot> StartAsync()
    {
        var bot = await TeamsBot.StartAsync(Store, configure: b => b.ConfigureServices(services =>
            services.AddSingleton(new OkrDatabase(Store.Options, Store.Clock, [_sql]))));
        await bot.Factory.Services.GetRequiredService<DemoOrganisation>().SeedAsync();
        return bot;
    }

    private static async Task<JsonObject> CheckInCardAsync(TeamsBot bot)
    {
        await bot.PostAsync(bot.Message("check in"));
        var card = Assert.Single(bot.SentCards()).Card;
        // The demo's newcomer is completed (their Entra id) on the message after the first: not the path measured.
        await bot.PostAsync(bot.Message("help"));
        return card;
    }

    private static JsonObject SubmitFor(JsonObject card, string value)
    {
        var submit = TeamsConversationTests.SubmitData(card, _ => value);
        submit[CardVerbs.VerbKey] = CardVerbs.CheckInSubmit;
        return submit;
    }

    private Task<int> SubmitAsync(TeamsBot bot, JsonObject card, string value) => PostAsync(bot, SubmitFor(card, value));

    /// <summary>Sends an Action.Submit check-in as Teams does and counts the SQL commands it took.</summary>
    private async Task<int> PostAsync(TeamsBot bot, JsonObject submit)
    {
        _sql.Clear();
        var response = await bot.PostAsync(bot.Submit(submit, "activity-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("activity-1", bot.SentCards()[^1].Request.ActivityId);
        Assert.Contains(Core.Messages.Texts.BotText.For("en-US").CheckInDoneTitle, bot.SentCards()[^1].Card.ToJsonString());
        foreach (var command in _sql.Commands) output.WriteLine(command.Sql.ReplaceLineEndings(" "));
        return _sql.Count;
    }
}
