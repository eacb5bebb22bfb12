using OkrBot.Core.Persistence;

namespace OkrBot.Bot.Hosting;

/// <summary><c>GET /</c>: a one-line answer, so someone who opens the bot's address in a browser sees it is up.</summary>
internal static class Home
{
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (OkrDatabase database) => Results.Text($"OkrBot is running (store: {database.Provider}). Health: /healthz\n"));
        return app;
    }
}
