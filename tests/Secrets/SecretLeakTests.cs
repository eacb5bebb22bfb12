using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OkrBot.Core.Messages;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Feishu.Api;
using OkrBot.Tests.Feishu.Inbound;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Auth;
using OkrBot.Tests.Teams.Bot;
using OkrBot.Tests.Teams.Connector;

namespace OkrBot.Tests.Secrets;

/// <summary>
/// A full run of the bot with every secret it has, logging everything at Trace: Teams in and out (a channel token in, the app
/// secret for the connector's token out, a proactive alert), Feishu in and out (Encrypt Key, Verification Token, App Secret,
/// tenant tokens), the operations endpoints' bearer token, API keys (made there, used on /api/v1, revoked), a store password,
/// and the requests that go wrong on the way (a forged token, a bad signature, a wrong Verification Token, a wrong operations
/// token, API keys cut short, mistyped, forged or revoked). No secret, nor its base64, nor any bearer token or API key (nor its
/// secret part), appears in any log line, EF Core's included, or in any answer but the one that makes a key.
/// </summary>
public sealed class SecretLeakTests() : StoreTests(DatabaseProvider.Postgres)
{
    /// <summary>This class's row of the faults table in docs/reliability.md.</summary>
    public static IReadOnlyList<string> Rows { get; } =
    [
        "| Secrets | a full run at Trace level, EF Core's logs included: Teams and Feishu in and out, a proactive alert, the operations endpoints, " +
        "API keys made there and used to read and write, forged and wrong credentials (API keys cut short, mistyped, forged with a recomputed checksum, revoked) | " +
        "no app secret, Encrypt Key, Verification Token, operations token, store password, app or tenant token, inbound bearer token, API key nor " +
        "the secret part of one, nor their base64, in any log line or answer (but the answer that makes a key, once, with no-store); no parameter value in EF's logs |",
    ];

    private const string FeishuAppSecret = "feishu-app-secret-5f2a9c";
    private const string OperationsToken = "ops-bearer-token-71c0e4";
    private const string StorePassword = "store-password-a93d1b";

    [Fact]
    public async Task No_secret_token_or_key_appears_in_the_logs_of_a_full_run_or_in_any_answer()
    {
        var logs = new CapturedLogs();
        await using var feishu = await FakeFeishuApi.StartAsync(Store.Clock);
        // PostgreSQL here trusts local connections, so the password is never asked for: it is only there to be leaked, or not.
        var withPassword = new NpgsqlConnectionStringBuilder(Store.Options.ConnectionString) { Password = StorePassword }.ToString();
        await using var bot = await TeamsBot.StartAsync(Store, withAppId: true, configure: b =>
        {
            b.UseSetting("Storage:ConnectionString", withPassword);
            b.UseSetting("Feishu:AppId", "cli_test");
            b.UseSetting("Feishu:AppSecret", FeishuAppSecret);
            b.UseSetting("Feishu:EncryptKey", FeishuBot.EncryptKey);
            b.UseSetting("Feishu:VerificationToken", FeishuBot.VerificationToken);
            b.UseSetting("Feishu:ApiBaseUrl", feishu.BaseUrl);
            b.UseSetting("Operations:Token", OperationsToken);
            b.UseSetting("Delivery:Dispatcher:PollInterval", "00:00:00.200");
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System.Net.Http" })
                b.UseSetting($"Logging:LogLevel:{category}", "Trace");
            b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new ShiftedClock(Store.Clock.GetUtcNow())));
        });
        var issuer = bot.Issuer!;
        var answers = new List<string>();
        var bearers = new List<string>();

        async Task<HttpResponseMessage> TeamsAsync(JsonObject activity, string token)
        {
            bearers.Add(token);
            var response = await bot.PostAsync(activity, token);
            answers.Add(await response.Content.ReadAsStringAsync());
            return response;
        }

        async Task<HttpResponseMessage> FeishuAsync(SealedCallback callback)
        {
            var response = await FeishuBot.PostAsync(bot.Http, callback);
            answers.Add(await response.Content.ReadAsStringAsync());
            return response;
        }

        // Teams in and out: a reply (the connector's token fetched with the app secret), a KR marked at risk from a card (an
        // alert to the manager, sent proactively by the dispatcher), a forged token, a token for another bot.
        await bot.Factory.Services.GetRequiredService<Core.Demo.DemoOrganisation>().SeedAsync();
        Assert.Equal(HttpStatusCode.OK, (await TeamsAsync(bot.Message("help"), issuer.BotFrameworkToken())).StatusCode);
        Guid kr;
        await using (var db = Store.Database.Open())
        {
            var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
            kr = (await db.KeyResults.FirstAsync(k => k.OwnerId == alex.Id)).Id;
        }
        Assert.Equal(HttpStatusCode.OK, (await TeamsAsync(bot.Invoke(CardVerbs.KrAtRiskSubmit, new JsonObject
        {
            [CardVerbs.KeyResultKey] = kr.ToString(), [CardVerbs.ReasonInput] = "Vendor slipped", [CardVerbs.RiskStatusInput] = "AtRisk",
        }), issuer.EntraToken())).StatusCode);
        await bot.Connector.WaitForRequestAsync(r => r.Route == FakeRoute.SendToConversation && r.Body.Contains("Vendor slipped"), TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await TeamsAsync(bot.Message("help"), TestIssuer.Sign(issuer.CreateKey("msteams"), issuer.BotFrameworkClaims(), kid: issuer.BotFrameworkKey.KeyId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TeamsAsync(bot.Message("help"), issuer.BotFrameworkToken(appId: "another-bot"))).StatusCode);

        // Feishu in and out: a message answered through the API (a tenant token fetched with the App Secret), a card action, and
        // callbacks with a bad signature and a wrong Verification Token.
        Assert.Equal(HttpStatusCode.OK, (await FeishuAsync(await FeishuBot.SealAsync(Store.Clock, FeishuBot.Message("help")))).StatusCode);
        await Poll.UntilAsync(() => feishu.Sends.Count == 1, "the Feishu answer", deadline: TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await FeishuAsync(await FeishuBot.SealAsync(Store.Clock,
            FeishuBot.CardAction(new JsonObject { [CardVerbs.VerbKey] = CardVerbs.MyOkrs }, null, "om_1")))).StatusCode);
        var sealedCallback = await FeishuBot.SealAsync(Store.Clock, FeishuBot.Message("help"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await FeishuAsync(sealedCallback with { Signature = new string('0', 64) })).StatusCode);
        var wrongToken = FeishuBot.Message("help");
        wrongToken["header"]!["token"] = FeishuBot.VerificationToken + "-guess";
        Assert.Equal(HttpStatusCode.Unauthorized, (await FeishuAsync(await FeishuBot.SealAsync(Store.Clock, wrongToken))).StatusCode);

        // The operations endpoint, with the wrong token and the right one.
        foreach (var (token, status) in new[] { ("wrong-" + OperationsToken, HttpStatusCode.Unauthorized), (OperationsToken, HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/deliveries") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
            using var response = await bot.Http.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        // API keys: made through the operations endpoints (with the wrong token first), used to read and to write, refused with
        // the read scope, and then presented wrong in every way: cut short, mistyped, forged with a recomputed checksum, revoked.
        var presentedKeys = new List<string>();
        async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> ApiAsync(HttpMethod method, string path, string? bearer, JsonNode? body = null,
            bool holdsTheKey = false)
        {
            using var request = new HttpRequestMessage(method, path);
            if (bearer is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            var response = await bot.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            // A new key's answer is the one place the key is shown (once, by design): every other answer is searched.
            if (!holdsTheKey) answers.Add(text);
            return (response.StatusCode, text, response);
        }

        Guid tenantId, publicKr;
        decimal publicValue;
        await using (var db = Store.Database.Open())
        {
            var alex = await db.People.SingleAsync(p => p.ExternalId == "user-id-0");
            tenantId = alex.TenantId;
            var target = await db.KeyResults.Where(k => k.TenantId == tenantId && k.Kind == Core.Model.KeyResultKind.Metric
                    && k.Objective!.Visibility == Core.Model.Visibility.Public && k.Objective.State == Core.Model.ObjectiveState.Published)
                .OrderBy(k => k.Id).FirstAsync();
            (publicKr, publicValue) = (target.Id, target.CurrentValue + 1);
        }
        var keysPath = $"/ops/tenants/{tenantId}/api-keys";
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(HttpMethod.Post, keysPath, "wrong-" + OperationsToken, new JsonObject { ["name"] = "CRM", ["scope"] = "write" })).Status);
        var made = new List<(string Key, string Id)>();
        foreach (var scope in new[] { "write", "read" })
        {
            var created = await ApiAsync(HttpMethod.Post, keysPath, OperationsToken, new JsonObject { ["name"] = $"Secrets {scope}", ["scope"] = scope }, holdsTheKey: true);
            Assert.Equal(HttpStatusCode.Created, created.Status);
            Assert.Equal("no-store", created.Response.Headers.CacheControl?.ToString());
            var answer = JsonNode.Parse(created.Body)!;
            made.Add(((string)answer["key"]!, (string)answer["apiKey"]!["id"]!));
        }
        var (writeKey, writeKeyId) = made[0];
        var readKey = made[1].Key;
        const string NoteMarker = "note-never-in-the-logs-4e1b";
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(HttpMethod.Get, "/api/v1/objectives", writeKey)).Status);
        Assert.Equal(HttpStatusCode.Created, (await ApiAsync(HttpMethod.Post, $"/api/v1/key-results/{publicKr}/values", writeKey,
            new JsonObject { ["value"] = publicValue, ["note"] = NoteMarker })).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(HttpMethod.Get, $"/api/v1/key-results/{publicKr}", readKey)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiAsync(HttpMethod.Post, $"/api/v1/key-results/{publicKr}/values", readKey, new JsonObject { ["value"] = 1 })).Status);
        var (other, _) = Core.Integrations.ApiKeyFormat.Generate();
        var wrongKeys = new[]
        {
            writeKey[..40], // cut short
            writeKey[..30] + (writeKey[30] == 'a' ? 'b' : 'a') + writeKey[31..], // mistyped: the checksum no longer fits
            Forge(writeKey[..Core.Integrations.ApiKeyFormat.PrefixLength] + other[Core.Integrations.ApiKeyFormat.PrefixLength..^Core.Integrations.ApiKeyFormat.ChecksumLength]),
            writeKey + writeKey, // pasted twice
        };
        foreach (var wrong in wrongKeys)
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(HttpMethod.Get, "/api/v1/objectives", wrong)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(HttpMethod.Get, keysPath, OperationsToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiAsync(HttpMethod.Delete, $"{keysPath}/{writeKeyId}", OperationsToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(HttpMethod.Post, $"/api/v1/key-results/{publicKr}/values", writeKey, new JsonObject { ["value"] = 1 })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiAsync(HttpMethod.Get, keysPath, readKey)).Status); // a key is not the operations token
        presentedKeys.AddRange([writeKey, readKey, .. wrongKeys]);

        // EF Core logs through the host's logging (OkrDatabase is given the host's ILoggerFactory), so its output is searched too,
        // and it never holds parameter values (sensitive data logging is off): the posted note, written as a parameter, is not there.
        var efLines = logs.Entries.Where(e => e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.Contains(efLines, e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.Contains("INSERT INTO \"KeyResultValuePosts\"", StringComparison.Ordinal));
        Assert.DoesNotContain(efLines, e => e.Message.Contains(NoteMarker, StringComparison.Ordinal) || e.Message.Contains("SensitiveDataLoggingEnabled", StringComparison.Ordinal));

        // Everything secret that passed through the bot in this run, as it is and as base64.
        // The fake connector hands out token-1, token-2, ... in order.
        var appTokens = Enumerable.Range(1, bot.Connector.TokenRequests.Count(r => r.AnsweredStatus == 200)).Select(n => $"token-{n}").ToList();
        var tenantTokens = feishu.TokenRequests.Select(r => JsonNode.Parse(r.AnsweredBody!)?["tenant_access_token"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.NotEmpty(appTokens);
        Assert.NotEmpty(tenantTokens);
        Assert.Contains(TeamsBot.AppSecret, Uri.UnescapeDataString(bot.Connector.TokenRequests[0].Body)); // it was used, so it could have leaked
        string[] secrets =
        [
            TeamsBot.AppSecret, FeishuAppSecret, FeishuBot.EncryptKey, FeishuBot.VerificationToken, OperationsToken, StorePassword,
            .. appTokens.Select(t => "Bearer " + t), .. tenantTokens, .. bearers, .. bearers.Select(b => b.Split('.')[^1]),
            // Every API key presented, and the part after its public prefix (the secret and the checksum): answers and logs
            // may name a key by its prefix (docs/decisions/0013), never by more.
            .. presentedKeys, .. presentedKeys.Where(k => k.Length > Core.Integrations.ApiKeyFormat.PrefixLength + 1)
                .Select(k => k[(Core.Integrations.ApiKeyFormat.PrefixLength + 1)..]),
        ];
        var forms = secrets.SelectMany(s => new[] { s, Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) }).Where(s => s.Length >= 8).Distinct().ToList();

        var logged = logs.AllText;
        Assert.True(logs.Entries.Count > 100 && logs.Entries.Any(e => e.Level == LogLevel.Trace), $"a Trace-level run logs a lot; this one logged {logs.Entries.Count} entries: " + string.Join(", ", logs.Entries.GroupBy(e => (e.Level, e.Category)).Select(g => $"{g.Key.Level} {g.Key.Category} {g.Count()}")));
        foreach (var form in forms)
        {
            Assert.False(logged.Contains(form, StringComparison.Ordinal), $"the logs hold a secret ({Hint(form)}): {LineWith(logs, form)}");
            Assert.DoesNotContain(answers, a => a.Contains(form, StringComparison.Ordinal));
        }
    }

    /// <summary>A key body with its checksum computed, as anyone who knows the (public) format can.</summary>
    private static string Forge(string body)
    {
        var n = (ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(body)));
        const string base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var checksum = new char[Core.Integrations.ApiKeyFormat.ChecksumLength];
        for (var i = checksum.Length - 1; i >= 0; i--)
        {
            checksum[i] = base62[(int)(n % 62)];
            n /= 62;
        }
        var forged = body + new string(checksum);
        Assert.NotNull(Core.Integrations.ApiKeyFormat.PrefixOf(forged));
        return forged;
    }

    private static string Hint(string secret) => secret.Length <= 12 ? secret : secret[..6] + "…";

    private static string LineWith(CapturedLogs logs, string form) =>
        logs.Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}").FirstOrDefault(l => l.Contains(form, StringComparison.Ordinal)) ?? "(in a structured value)";
}
