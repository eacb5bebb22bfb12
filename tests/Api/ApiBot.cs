using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

/// <summary>An answer of the bot: status, headers, and the body parsed as JSON when it is JSON.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, HttpResponseMessage Response, string Text)
{
    public JsonNode? Json => Text.Length == 0 ? null : JsonNode.Parse(Text);
    public string? ContentType => Response.Content.Headers.ContentType?.MediaType;
    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}

/// <summary>
/// The bot through its real HTTP entry point (WebApplicationFactory) on a test store, with an operations token, so API
/// keys are made the way an operator makes them (<c>POST /ops/tenants/{id}/api-keys</c>) and used on <c>/api/v1</c>.
/// </summary>
public sealed class ApiBot : IAsyncDisposable
{
    public const string OpsToken = "ops-token-for-api-tests";

    private ApiBot(TestStore store, WebApplicationFactory<Program> factory)
    {
        Store = store;
        Factory = factory;
        Http = factory.CreateClient();
    }

    public TestStore Store { get; }
    public WebApplicationFactory<Program> Factory { get; }
    public HttpClient Http { get; }

    public static ApiBot Start(TestStore store, Action<IWebHostBuilder>? configure = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:Provider", store.Options.Provider.ToString());
            b.UseSetting("Storage:ConnectionString", store.Options.ConnectionString);
            // The API only: the rhythm and the dispatcher would write deliveries as the clock allows.
            b.UseSetting("Rhythm:Enabled", "false");
            b.UseSetting("Delivery:Dispatcher:Enabled", "false");
            b.UseSetting("Operations:Token", OpsToken);
            b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(store.Clock));
            configure?.Invoke(b);
        });
        return new ApiBot(store, factory);
    }

    /// <summary>A new key for the tenant, made through the operations endpoint; the key itself.</summary>
    public async Task<string> KeyAsync(Guid tenantId, string scope = "write", string name = "CRM sync")
    {
        var answer = await OpsAsync(HttpMethod.Post, $"/ops/tenants/{tenantId}/api-keys", new JsonObject { ["name"] = name, ["scope"] = scope });
        Assert.True(answer.Status == HttpStatusCode.Created, $"creating a key: {answer.Status} {answer.Text}");
        var key = (string)answer.Json!["key"]!;
        // Its first use stamps its last-used time (then at most once a minute): done here, so that a test's snapshots
        // before and after a refused request compare everything else.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/v1/cycles", key)).Status);
        return key;
    }

    public Task<ApiAnswer> OpsAsync(HttpMethod method, string path, JsonNode? body = null, string? token = OpsToken) =>
        SendAsync(method, path, token, body?.ToJsonString());

    public Task<ApiAnswer> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key);

    public Task<ApiAnswer> PostAsync(string path, string? key, JsonNode body, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, key, body.ToJsonString(), headers: idempotencyKey is null ? null : new() { ["Idempotency-Key"] = idempotencyKey });

    public Task<ApiAnswer> PutAsync(string path, string? key, JsonNode body) => SendAsync(HttpMethod.Put, path, key, body.ToJsonString());

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? key, string? body = null, string contentType = "application/json",
        Dictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        foreach (var (name, value) in headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        var response = await Http.SendAsync(request);
        return new ApiAnswer(response.StatusCode, response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Everything a request could change, as text: the OKR data, people, check-ins, posted values, keys and the size of the
    /// audit trail. Two equal snapshots mean nothing was written in between.
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = Store.Database.Open();
        var parts = new List<object>
        {
            await db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.ManagerId, p.TeamId, p.DisplayName, p.IsActive }).ToListAsync(),
            await db.KeyResults.AsNoTracking().OrderBy(k => k.Id).Select(k => new { k.Id, k.CurrentValue, k.Version, k.Status, k.UpdatedAt, k.IsDropped }).ToListAsync(),
            await db.Objectives.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.Title, o.Visibility, o.State }).ToListAsync(),
            await db.CheckIns.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Value, c.Revision }).ToListAsync(),
            await db.KeyResultValuePosts.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Value, p.IdempotencyKey }).ToListAsync(),
            await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => new { k.Id, k.RevokedAt, k.LastUsedAt, k.Scope }).ToListAsync(),
            await db.AuditEntries.CountAsync(),
            await db.Deliveries.CountAsync(),
        };
        return System.Text.Json.JsonSerializer.Serialize(parts);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
    }
}
