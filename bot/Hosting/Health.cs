using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OkrBot.Core.Persistence;

namespace OkrBot.Bot.Hosting;

/// <summary><c>/healthz</c>: the process is up and the store answers.</summary>
internal static class Health
{
    public static IServiceCollection AddOkrHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }

    public static IEndpointRouteBuilder MapOkrHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            // Status only: a health answer must not tell a stranger about the store's connection or errors.
            ResponseWriter = (context, report) => context.Response.WriteAsync(report.Status.ToString()),
        });
        return app;
    }

    private sealed class StoreHealthCheck(OkrDatabase database, ILogger<StoreHealthCheck> logger) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var db = database.Open();
                return await db.Database.CanConnectAsync(cancellationToken)
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy("The store does not answer.");
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Store health check failed");
                return HealthCheckResult.Unhealthy("The store does not answer.");
            }
        }
    }
}
