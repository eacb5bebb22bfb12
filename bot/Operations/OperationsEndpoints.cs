using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Model;

namespace OkrBot.Bot.Operations;

/// <summary>
/// <c>GET /ops/deliveries[?period=2026-11-16]</c>: per tenant, how many deliveries are pending, sending, sent,
/// throttled, failed, gone or cancelled, the same per kind, and per recent rhythm run (one kind for one period, such as
/// the check-in prompts of a week). Readable with the operations token, or from loopback
/// when none is configured.
/// </summary>
public static class OperationsEndpoints
{
    /// <summary>Rhythm runs listed per tenant (a run: one kind for one period, e.g. the prompts of a week).</summary>
    private const int RecentRuns = 20;

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.Section);
        return services;
    }

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/deliveries", async (HttpContext http, DeliveryQueue deliveries, IOptions<OperationsOptions> options, string? period, CancellationToken ct) =>
        {
            if (!Allowed(http, options.Value)) return Refused();
            if (period is { Length: > 64 })
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad period", detail: "A period key is at most 64 characters.");

            var tenants = await deliveries.CountsByTenantAsync(period, ct);
            var runs = new Dictionary<Guid, IReadOnlyList<DeliveryRun>>();
            foreach (var (tenant, _) in tenants) runs[tenant.Id] = await deliveries.RunsAsync(tenant.Id, RecentRuns, ct);
            return Results.Json(new
            {
                period,
                tenants = tenants.Select(t => new
                {
                    tenantId = t.Tenant.Id,
                    name = t.Tenant.Name,
                    channel = t.Tenant.Channel.ToString(),
                    pending = t.Counts.InState(DeliveryState.Pending),
                    sending = t.Counts.InState(DeliveryState.Sending),
                    sent = t.Counts.InState(DeliveryState.Sent),
                    throttled = t.Counts.Throttled,
                    failed = t.Counts.InState(DeliveryState.Failed),
                    gone = t.Counts.InState(DeliveryState.Gone),
                    cancelled = t.Counts.InState(DeliveryState.Cancelled),
                    byKind = t.Counts.Rows.Select(r => new { kind = r.Kind.ToString(), state = r.State.ToString(), lastOutcome = r.LastOutcome?.ToString(), count = r.Count }),
                    runs = runs[t.Tenant.Id].Select(r => new
                    {
                        kind = r.Kind.ToString(),
                        period = r.PeriodKey,
                        firstPlannedAt = r.FirstPlannedAt,
                        lastChangedAt = r.LastChangedAt,
                        pending = r.Counts.InState(DeliveryState.Pending),
                        sending = r.Counts.InState(DeliveryState.Sending),
                        sent = r.Counts.InState(DeliveryState.Sent),
                        throttled = r.Counts.Throttled,
                        failed = r.Counts.InState(DeliveryState.Failed),
                        gone = r.Counts.InState(DeliveryState.Gone),
                        cancelled = r.Counts.InState(DeliveryState.Cancelled),
                    }),
                }),
            });
        });
        app.MapApiKeyOperations();
        return app;
    }

    internal static IResult Refused() => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
        detail: "The operations endpoints need the operations token (Operations:Token), or a call from this machine when none is set.");

    internal static bool Allowed(HttpContext http, OperationsOptions options)
    {
        if (string.IsNullOrEmpty(options.Token))
            return http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        // Constant time: how long a wrong guess takes must not tell how much of it was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(options.Token));
    }
}
