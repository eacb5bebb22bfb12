using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Integrations;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

public sealed class ApiAuthenticationTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Without_a_key_the_api_answers_401_with_a_bearer_challenge_and_a_problem_document()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var before = await bot.SnapshotAsync();

        var get = await bot.GetAsync("/api/v1/objectives", null);
        var post = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", null, new JsonObject { ["value"] = 50 });

        foreach (var answer in new[] { get, post })
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (answer.Status, answer.ContentType));
            Assert.Equal("Bearer realm=\"OkrBot API\"", answer.Header("WWW-Authenticate"));
            Assert.Equal(401, (int)answer.Json!["status"]!);
            Assert.Contains("Authorization: Bearer", (string)answer.Json["detail"]!);
        }
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_whether_malformed_mistyped_unknown_or_of_another_scheme()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var real = await bot.KeyAsync(world.Org.Tenant.Id);
        var before = await bot.SnapshotAsync();
        // One character changed: the checksum no longer fits. A fresh key of the right shape: nobody has it.
        var typo = real[..20] + (real[20] == 'a' ? 'b' : 'a') + real[21..];
        var (unknown, _) = ApiKeyFormat.Generate();
        // The right prefix with another secret (and a valid checksum): found by prefix, refused by the hash.
        var (other, _) = ApiKeyFormat.Generate();
        var samePrefixOtherSecret = Recheck(real[..ApiKeyFormat.PrefixLength] + other[ApiKeyFormat.PrefixLength..]);

        foreach (var (label, header) in new[]
                 {
                     ("garbage", "Bearer not-a-key"), ("typo", "Bearer " + typo), ("unknown", "Bearer " + unknown),
                     ("other secret", "Bearer " + samePrefixOtherSecret), ("basic scheme", "Basic " + real), ("bare key", real),
                 })
        {
            var answer = await bot.SendAsync(HttpMethod.Get, "/api/v1/objectives", null, headers: new() { ["Authorization"] = header });
            Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{label}: {answer.Status}");
            Assert.Equal("application/problem+json", answer.ContentType);
            Assert.Contains("error=\"invalid_token\"", answer.Header("WWW-Authenticate"));
            Assert.DoesNotContain("Win the enterprise market", answer.Text);
        }
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);
        var keyId = (string)(await bot.OpsAsync(HttpMethod.Get, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys")).Json!["apiKeys"]![0]!["id"]!;

        var revoke = await bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys/{keyId}");
        var before = await bot.SnapshotAsync();
        var get = await bot.GetAsync("/api/v1/cycles", key);
        var post = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["value"] = 50 });

        Assert.Equal((HttpStatusCode.OK, true), (revoke.Status, (bool)revoke.Json!["revoked"]!));
        foreach (var answer in new[] { get, post })
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "application/problem+json"), (answer.Status, answer.ContentType));
            Assert.Contains("revoked", answer.Header("WWW-Authenticate"));
            Assert.Contains("revoked", (string)answer.Json!["detail"]!);
        }
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_read_only_key_reads_but_every_write_is_forbidden_and_changes_nothing()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");
        var before = await bot.SnapshotAsync();

        var read = await bot.GetAsync($"/api/v1/key-results/{world.Deals.Id}", key);
        var post = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["value"] = 50 }, "retry-1");
        var put = await bot.PutAsync($"/api/v1/people/{world.Sam.Id}/manager", key, new JsonObject { ["managerId"] = world.Alex.Id });

        Assert.Equal(HttpStatusCode.OK, read.Status);
        foreach (var answer in new[] { post, put })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (answer.Status, answer.ContentType));
            Assert.Contains("write scope", (string)answer.Json!["detail"]!);
        }
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_keys_last_use_is_recorded_to_the_minute()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "read");
        var first = Store.Clock.GetUtcNow();

        Store.Clock.Advance(TimeSpan.FromSeconds(30));
        await bot.GetAsync("/api/v1/cycles", key);
        var within = await LastUsedAsync();
        Store.Clock.Advance(TimeSpan.FromSeconds(31));
        await bot.GetAsync("/api/v1/cycles", key);
        var after = await LastUsedAsync();
        var listed = await bot.OpsAsync(HttpMethod.Get, $"/ops/tenants/{world.Org.Tenant.Id}/api-keys");

        Assert.Equal(first, within);
        Assert.Equal(first.AddSeconds(61), after);
        Assert.Equal(after, DateTimeOffset.Parse((string)listed.Json!["apiKeys"]![0]!["lastUsedAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        async Task<DateTimeOffset?> LastUsedAsync()
        {
            await using var db = Store.Database.Open();
            return (await db.ApiKeys.SingleAsync()).LastUsedAt;
        }
    }

    [Fact]
    public async Task The_openapi_document_needs_no_key()
    {
        await using var bot = ApiBot.Start(Store);

        var answer = await bot.GetAsync("/api/v1/openapi.json", null);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("OkrBot API", (string)answer.Json!["info"]!["title"]!);
    }

    /// <summary>A key body with its checksum recomputed, as anyone who knows the (public) format can: only the stored hash stands in the way.</summary>
    private static string Recheck(string key)
    {
        var forged = ChecksumFor(key[..^ApiKeyFormat.ChecksumLength]);
        Assert.NotNull(ApiKeyFormat.PrefixOf(forged));
        return forged;
    }

    private static string ChecksumFor(string body)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(body));
        var n = (ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest);
        const string base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var chars = new char[ApiKeyFormat.ChecksumLength];
        for (var i = chars.Length - 1; i >= 0; i--) { chars[i] = base62[(int)(n % 62)]; n /= 62; }
        return body + new string(chars);
    }
}
