using Microsoft.AspNetCore.Diagnostics;

namespace OkrBot.Bot.Hosting;

/// <summary>
/// No request ever gets a stack trace: an unexpected exception is logged in full and answered with a bare problem
/// document (500), and a store that does not answer gets a quick 503 instead of a hang or a trace.
/// </summary>
internal static class SafeErrors
{
    public static IServiceCollection AddSafeErrors(this IServiceCollection services) => services.AddProblemDetails();

    public static WebApplication UseSafeErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => IsStoreUnavailable(ex) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }

    private static bool IsStoreUnavailable(Exception ex) => ex switch
    {
        Npgsql.NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        _ when ex.InnerException is { } inner => IsStoreUnavailable(inner),
        _ => false,
    };
}
