using Microsoft.Extensions.Hosting;
using OkrBot.Core;
using OkrBot.Jobs.Channels.Feishu;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Delivery;
using OkrBot.Jobs.Hosting;
using OkrBot.Jobs.Rhythm;

// A worker node: the rhythm planner and the delivery dispatcher without the bot, and with no HTTP endpoint
// (docs/decisions/0011-worker-node.md). Same settings as the bot: Storage, Teams, Feishu, Delivery, Rhythm.
try
{
    var builder = Host.CreateApplicationBuilder(CommandLine.Expand(args));

    builder.Services.AddWorkerNode(builder.Configuration);
    builder.Services.AddOkrCore(builder.Configuration);
    builder.Services.AddStorePreparation();
    builder.Services.AddTeamsConnector(builder.Configuration);
    builder.Services.AddOkrDelivery(builder.Configuration);
    builder.Services.AddFeishuConnector(builder.Configuration);
    builder.Services.AddOkrRhythm(builder.Configuration);

    using var host = builder.Build().CheckSettings();
    await host.RunAsync();
    return 0;
}
catch (Exception e) when (ConfigurationErrors.Explain(e) is { } problem)
{
    await Console.Error.WriteLineAsync($"OkrBot worker node: {problem}");
    return ConfigurationErrors.ExitCode;
}
