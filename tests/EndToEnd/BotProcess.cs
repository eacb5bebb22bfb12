using System.Net;
using System.Net.Sockets;
using OkrBot.Tests.Infrastructure;

namespace OkrBot.Tests.EndToEnd;

/// <summary>
/// OkrBot as it runs for real: <c>dotnet OkrBot.Bot.dll</c>, the build the tests reference (copied next to them with
/// its runtimeconfig and deps), on a free loopback port, in local anonymous mode (no app id), with the embedded SQLite
/// store in a directory of the caller's. Nothing is built here.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;

    private BotProcess(ChildProcess process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>Where it listens, e.g. http://127.0.0.1:41234 (its Bot Framework endpoint is /api/messages there).</summary>
    public string Url { get; }

    public int ProcessId => _process.Id;

    public string Output => _process.Output;

    /// <summary>Starts the bot with <paramref name="arguments"/> added, and returns once /healthz says it is healthy.</summary>
    public static async Task<BotProcess> StartAsync(string storeDirectory, IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OkrBot.Bot.dll");
        Assert.True(File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")),
            $"{dll} and its runtimeconfig are not next to the tests: build the solution (dotnet build OkrBot.sln).");
        var extra = arguments.ToList();

        // A port found free a moment ago can be taken by the time the bot binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
            var process = ChildProcess.Start(ChildProcess.DotnetHost(), [
                    dll, "--urls", url,
                    "--Storage:Provider=Sqlite",
                    $"--Storage:ConnectionString=Data Source={Path.Combine(storeDirectory, "okrbot.db")}",
                    // Anonymous local mode whatever the environment says: the Playground sends no token.
                    "--Teams:AppId=",
                    // The walk-through must not depend on the day and hour it runs: no check-in prompt may arrive mid-test.
                    "--Rhythm:Enabled=false",
                    .. extra,
                ],
                // The content root: the bot's appsettings.json is copied here with it.
                AppContext.BaseDirectory,
                "The bot runs on the .NET host (dotnet) that runs the tests.",
                onLine: onLine);
            var bot = new BotProcess(process, url);
            if (await bot.WaitUntilHealthyAsync()) return bot;
            await bot.DisposeAsync();
            var output = bot.Output;
            if (attempt < 3 && output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) continue;
            Assert.Fail($"The bot did not become healthy at {url}/healthz within {StartTimeout}. Its output:\n{output}");
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task<bool> WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                var answer = await http.GetStringAsync($"{Url}/healthz");
                if (answer.Trim() == "Healthy") return true;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* busy starting */ }
            await Task.Delay(200);
        }
        return false;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
