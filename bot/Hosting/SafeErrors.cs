using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using OkrBot.Core.Persistence;

namespace OkrBot.Bot.Hosting;

/// <summary>
/// No request ever gets a stack trace: an unexpected exception is logged in full and answered with a bare problem
/// document (500), and a store that does not answer gets a quick 503 with a Retry-After instead of a hang or a trace
/// (docs/decisions/0019-when-the-database-is-away.md).
/// </summary>
internal static partial class SafeErrors
{
    public static IServiceCollection AddSafeErrors(this IServiceCollection services) => services.AddProblemDetails(o =>
        o.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status != StatusCodes.Status503ServiceUnavailable
                || !StoreFailures.IsUnavailable(context.Exception ?? context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error))
                return;
            context.ProblemDetails.Title = "Service unavailable";
            context.ProblemDetails.Detail = "The bot's store is not answering. Nothing was done; try again shortly.";
            context.HttpContext.Response.Headers.RetryAfter =
                ((int)StoreFailures.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        });

    public static WebApplication UseSafeErrors(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SafeErrors).FullName!);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => StoreFailures.IsUnavailable(ex) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            // While the store is away every request fails the same way: one line each, not a stack trace each. Anything
            // else is logged in full by the middleware.
            SuppressDiagnosticsCallback = context =>
            {
                if (!StoreFailures.IsUnavailable(context.Exception)) return false;
                LogStoreUnavailable(logger, context.HttpContext.Request.Path, context.Exception.GetType().Name, context.Exception.Message);
                return true;
            },
        });
        app.UseStatusCodePages();
        return app;
    }

    [LoggerMessage(LogLevel.Warning, "Answered {Path} with 503: the store is not answering ({Exception}: {Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, PathString path, string exception, string reason);
}
