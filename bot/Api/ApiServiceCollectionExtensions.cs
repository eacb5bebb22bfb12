using Microsoft.AspNetCore.Authentication;

namespace OkrBot.Bot.Api;

/// <summary>The HTTP API for other systems of an organisation (<c>/api/v1</c>); see <see cref="ApiEndpoints"/>.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddOkrApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.RateLimit.Window > TimeSpan.Zero && o.RateLimit.Window <= TimeSpan.FromDays(1),
                "Api:RateLimit:Window must be more than zero and at most a day.")
            .ValidateOnStart();
        // No default scheme: only the API's endpoints ask for a key; /api/messages and the Feishu endpoint check their own.
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.ReadPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ApiKeyAuthenticationHandler.WritePolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, "write"));
        // An endpoint that declares the JSON it accepts is refused a body of another media type by routing itself, before it
        // runs: that 415 is a bare problem document, so it gets the sentence the endpoint would have said.
        services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var customize = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null
                    && context.HttpContext.Request.Path.StartsWithSegments(ApiEndpoints.Prefix))
                    context.ProblemDetails.Detail = ApiJsonBody.NotJsonMediaType;
            };
        });
        services.AddOkrApiRateLimiting();
        services.AddOkrApiDocument();
        return services;
    }

    /// <summary>
    /// The API's middleware, in the order it must run (the key is checked before it is counted), and its endpoints. Only
    /// endpoints that ask for the API's policies are touched by it.
    /// </summary>
    public static WebApplication MapOkrApi(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        ApiEndpoints.Map(app);
        // The description of the API is public: it holds no data.
        app.MapOpenApi(ApiDocs.Route);
        return app;
    }
}
