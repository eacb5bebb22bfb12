using OkrBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OkrBot.Tests.EndToEnd;

/// <summary>
/// The whole way through a real client: the bot as its own process, the Microsoft 365 Agents Playground in front of
/// it, and a person typing and clicking in headless Chromium (tests/EndToEnd/playground-e2e.js says what each step
/// checks). Needs Node.js with npm and Debian's Chromium; .ci/run installs both.
/// </summary>
public sealed class PlaygroundEndToEndTests(ITestOutputHelper output)
{
    private static readonly NodeProject Script = new("tests/EndToEnd", "The end-to-end test drives the Microsoft 365 Agents Playground");

    private static readonly string Chromium = Environment.GetEnvironmentVariable("OKRBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Under the test output, kept after the run for a look: one PNG per step, the Playground's log, the HTTP traffic.</summary>
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "tests", "EndToEnd", "screenshots");

    [Fact]
    public async Task A_newcomer_checks_in_flags_a_risk_their_manager_is_told_and_they_draft_align_and_publish_an_objective_in_the_Agents_Playground()
    {
        Assert.True(File.Exists(Chromium),
            $"Chromium is not at {Chromium}. The end-to-end test drives the Agents Playground in headless Chromium: install it " +
            "with `apt-get install -y chromium` (Debian; .ci/run does that) or set OKRBOT_CHROMIUM to a Chromium binary.");
        await Script.EnsureInstalledAsync();
        output.WriteLine($"Screenshots: {Screenshots}");

        var store = Directory.CreateTempSubdirectory("okrbot-e2e-store-").FullName;
        try
        {
            await using var bot = await BotProcess.StartAsync(store, ["--demo", "--Logging:LogLevel:OkrBot.Bot.Teams=Debug"]);
            output.WriteLine($"Bot: {bot.Url} (store {store})");

            // The script ends the Playground and Chromium itself; if this test host dies outright, its stdin closes and
            // it ends them and the bot (everything else ends the bot here).
            var (exit, log) = await Script.RunAsync(["playground-e2e.js", bot.Url, Screenshots], TimeSpan.FromMinutes(5),
                new Dictionary<string, string>
                {
                    ["OKRBOT_CHROMIUM"] = Chromium,
                    ["OKRBOT_E2E_WATCH_STDIN"] = "1",
                    ["OKRBOT_E2E_BOT_PID"] = bot.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                onLine: output.WriteLine, keepStdinOpen: true);

            Assert.True(exit == 0, $"The Playground run failed (exit {exit}); screenshots in {Screenshots}.\n{log}\nThe bot's output:\n{bot.Output}");
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }
}
