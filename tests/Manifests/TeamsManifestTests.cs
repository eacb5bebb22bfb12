using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using OkrBot.Bot.Conversation;
using OkrBot.Tests.Infrastructure;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Manifests;

/// <summary>
/// manifests/teams: the manifest against Microsoft's schema for its manifestVersion (npm @microsoft/app-manifest,
/// ajv, under Node), the icons Teams requires, the commands against the bot's own parser, and the package script.
/// </summary>
public sealed class TeamsManifestTests : IDisposable
{
    private const string PlaceholderId = "00000000-0000-0000-0000-000000000000";
    private const string PlaceholderHost = "okrbot.example.com";

    private static readonly string TeamsDirectory = SourceTree.PathOf("manifests", "teams");
    private static readonly string ManifestFile = Path.Combine(TeamsDirectory, "manifest.json");

    private readonly string _dir = Directory.CreateTempSubdirectory("okrbot-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_manifest_passes_the_official_schema_of_its_manifest_version()
    {
        var version = (string)Manifest()["manifestVersion"]!;

        var (exit, output) = await NodeManifestValidator.ValidateAsync(ManifestFile);

        Assert.True(exit == 0, $"The official schema rejected the manifest (exit {exit}):\n{output}");
        Assert.Contains($"teams/v{version}/MicrosoftTeams.schema.json", output);
        Assert.Contains("1 passed, 0 failed", output);
    }

    [Fact]
    public async Task The_validator_fails_broken_manifests_and_says_which_and_why()
    {
        var good = Write("good", Manifest());
        var missingBotId = Write("missing-bot-id", Manifest(m => m["bots"]![0]!.AsObject().Remove("botId")));
        var templateBotId = Write("template-bot-id", Manifest(m => m["bots"]![0]!["botId"] = "{{TEAMS_APP_ID}}"));
        var unknownVersion = Write("unknown-manifest-version", Manifest(m =>
        {
            m.Remove("$schema");
            m["manifestVersion"] = "1.99";
        }));
        var schemaMismatch = Write("schema-names-another-version", Manifest(m =>
            m["$schema"] = "https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"));
        var longDescription = Write("short-description-too-long", Manifest(m => m["description"]!["short"] = new string('x', 81)));
        var unknownScope = Write("unknown-bot-scope", Manifest(m => m["bots"]![0]!["scopes"] = new JsonArray("personal", "channel")));
        var misspelled = Write("misspelled-property", Manifest(m => m["bots"]![0]!["supportFiles"] = false));
        var notJson = Path.Combine(_dir, "not-json.json");
        File.WriteAllText(notJson, "{ \"manifestVersion\": ");

        var (exit, output) = await NodeManifestValidator.ValidateAsync(
            good, missingBotId, templateBotId, unknownVersion, schemaMismatch, longDescription, unknownScope, misspelled, notJson);

        Assert.True(exit == 1, $"Expected exit 1, got {exit}:\n{output}");
        Assert.Contains($"ok    {good}", output);
        Assert.Contains("1 passed, 8 failed", output);
        AssertFailed(output, missingBotId, "/bots/0 must have required property 'botId'");
        AssertFailed(output, templateBotId, "/bots/0/botId must match pattern");
        AssertFailed(output, unknownVersion, "manifestVersion \"1.99\": @microsoft/app-manifest");
        AssertFailed(output, schemaMismatch, "/$schema names v1.17, but manifestVersion is");
        AssertFailed(output, longDescription, "/description/short must NOT have more than 80 characters");
        AssertFailed(output, unknownScope, "/bots/0/scopes/1 must be equal to one of the allowed values");
        AssertFailed(output, misspelled, "/bots/0 must NOT have additional properties {\"additionalProperty\":\"supportFiles\"}");
        AssertFailed(output, notJson, "not JSON");
    }

    [Fact]
    public void The_icons_are_pngs_of_exactly_the_sizes_teams_requires()
    {
        var icons = Manifest()["icons"]!;
        var color = Png.Read(Path.Combine(TeamsDirectory, (string)icons["color"]!));
        var outline = Png.Read(Path.Combine(TeamsDirectory, (string)icons["outline"]!));

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
    }

    [Fact]
    public void The_color_icon_is_opaque_and_in_colour()
    {
        var color = Png.Read(Path.Combine(TeamsDirectory, (string)Manifest()["icons"]!["color"]!));
        var pixels = color.Pixels();

        Assert.All(pixels, p => Assert.Equal(255, p.A));
        Assert.Contains(pixels, p => p.R != p.G || p.G != p.B);
    }

    [Fact]
    public void The_outline_icon_is_white_on_transparent_and_nothing_else()
    {
        var outline = Png.Read(Path.Combine(TeamsDirectory, (string)Manifest()["icons"]!["outline"]!));
        Assert.Equal(Png.ColorTypeRgba, outline.ColorType);
        var pixels = outline.Pixels();

        var other = pixels.Select((p, i) => (p, i)).Where(x => x.p.A != 0 && (x.p.R, x.p.G, x.p.B) != (255, 255, 255)).ToList();
        Assert.True(other.Count == 0, $"{other.Count} pixels are neither white nor fully transparent, e.g. at (x {other.FirstOrDefault().i % 32}, y {other.FirstOrDefault().i / 32}): {other.FirstOrDefault().p}");
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public void The_bot_id_is_the_app_id_and_both_are_the_placeholder_the_package_script_replaces()
    {
        var manifest = Manifest();
        var bots = manifest["bots"]!.AsArray();

        Assert.Single(bots);
        Assert.Equal(PlaceholderId, (string)manifest["id"]!);
        Assert.Equal(PlaceholderId, (string)bots[0]!["botId"]!);
    }

    [Fact]
    public void The_bot_talks_in_personal_chat_only_because_it_handles_no_team_or_group_chat_yet()
    {
        var bot = Manifest()["bots"]![0]!;

        Assert.Equal(["personal"], Strings(bot["scopes"]));
        Assert.False((bool)bot["supportsFiles"]!);
        Assert.False((bool)bot["isNotificationOnly"]!);
        var lists = bot["commandLists"]!.AsArray();
        Assert.Equal(["personal"], Strings(Assert.Single(lists)!["scopes"]));
    }

    [Fact]
    public void Every_command_in_the_manifest_is_one_the_bot_understands()
    {
        var today = new DateOnly(2026, 11, 18);
        var commands = Manifest()["bots"]![0]!["commandLists"]!.AsArray()
            .SelectMany(list => list!["commands"]!.AsArray())
            .Select(c => (Title: (string)c!["title"]!, Description: (string?)c["description"]))
            .ToList();

        var parsed = commands.Select(c => (c.Title, Command: Commands.Parse(c.Title, today))).ToList();

        Assert.All(parsed, p => Assert.False(p.Command is Command.Unknown, $"The bot does not understand the command \"{p.Title}\"."));
        Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace(c.Description), $"\"{c.Title}\" has no description."));
        Assert.Equal(
            new[] { typeof(Command.CheckIn), typeof(Command.Help), typeof(Command.MyOkrs), typeof(Command.MyTeam), typeof(Command.Settings) },
            parsed.Select(p => p.Command.GetType()).OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_package_script_zips_a_valid_manifest_with_the_real_app_id_and_host()
    {
        const string appId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
        var zip = Path.Combine(_dir, "okrbot.zip");

        var (exit, output) = await PackageAsync(zip, appId.ToUpperInvariant(), "OkrBot.Contoso.com");

        Assert.True(exit == 0, $"package.sh failed (exit {exit}):\n{output}");
        using (var archive = ZipFile.OpenRead(zip))
        {
            Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            archive.ExtractToDirectory(Path.Combine(_dir, "package"));
        }
        var packaged = Path.Combine(_dir, "package", "manifest.json");
        var text = File.ReadAllText(packaged);
        Assert.DoesNotContain(PlaceholderId, text);
        Assert.DoesNotContain(PlaceholderHost, text);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(appId, (string)manifest["id"]!);
        Assert.Equal(appId, (string)manifest["bots"]![0]!["botId"]!);
        Assert.Equal(["okrbot.contoso.com"], Strings(manifest["validDomains"]));
        Assert.StartsWith("https://okrbot.contoso.com/", (string)manifest["developer"]!["privacyUrl"]!, StringComparison.Ordinal);
        foreach (var icon in new[] { "color.png", "outline.png" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(TeamsDirectory, icon)), File.ReadAllBytes(Path.Combine(_dir, "package", icon)));

        var (validExit, validation) = await NodeManifestValidator.ValidateAsync(packaged);
        Assert.True(validExit == 0, $"The packaged manifest fails the official schema:\n{validation}");
    }

    [Theory]
    [InlineData("{{TEAMS_APP_ID}}", "okrbot.contoso.com", "APP_ID must be a GUID")]
    [InlineData(PlaceholderId, "okrbot.contoso.com", "APP_ID is still the placeholder GUID")]
    [InlineData("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "https://okrbot.contoso.com/", "HOST must be a host name")]
    public async Task The_package_script_refuses_an_app_id_or_host_teams_would_not_accept(string appId, string host, string reason)
    {
        var zip = Path.Combine(_dir, "okrbot.zip");

        var (exit, output) = await PackageAsync(zip, appId, host);

        Assert.True(exit == 2, $"Expected exit 2, got {exit}:\n{output}");
        Assert.Contains(reason, output);
        Assert.False(File.Exists(zip));
    }

    private static Task<(int ExitCode, string Output)> PackageAsync(string zip, string appId, string host) =>
        ChildProcess.RunAsync("bash", [Path.Combine(TeamsDirectory, "package.sh"), appId, host], TeamsDirectory,
            "manifests/teams/package.sh needs bash and python3 (Debian: apt-get install -y python3); .ci/run installs python3.",
            TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["OKRBOT_TEAMS_ZIP"] = zip });

    private static JsonObject Manifest(Action<JsonObject>? change = null)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestFile))!.AsObject();
        change?.Invoke(manifest);
        return manifest;
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(s => (string)s!).ToArray();

    private string Write(string name, JsonObject manifest)
    {
        var path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, manifest.ToJsonString(), new UTF8Encoding(false));
        return path;
    }

    private static void AssertFailed(string output, string file, string reason)
    {
        // The manifest's FAIL line and, indented under it before the next one, the reason.
        var lines = output.Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimEnd() == $"FAIL  {file}");
        Assert.True(at >= 0, $"{Path.GetFileName(file)} did not fail:\n{output}");
        var reasons = lines.Skip(at + 1).TakeWhile(l => l.StartsWith("        ", StringComparison.Ordinal));
        Assert.True(reasons.Any(l => l.Contains(reason, StringComparison.Ordinal)), $"{Path.GetFileName(file)} failed, but not for \"{reason}\":\n{output}");
    }
}
