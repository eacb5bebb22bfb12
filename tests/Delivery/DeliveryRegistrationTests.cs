using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OkrBot.Core;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Jobs.Channels.Teams;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Delivery;

/// <summary>AddOkrDelivery as a host uses it: configuration bound and checked, and the background loop sending for real.</summary>
public sealed class DeliveryRegistrationOnSqlite() : StoreTests(DatabaseProvider.Sqlite)
{
    private ServiceProvider Build(FakeConnector? fake, Dictionary<string, string?>? settings = null, IDeliveryContent? content = null,
        CapturedLogs? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = Store.Options.ConnectionString,
            ["Teams:AppId"] = ConnectorHarness.AppId,
            ["Teams:AppSecret"] = ConnectorHarness.Secret,
            ["Delivery:Dispatcher:PollInterval"] = "00:00:00.100",
        }.Concat(settings ?? []).ToDictionary()).Build();
        var services = new ServiceCollection().AddLogging(b => { if (logs is not null) b.AddProvider(logs); });
        if (fake is not null) services.AddKeyedSingleton(TeamsConnectorServiceCollectionExtensions.HttpClientKey, fake.CreateHttpClient());
        services.AddOkrCore(configuration);
        if (content is not null) services.AddSingleton(content);
        services.AddOkrDelivery(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task The_background_loop_sends_due_deliveries_and_leaves_retrying_to_the_queue()
    {
        await using var fake = await FakeConnector.StartAsync();
        var w = await DeliveryWorld.CreateAsync(Store);
        var people = await w.PeopleAsync(4);
        await using var services = Build(fake, content: new NoticeContent());
        var queue = services.GetRequiredService<DeliveryQueue>();
        fake.Enqueue(FakeReply.Error(503, "ServiceUnavailable"));
        await queue.EnqueueManyAsync([.. people.Select(p => DeliveryWorld.Prompt(p))]);

        var worker = Assert.Single(services.GetServices<IHostedService>());
        await worker.StartAsync(CancellationToken.None);
        await WaitUntilAsync(async () => (await queue.CountsAsync(w.Tenant.Id)).InState(DeliveryState.Sent) == 3);
        await worker.StopAsync(CancellationToken.None);

        var counts = await queue.CountsAsync(w.Tenant.Id);
        Assert.Equal((3, 1), (counts.InState(DeliveryState.Sent), counts.InState(DeliveryState.Pending)));
        // One try per call: the 503 went back to the queue (with a backoff) instead of being retried inside the client.
        Assert.Equal(4, fake.ConnectorRequests.Count(r => r.Route == FakeRoute.SendToConversation));
        Assert.IsType<TeamsChannelSender>(Assert.Single(services.GetServices<IChannelSender>()));
    }

    [Fact]
    public async Task The_registration_brings_the_okr_content_so_the_loop_starts()
    {
        var logs = new CapturedLogs();
        await using var services = Build(null, logs: logs);

        Assert.IsType<OkrDeliveryContent>(services.GetRequiredService<IDeliveryContent>());
        var worker = Assert.Single(services.GetServices<IHostedService>());
        await worker.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Task.FromResult(logs.Entries.Any(e => e.Message.Contains("dispatcher", StringComparison.Ordinal) && e.Message.Contains("started", StringComparison.Ordinal))));
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Settings_are_bound_over_the_defaults_and_the_loop_can_be_switched_off()
    {
        using var services = Build(null, new()
        {
            ["Delivery:Limits:Teams:RefillPerSecond"] = "30",
            ["Delivery:MaxAttempts"] = "5",
            ["Delivery:Dispatcher:Enabled"] = "false",
            ["Delivery:Dispatcher:NodeId"] = "worker-1",
        }, new NoticeContent());

        var options = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        Assert.Equal((30.0, 1, 5), (options.Limits.Teams.RefillPerSecond, options.Limits.Teams.Capacity, options.MaxAttempts));
        Assert.Equal(1000.0 / 60 * RateLimits.PublishedLimitShare, options.Limits.Feishu.RefillPerSecond, 6);
        Assert.Empty(services.GetServices<IHostedService>());
        Assert.Equal("worker-1", services.GetRequiredService<DeliveryDispatcher>().NodeId);
    }

    [Theory]
    [InlineData("Delivery:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Delivery:Limits:Teams:RefillPerSecond", "0", "RefillPerSecond")]
    [InlineData("Delivery:Dispatcher:Lease", "00:00:01", "Lease")]
    [InlineData("Delivery:Dispatcher:BatchSize", "0", "BatchSize")]
    [InlineData("Delivery:Dispatcher:MaxBatchSize", "0", "MaxBatchSize")]
    [InlineData("Delivery:Dispatcher:BatchWindow", "-00:00:01", "BatchWindow")]
    public void A_bad_setting_is_refused_at_start_up(string key, string value, string named)
    {
        using var services = Build(null, new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
            _ = services.GetRequiredService<IOptions<DispatcherOptions>>().Value;
        });
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData(48.0, 25, 25)] // Teams' limit: the batch size as set
    [InlineData(1000.0 / 60 * 0.96, 25, 25)] // Feishu's
    [InlineData(48.0, 60, 60)]
    [InlineData(1000.0, 25, 200)] // a bucket allowed 1,000/s claims 200 ms worth
    [InlineData(100_000.0, 25, 500)] // an unlimited one: at most MaxBatchSize
    public void A_bucket_claims_its_batch_size_or_what_its_rate_sends_in_the_batch_window_up_to_the_most(double rate, int batchSize, int claimed)
    {
        var options = new DispatcherOptions { BatchSize = batchSize };

        Assert.Equal(claimed, options.BatchSizeFor(DeliveryRateLimiter.IntervalOf(new RateLimitOptions { RefillPerSecond = rate })));
    }

    [Fact]
    public void A_node_without_a_configured_id_gets_one_of_its_own()
    {
        var a = new DispatcherOptions().ResolveNodeId();
        var b = new DispatcherOptions().ResolveNodeId();

        Assert.NotEqual(a, b);
        Assert.StartsWith(Environment.MachineName[..Math.Min(64, Environment.MachineName.Length)] + "/" + Environment.ProcessId + "/", a);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("The condition never held.");
            await Task.Delay(20);
        }
    }
}
