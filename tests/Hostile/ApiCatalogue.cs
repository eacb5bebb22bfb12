using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Hostile;

/// <summary>
/// The hostile input catalogue, the HTTP API (<c>/api/v1</c>, docs/decisions/0013): injection-shaped strings in query filters,
/// path ids, JSON fields and headers; fields, parameters and URLs far too long; bodies of the wrong content type, cut off, too
/// large, too deep, with keys twice, the wrong types or numbers JSON does not have; paging out of bounds; and keys that are
/// malformed, forged, revoked or of the wrong kind. Every refusal is a problem document that echoes no key; the store is
/// checksummed before and after, and only the rows that say so may change it (a value posted, its text kept as sent).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class ApiCatalogue(HostileWorld world)
{
    public const string Queries = "API: queries and paths";
    public const string Bodies = "API: bodies";
    public const string Keys = "API: keys";

    private const string NotAnId = "must be an id (a UUID).";
    private const string NotJson = "The body is not valid JSON";

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        // ---- Query filters and path ids --------------------------------------------------------------------------------
        Refused(Queries, "an SQL injection in a query filter (personId=' OR 1=1 --)", 400, "\"personId\" " + NotAnId,
            w => Get(w, "/api/v1/objectives?personId=" + Uri.EscapeDataString("' OR 1=1 --")), field: "personId"),
        Refused(Queries, "a DROP TABLE in a date filter (since=2026-11-16'; DROP TABLE \"CheckIns\"; --)", 400, "\"since\" must be a date",
            w => Get(w, "/api/v1/check-ins?since=" + Uri.EscapeDataString("2026-11-16'; DROP TABLE \"CheckIns\"; --")), field: "since"),
        Refused(Queries, "`<script>` in a query filter", 400, "\"since\" must be a date",
            w => Get(w, "/api/v1/check-ins?since=" + Uri.EscapeDataString("<script>alert(1)</script>")), field: "since"),
        Refused(Queries, "a format string in a query filter (keyResultId=%s%n{0})", 400, "\"keyResultId\" " + NotAnId,
            w => Get(w, "/api/v1/check-ins?keyResultId=" + Uri.EscapeDataString("%s%n{0}")), field: "keyResultId"),
        Refused(Queries, "path traversal in a query filter (keyResultId=../../etc/passwd)", 400, "\"keyResultId\" " + NotAnId,
            w => Get(w, "/api/v1/check-ins?keyResultId=" + Uri.EscapeDataString("../../etc/passwd")), field: "keyResultId"),
        Refused(Queries, "a NUL (%00) at the end of a query filter", 400, "\"personId\" " + NotAnId,
            w => Get(w, $"/api/v1/objectives?personId={w.Dana.Id}%00"), field: "personId"),
        NoRoute("an SQL injection as a KR id in the path (key-results/' OR '1'='1)", w => Get(w, "/api/v1/key-results/" + Uri.EscapeDataString("' OR '1'='1"))),
        NoRoute("path traversal from the API to the operations endpoints (/api/v1/..%2F..%2Fops/tenants)",
            w => Get(w, "/api/v1/..%2F..%2Fops/tenants")),
        NoRoute("a URL of 10,000 characters", w => Get(w, "/api/v1/key-results/" + new string('x', 10_000))),
        Refused(Queries, "a query parameter of 5,000 characters", 400, "\"personId\" is too long.",
            w => Get(w, "/api/v1/objectives?personId=" + new string('a', 5_000)), field: "personId"),
        new(Queries, "an unknown query parameter whose name is 5,000 characters", 400, "problem naming the first 64 characters of it", w =>
            Get(w, "/api/v1/objectives?" + new string('q', 5_000) + "=1"))
        {
            Arrange = w => w.StampKeysAsync(),
            Check = (w, a) =>
            {
                Safe(w, a);
                a.AssertSays("Unknown query parameter");
                Assert.DoesNotContain(new string('q', 65), a.Body);
            },
        },
        Refused(Queries, "a page of 0 items (limit=0)", 400, "\"limit\" must be a whole number from 1 to 200.",
            w => Get(w, "/api/v1/objectives?limit=0"), field: "limit"),
        Refused(Queries, "a limit in exponent form (limit=1e2)", 400, "\"limit\" must be a whole number from 1 to 200.",
            w => Get(w, "/api/v1/check-ins?limit=1e2"), field: "limit"),
        Refused(Queries, "an offset past the largest int (offset=2147483648)", 400, "\"offset\" must be a whole number from 0 to 1000000.",
            w => Get(w, "/api/v1/people?offset=2147483648"), field: "offset"),
        Refused(Queries, "a limit given twice (limit=1&limit=200)", 400, "\"limit\" may be given once.",
            w => Get(w, "/api/v1/objectives?limit=1&limit=200"), field: "limit"),
        Refused(Queries, "a negative count of recent check-ins (recent=-1)", 400, "\"recent\" must be a whole number from 0 to 50.",
            w => Get(w, $"/api/v1/key-results/{w.Pipeline.Id}?recent=-1"), field: "recent"),
        Refused(Queries, "a KR id that exists nowhere", 404, "No such key result (it may have been deleted).",
            w => Get(w, $"/api/v1/key-results/{Guid.NewGuid()}")),
        Refused(Queries, "a draft objective's id", 404, "No such objective (it may have been deleted).",
            w => Get(w, $"/api/v1/objectives/{w.DanasDraft.Id}")),

        // ---- Bodies ------------------------------------------------------------------------------------------------------
        Unsupported("a text/plain body", "text/plain"),
        Unsupported("a form-urlencoded body (value=42)", "application/x-www-form-urlencoded", "value=42"),
        Unsupported("a multipart/form-data body", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\n42\r\n--xyz--\r\n"),
        Unsupported("a body without a Content-Type", null),
        Unsupported("JSON declared as latin1 (application/json; charset=latin1)", "application/json; charset=latin1"),
        Refused(Bodies, "a JSON body cut off mid-way", 400, NotJson, w => PostValue(w, "{\"value\":4"), field: "body"),
        Refused(Bodies, "an empty JSON body", 400, NotJson, w => PostValue(w, ""), field: "body"),
        Refused(Bodies, "JSON null", 400, "The body must be a JSON object.", w => PostValue(w, "null"), field: "body"),
        Refused(Bodies, "JSON nested 5,000 levels deep", 400, NotJson,
            w => PostValue(w, "{\"value\":1,\"note\":" + new string('[', 5_000) + new string(']', 5_000) + "}"), field: "body"),
        new(Bodies, "a body of 1 MB", 413, "problem: \"A request body may be at most 16384 bytes.\"",
            w => PostValue(w, "{\"value\":1,\"note\":\"" + new string('x', 1024 * 1024) + "\"}"))
        {
            Arrange = w => w.StampKeysAsync(),
            Check = (w, a) => { Safe(w, a); a.AssertSays("A request body may be at most 16384 bytes."); },
        },
        new(Bodies, "a body over the limit sent chunked, without a Content-Length", 413, "problem: \"A request body may be at most 16384 bytes.\"",
            w => PostValue(w, Chunked("{\"value\":1,\"note\":\"" + new string('x', 40_000) + "\"}")))
        {
            Arrange = w => w.StampKeysAsync(),
            Check = (w, a) => { Safe(w, a); a.AssertSays("A request body may be at most 16384 bytes."); },
        },
        Refused(Bodies, "a field twice ({\"value\":1,\"value\":900})", 400, "\"value\" appears more than once.",
            w => PostValue(w, "{\"value\":1,\"value\":900}"), field: "value"),
        Refused(Bodies, "a field twice in another case ({\"value\":1,\"Value\":900})", 400, "Unknown field \"Value\"",
            w => PostValue(w, "{\"value\":1,\"Value\":900}"), field: "Value"),
        Refused(Bodies, "a Mongo-style operator as a field ({\"$where\":\"this.value > 0\"})", 400, "Unknown field \"$where\"",
            w => PostValue(w, "{\"value\":1,\"$where\":\"this.value > 0\"}"), field: "$where"),
        Refused(Bodies, "a prototype-pollution field (`__proto__`)", 400, "Unknown field \"__proto__\"",
            w => PostValue(w, "{\"value\":1,\"__proto__\":{\"isAdmin\":true}}"), field: "__proto__"),
        Refused(Bodies, "a value that is a string (\"42\")", 400, "\"value\" must be a JSON number", w => PostValue(w, "{\"value\":\"42\"}"), field: "value"),
        Refused(Bodies, "a value that is an object", 400, "\"value\" must be a JSON number", w => PostValue(w, "{\"value\":{\"$gt\":0}}"), field: "value"),
        Refused(Bodies, "a note that is an array", 400, "\"note\" must be a string.", w => PostValue(w, "{\"value\":1,\"note\":[\"a\"]}"), field: "note"),
        Refused(Bodies, "NaN", 400, NotJson, w => PostValue(w, "{\"value\":NaN}"), field: "body"),
        Refused(Bodies, "-Infinity", 400, NotJson, w => PostValue(w, "{\"value\":-Infinity}"), field: "body"),
        Refused(Bodies, "1e400", 422, "\"value\" is out of range.", w => PostValue(w, "{\"value\":1e400}"), field: "value"),
        Refused(Bodies, "a number of 10,000 digits", 422, "\"value\" is out of range.", w => PostValue(w, "{\"value\":" + new string('9', 10_000) + "}"), field: "value"),
        Refused(Bodies, "a value beyond any measurement (1e13)", 422, "A value is at most 1,000,000,000,000 in size.",
            w => PostValue(w, "{\"value\":1e13}"), field: "value"),
        Refused(Bodies, "a negative percentage", 422, "its value must be between 0 and 100.",
            w => PostValue(w, "{\"value\":-0.01}", kr: w.DanasPercentage), field: "value"),
        Refused(Bodies, "a milestone half done (0.5)", 422, "its value is 1 (done) or 0 (not done).",
            w => PostValue(w, "{\"value\":0.5}", kr: w.DanasMilestone), field: "value"),
        Refused(Bodies, "a note of 2,001 characters", 422, "A note can be at most 2000 characters.",
            w => PostValue(w, "{\"value\":1,\"note\":\"" + new string('n', 2_001) + "\"}"), field: "note"),
        Refused(Bodies, "a source of 65 characters", 422, "A source is a name of at most 64 characters, on one line.",
            w => PostValue(w, "{\"value\":1,\"source\":\"" + new string('s', 65) + "\"}"), field: "source"),
        Refused(Bodies, "a source with a CRLF in it (log forging)", 422, "A source is a name of at most 64 characters, on one line.",
            w => PostValue(w, "{\"value\":1,\"source\":\"CRM\\r\\nINFO: API key okr_admin granted\"}"), field: "source"),
        Refused(Bodies, "bytes that are not UTF-8 in a note", 400, "\"note\" is not valid text",
            w => PostValue(w, new ByteArrayContent([.. "{\"value\":1,\"note\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]) { Headers = { ContentType = new("application/json") } }),
            field: "note"),
        Refused(Bodies, "a field name that is half of a UTF-16 surrogate pair", 400, "A field name is not valid text",
            w => PostValue(w, "{\"value\":1,\"\\udc00\":2}"), field: "body"),
        Refused(Bodies, "a lone UTF-16 surrogate escaped in a note (\\ud800)", 400, "\"note\" is not valid text",
            w => PostValue(w, "{\"value\":1,\"note\":\"half an emoji \\ud800\"}"), field: "note"),
        Refused(Bodies, "a manager id that is an SQL injection", 400, "\"managerId\" must be an id (a UUID string) or null.",
            w => SetManager(w, "{\"managerId\":\"' OR 1=1 --\"}"), field: "managerId"),
        Refused(Bodies, "a manager id twice, null and an id", 400, "\"managerId\" appears more than once.",
            w => SetManager(w, $"{{\"managerId\":null,\"managerId\":\"{w.Casey.Id}\"}}"), field: "managerId"),
        Refused(Bodies, "an Idempotency-Key with a CRLF and a header after it", 422, "An Idempotency-Key is 1 to 255 printable ASCII characters.",
            w => PostValue(w, "{\"value\":1}", idempotencyKey: "retry-1\r\nSet-Cookie: admin=1"), field: "Idempotency-Key",
            check: a => Assert.False(a.Headers.Contains("Set-Cookie"), "the injected header came back")),
        Refused(Bodies, "an Idempotency-Key of 256 characters", 422, "An Idempotency-Key is 1 to 255 printable ASCII characters.",
            w => PostValue(w, "{\"value\":1}", idempotencyKey: new string('k', 256)), field: "Idempotency-Key"),
        Refused(Bodies, "two Idempotency-Key headers", 400, "Send one Idempotency-Key.", w =>
        {
            var content = HostileWorld.Json("{\"value\":1}");
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/key-results/{w.Pipeline.Id}/values") { Content = content };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + w.WriteKey);
            request.Headers.TryAddWithoutValidation("Idempotency-Key", ["first", "second"]);
            return w.Bot.Http.SendAsync(request);
        }, field: "Idempotency-Key"),
        Refused(Bodies, "an Idempotency-Key used before for another value", 422, "This Idempotency-Key was already used for a different request",
            w => PostValue(w, "{\"value\":261}", idempotencyKey: "hostile-reused"), field: "Idempotency-Key",
            arrange: w => FirstPostAsync(w, "{\"value\":260}", "hostile-reused")),
        new(Bodies, "a retry with the same Idempotency-Key and body", 201, "the first post's answer, marked Idempotent-Replayed",
            w => PostValue(w, "{\"value\":250,\"note\":\"nightly\"}", idempotencyKey: "hostile-replayed"))
        {
            Arrange = w => FirstPostAsync(w, "{\"note\":\"nightly\",\"value\":250.0}", "hostile-replayed"),
            Database = "unchanged (nothing recorded twice)",
            Check = (w, a) =>
            {
                Safe(w, a);
                Assert.True(a.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true", a.Body);
            },
        },
        Recorded("an SQL injection in a note", "{\"value\":301,\"note\":\"'); DROP TABLE \\\"KeyResults\\\"; --\"}", 301m,
            note: "'); DROP TABLE \"KeyResults\"; --", database: "the value recorded, the note kept as sent"),
        Recorded("`<script>` in a note", "{\"value\":302,\"note\":\"<script>alert(document.cookie)</script>\"}", 302m,
            note: "<script>alert(document.cookie)</script>", database: "the value recorded, the note kept as sent",
            check: a => Assert.StartsWith("application/json", a.ContentType)),
        Recorded("format strings in the source (%s%n{0}{Prefix})", "{\"value\":303,\"source\":\"%s%n{0}{Prefix}\"}", 303m,
            source: "%s%n{0}{Prefix}", database: "the value recorded, the source kept as sent"),
        Recorded("a NUL character in a note", "{\"value\":304,\"note\":\"before\\u0000after\"}", 304m,
            note: "beforeafter", database: "the value recorded, the note without the NUL"),

        // ---- Keys --------------------------------------------------------------------------------------------------------
        Unauthorized("no Authorization header", _ => null, "This API needs an API key"),
        Unauthorized("an SQL injection as the key (Bearer okr_' OR 1=1 --)", _ => "Bearer okr_' OR 1=1 --", "The API key is not valid.", logged: "(not a key)"),
        Unauthorized("a key of 10,000 characters", _ => "Bearer okr_" + new string('A', 10_000), "The API key is not valid.", logged: "(not a key)"),
        Unauthorized("a key with one character changed (the checksum no longer fits)", w => "Bearer " + Typo(w.WriteKey), "The API key is not valid.",
            logged: "(not a key)"),
        Unauthorized("a forged key: a real key's id, another secret, the checksum recomputed", w => "Bearer " + Forged(w.WriteKey),
            "The API key is not valid.", logged: w => $"API key {w.WriteKey[..ApiKeyFormat.PrefixLength]} refused: Unknown"),
        Unauthorized("a revoked key", w => "Bearer " + w.RevokedKey, "The API key was revoked.",
            logged: w => $"API key {w.RevokedKey[..ApiKeyFormat.PrefixLength]} refused: Revoked"),
        Unauthorized("a valid key followed by a CRLF and another header", w => "Bearer " + w.WriteKey + "\r\nX-Okr-Scope: admin", "The API key is not valid."),
        Unauthorized("two credentials in one Authorization header (a valid key, then another)", w => "Bearer " + w.WriteKey + ", Bearer okr_second", "The API key is not valid."),
        Unauthorized("a valid key in the Basic scheme", w => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(w.WriteKey + ":")), "The API key is not valid."),
        Unauthorized("the operations token as an API key", _ => "Bearer " + HostileWorld.OpsToken, "The API key is not valid."),
        new(Keys, "an API key on the operations endpoints (GET /ops/tenants)", 401, "problem: \"The operations endpoints need the operations token\"",
            w => w.ApiAsync(HttpMethod.Get, "/ops/tenants", "Bearer " + w.WriteKey))
        {
            Arrange = w => w.StampKeysAsync(),
            Check = (w, a) =>
            {
                Safe(w, a);
                a.AssertSays("The operations endpoints need the operations token");
                Assert.DoesNotContain("Contoso", a.Body);
            },
        },
        Refused(Keys, "a read-only key that posts a value", 403, "This API key may only read.",
            w => PostValue(w, "{\"value\":1}", key: w.ReadKey)),
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => $"{c.Area}: {c.Name}")];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Refused_or_handled_with_nothing_else_changed(string @case) => Cases.Single(c => $"{c.Area}: {c.Name}" == @case).RunAsync(world);

    // ---- Row makers -------------------------------------------------------------------------------------------------------

    private static HostileCase Refused(string area, string name, int status, string detail, Func<HostileWorld, Task<HttpResponseMessage>> send,
        string? field = null, Action<HostileAnswer>? check = null, Func<HostileWorld, Task>? arrange = null) =>
        new(area, name, status, $"problem{(field is null ? "" : $" naming `{field}`")}: {(detail.Contains('"') ? detail : $"\"{detail}\"")}", send)
        {
            Arrange = async w =>
            {
                await w.StampKeysAsync();
                if (arrange is not null) await arrange(w);
            },
            Check = (w, a) =>
            {
                Safe(w, a);
                a.AssertSays(detail);
                if (field is not null) Assert.True(a.Json?["errors"]?[field] is not null, $"{name}: no error for {field}: {a.Body}");
                check?.Invoke(a);
            },
        };

    /// <summary>A path no endpoint has: the same bare 404 as any unknown route, before any key is looked at.</summary>
    private static HostileCase NoRoute(string name, Func<HostileWorld, Task<HttpResponseMessage>> send) =>
        new(Queries, name, 404, "problem: \"Not Found\" (no such route)", send)
        {
            Arrange = w => w.StampKeysAsync(),
            Check = (w, a) =>
            {
                Safe(w, a);
                Assert.Equal("Not Found", (string?)a.Json?["title"]);
                Assert.DoesNotContain("Contoso", a.Body);
            },
        };

    private static HostileCase Unsupported(string name, string? contentType, string body = "{\"value\":1}") =>
        Refused(Bodies, name, 415, "Send the body as JSON, with \"Content-Type: application/json\".", w =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return PostValue(w, content);
        });

    private static HostileCase Unauthorized(string name, Func<HostileWorld, string?> authorization, string detail, string? logged = null) =>
        Unauthorized(name, authorization, detail, logged is null ? null : _ => logged);

    private static HostileCase Unauthorized(string name, Func<HostileWorld, string?> authorization, string detail, Func<HostileWorld, string>? logged) =>
        new(Keys, name, 401, $"problem with a Bearer challenge: \"{detail}\"",
            w => w.ApiAsync(HttpMethod.Post, $"/api/v1/key-results/{w.Pipeline.Id}/values", authorization(w), HostileWorld.Json("{\"value\":999}")))
        {
            Arrange = w => w.StampKeysAsync(),
            Check = (w, a) =>
            {
                Safe(w, a);
                a.AssertSays(detail);
                Assert.True(a.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"), $"{name}: no Bearer challenge");
                if (logged is not null) a.AssertLogged(logged(w));
            },
        };

    /// <summary>A value post that is taken: the KR moves to <paramref name="value"/>, one post is kept with its text as sent.</summary>
    private static HostileCase Recorded(string name, string body, decimal value, string database, string? note = null, string? source = null,
        Action<HostileAnswer>? check = null) =>
        new(Bodies, name, 201, "the value recorded, the KR as it now stands", w => PostValue(w, body))
        {
            Arrange = w => w.StampKeysAsync(),
            Database = database,
            Check = (w, a) =>
            {
                Safe(w, a);
                Assert.Equal(value, (decimal?)a.Json?["keyResult"]?["currentValue"]);
                check?.Invoke(a);
            },
            Changes = async (w, before, after) =>
            {
                after.AssertOnlyChangedSince(before, name, "KeyResults", "KeyResultValuePosts", "AuditEntries");
                Assert.Equal(1, after.Added(before, "KeyResultValuePosts"));
                await using var db = w.Store.Database.Open();
                var post = await db.KeyResultValuePosts.AsNoTracking().SingleAsync(p => p.KeyResultId == w.Pipeline.Id && p.Value == value);
                Assert.Equal(note, post.Note);
                Assert.Equal(source ?? "Hostile write key", post.Source);
                Assert.Equal(value, (await db.KeyResults.AsNoTracking().SingleAsync(k => k.Id == w.Pipeline.Id)).CurrentValue);
            },
        };

    // ---- Requests ---------------------------------------------------------------------------------------------------------

    private static Task<HttpResponseMessage> Get(HostileWorld w, string pathAndQuery) => w.ApiAsync(HttpMethod.Get, pathAndQuery, "Bearer " + w.ReadKey);

    private static Task<HttpResponseMessage> PostValue(HostileWorld w, string json, KeyResult? kr = null, string? idempotencyKey = null, string? key = null) =>
        PostValue(w, HostileWorld.Json(json), kr, idempotencyKey, key);

    private static Task<HttpResponseMessage> PostValue(HostileWorld w, HttpContent body, KeyResult? kr = null, string? idempotencyKey = null, string? key = null) =>
        w.ApiAsync(HttpMethod.Post, $"/api/v1/key-results/{(kr ?? w.Pipeline).Id}/values", "Bearer " + (key ?? w.WriteKey), body,
            idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });

    private static Task<HttpResponseMessage> SetManager(HostileWorld w, string json) =>
        w.ApiAsync(HttpMethod.Put, $"/api/v1/people/{w.Dana.Id}/manager", "Bearer " + w.WriteKey, HostileWorld.Json(json));

    /// <summary>The first post of a pair (an idempotency key's first use), made before the case's "before" snapshot.</summary>
    private static async Task FirstPostAsync(HostileWorld w, string json, string idempotencyKey)
    {
        await w.StampKeysAsync();
        using var first = await PostValue(w, json, idempotencyKey: idempotencyKey);
        Assert.True(first.StatusCode == System.Net.HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
    }

    /// <summary>Every answer of the API: no key, no key's secret part and no operations token, whatever was sent.</summary>
    private static void Safe(HostileWorld w, HostileAnswer a)
    {
        foreach (var key in w.ApiKeys)
        {
            Assert.DoesNotContain(key[(ApiKeyFormat.PrefixLength + 1)..], a.Body);
            Assert.DoesNotContain(key[(ApiKeyFormat.PrefixLength + 1)..], a.Logged);
        }
        Assert.DoesNotContain(HostileWorld.OpsToken, a.Body);
        Assert.DoesNotContain(HostileWorld.OpsToken, a.Logged);
        if (a.Status >= 400) Assert.Equal(a.Status, (int?)a.Json?["status"]);
    }

    private static HttpContent Chunked(string body)
    {
        var content = new StreamContent(new NonSeekable(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>One character of the secret changed: the checksum no longer fits.</summary>
    private static string Typo(string key) => key[..20] + (key[20] == 'a' ? 'b' : 'a') + key[21..];

    /// <summary>A real key's public id with another secret and a checksum recomputed, as anyone who knows the (public) format can.</summary>
    private static string Forged(string key)
    {
        var (other, _) = ApiKeyFormat.Generate();
        var body = key[..ApiKeyFormat.PrefixLength] + other[ApiKeyFormat.PrefixLength..^ApiKeyFormat.ChecksumLength];
        var n = (ulong)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.ASCII.GetBytes(body)));
        const string base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var checksum = new char[ApiKeyFormat.ChecksumLength];
        for (var i = checksum.Length - 1; i >= 0; i--)
        {
            checksum[i] = base62[(int)(n % 62)];
            n /= 62;
        }
        var forged = body + new string(checksum);
        Assert.NotNull(ApiKeyFormat.PrefixOf(forged));
        return forged;
    }
}
