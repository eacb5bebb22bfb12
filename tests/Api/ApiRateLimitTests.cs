using System.Diagnostics;
using System.Globalization;
using System.Net;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

/// <summary>
/// The limiter is ASP.NET Core's own, which keeps time with its own stopwatch (no TimeProvider), so this test runs on a
/// short real window instead of a fake clock.
/// </summary>
public sealed class ApiRateLimitTests() : StoreTests(DatabaseProvider.Postgres)
{
    private const int Limit = 3;

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_is_let_in_again_after_it_while_other_keys_are_not_held_up()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store, b =>
        {
            b.UseSetting("Api:RateLimit:PermitLimit", Limit.ToString(CultureInfo.InvariantCulture));
            b.UseSetting("Api:RateLimit:Window", "00:00:02");
        });
        // Making a key uses it once (ApiBot.KeyAsync): each key starts its window with one request spent.
        var busy = await bot.KeyAsync(world.Org.Tenant.Id, "read", "Dashboard");
        var other = await bot.KeyAsync(world.Org.Tenant.Id, "read", "Another dashboard");

        var before = await bot.SnapshotAsync();
        // However the window boundaries fall, a key gets at most 2 x Limit requests through in two windows.
        ApiAnswer? refused = null;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 4 * Limit && refused is null; i++)
        {
            var answer = await bot.GetAsync("/api/v1/cycles", busy);
            if (answer.Status == HttpStatusCode.TooManyRequests) refused = answer;
            else Assert.Equal(HttpStatusCode.OK, answer.Status);
        }
        Assert.True(refused is not null, $"no 429 after {4 * Limit} requests in {stopwatch.Elapsed}");
        var otherKey = await bot.GetAsync("/api/v1/cycles", other);

        Assert.Equal("application/problem+json", refused!.ContentType);
        Assert.Equal(429, (int)refused.Json!["status"]!);
        var retryAfter = int.Parse(refused.Header("Retry-After")!, CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 2);
        Assert.Equal(HttpStatusCode.OK, otherKey.Status);
        Assert.Equal(before, await bot.SnapshotAsync());

        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(300));
        Assert.Equal(HttpStatusCode.OK, (await bot.GetAsync("/api/v1/cycles", busy)).Status);
    }
}
