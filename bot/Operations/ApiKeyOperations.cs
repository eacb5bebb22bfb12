using Microsoft.Extensions.Options;
using OkrBot.Bot.Api;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;

namespace OkrBot.Bot.Operations;

/// <summary>
/// API keys, managed by an operator beside the other operations endpoints (same token, or loopback when none is set):
/// <c>GET /ops/tenants</c> (whose keys), <c>POST|GET /ops/tenants/{tenantId}/api-keys</c> (make one, shown once; list
/// them without secrets), <c>DELETE /ops/tenants/{tenantId}/api-keys/{keyId}</c> (revoke, effective at once).
/// </summary>
internal static class ApiKeyOperations
{
    private static readonly HashSet<string> CreateFields = ["name", "scope"];

    public static IEndpointRouteBuilder MapApiKeyOperations(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/ops/tenants").AddEndpointFilter(async (context, next) =>
            OperationsEndpoints.Allowed(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<IOptions<OperationsOptions>>().Value)
                ? await next(context)
                : OperationsEndpoints.Refused());

        ops.MapGet("", async (ApiKeyService keys, CancellationToken ct) => Results.Ok(new
        {
            tenants = (await keys.TenantsAsync(ct)).Select(t => new
            {
                id = t.Id, name = t.Name, channel = t.Channel.ToString(), externalId = t.ExternalId, activeApiKeys = t.ActiveApiKeys,
            }),
        }));

        ops.MapPost("/{tenantId:guid}/api-keys", async (HttpContext http, Guid tenantId, ApiKeyService keys, IOptions<ApiOptions> options, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJsonBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, CreateFields, ct);
            if (problem is not null) return problem;
            var (name, scopeText) = (body!.OptionalString("name"), body.OptionalString("scope"));
            if (body.Problem is { } bad) return bad;
            if (scopeText is not ("read" or "write")) return ApiProblems.BadRequest("scope", "\"scope\" is \"read\" or \"write\" (write may also read).");

            var created = await keys.CreateAsync(tenantId, name, scopeText == "write" ? ApiKeyScope.Write : ApiKeyScope.Read, ct);
            if (created.Error is { } error) return ApiProblems.From(error);
            // The key itself is in this answer only: nothing keeps it, so no cache may either.
            http.Response.Headers.CacheControl = "no-store";
            var row = created.Value!.Row;
            return Results.Created($"/ops/tenants/{tenantId}/api-keys/{row.Id}", new
            {
                key = created.Value.Key,
                warning = "Store this key now: it is shown only once. OkrBot keeps only a hash of it.",
                apiKey = Listing(row),
            });
        });

        ops.MapGet("/{tenantId:guid}/api-keys", async (Guid tenantId, ApiKeyService keys, CancellationToken ct) =>
        {
            var listed = await keys.ListAsync(tenantId, ct);
            return listed.Error is { } error ? ApiProblems.From(error) : Results.Ok(new { apiKeys = listed.Value!.Select(Listing) });
        });

        ops.MapDelete("/{tenantId:guid}/api-keys/{keyId:guid}", async (Guid tenantId, Guid keyId, ApiKeyService keys, CancellationToken ct) =>
        {
            var revoked = await keys.RevokeAsync(tenantId, keyId, ct);
            return revoked.Error is { } error ? ApiProblems.From(error) : Results.Ok(Listing(revoked.Value!));
        });
        return app;
    }

    private static object Listing(ApiKey k) => new
    {
        id = k.Id, name = k.Name, scope = k.Scope == ApiKeyScope.Write ? "write" : "read", prefix = k.Prefix,
        createdAt = k.CreatedAt, lastUsedAt = k.LastUsedAt, revokedAt = k.RevokedAt, revoked = k.IsRevoked,
    };
}
