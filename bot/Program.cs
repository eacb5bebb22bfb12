using OkrBot.Bot.Api;
using OkrBot.Bot.Feishu;
using OkrBot.Bot.Hosting;
using OkrBot.Bot.Operations;
using OkrBot.Bot.Sheets;
using OkrBot.Bot.Teams;
using OkrBot.Core;
using OkrBot.Jobs.Delivery;
using OkrBot.Jobs.Hosting;
using OkrBot.Jobs.Rhythm;

// `import` and `export` (spreadsheets of OKRs) run on the bot's store and end; anything else starts the bot.
if (await SheetCommands.TryRunAsync(args) is { } exit) return exit;

var builder = WebApplication.CreateBuilder(CommandLine.Expand(args));

builder.Services.AddOkrCore(builder.Configuration);
builder.Services.AddStorePreparation();
builder.Services.AddTeamsChannel(builder.Configuration);
builder.Services.AddOkrDelivery(builder.Configuration);
builder.Services.AddFeishuChannel(builder.Configuration);
builder.Services.AddOkrRhythm(builder.Configuration);
builder.Services.AddOkrHealthChecks();
builder.Services.AddSafeErrors();
builder.Services.AddOperations();
builder.Services.AddOkrApi();

var app = builder.Build();

app.UseSafeErrors();
app.MapOkrHealthChecks();
app.MapHome();
app.MapTeamsMessages();
app.MapFeishuEvents();
app.MapOperations();
app.MapOkrApi();

app.Run();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
