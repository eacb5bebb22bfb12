using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Tests.Support;
using Xunit.Abstractions;

namespace OkrBot.Tests.Teams.Bot;

public sealed class TmpCompileProbe(ITestOutputHelper output) : StoreTests(Core.Persistence.DatabaseProvider.Postgres), IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly List<string> _events = [];
    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }
    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value) { if (value.Name == "Microsoft.EntityFrameworkCore") value.Subscribe(this); }
    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key.Contains("QueryCompilationStarting") || value.Key.Contains("QueryExecutionPlanned"))
            lock (_events) _events.Add(value.Key + " " + value.Value);
    }

    [Fact]
    public async Task Probe()
    {
        using var sub = DiagnosticListener.AllListeners.Subscribe(this);
        await using var bot = await TeamsBot.StartAsync(Store);
        await bot.Factory.Services.GetRequiredService<DemoOrganisation>().SeedAsync();
        await bot.PostAsync(bot.Message("check in"));
        var card = Assert.Single(bot.SentCards()).Card;
        for (var i = 0; i < 4; i++)
        {
            var submit = TeamsConversationTests.SubmitData(card, _ => (2 + i).ToString());
            submit[CardVerbs.VerbKey] = CardVerbs.CheckInSubmit;
            lock (_events) _events.Clear();
            await bot.PostAsync(bot.Submit(submit, "activity-1"));
            lock (_events) { output.WriteLine($"--- submit {i}: {_events.Count}"); foreach (var e in _events) output.WriteLine(e.Length > 600 ? e[..600] : e); }
        }
    }
}
