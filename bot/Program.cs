using OkrBot.Bot.Hosting;
using OkrBot.Core;

var builder = WebApplication.CreateBuilder(CommandLine.Expand(args));

builder.Services.AddOkrCore(builder.Configuration);
builder.Services.AddStorePreparation();
builder.Services.AddOkrHealthChecks();

var app = builder.Build();

app.UseStatusCodePages();
app.MapOkrHealthChecks();
app.MapHome();

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
