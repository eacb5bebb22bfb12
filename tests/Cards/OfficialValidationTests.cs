using System.Text;
using System.Text.Json.Nodes;
using OkrBot.Jobs.Channels.Teams.Cards;

namespace OkrBot.Tests.Cards;

/// <summary>
/// Every card we render, read by Microsoft's own adaptivecards library (npm, 3.0.x) under Node. To look at the
/// cards (e.g. paste them into a designer), set OKRBOT_CARDS_OUT to a directory: the rendered files are copied there.
/// </summary>
public sealed class OfficialValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("okrbot-cards-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("OKRBOT_CARDS_OUT") is { Length: > 0 } keep && File.Exists(Path.Combine(_dir, "en-welcome.json")))
        {
            Directory.CreateDirectory(keep);
            foreach (var file in Directory.GetFiles(_dir)) File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Every_view_in_both_languages_passes_the_official_adaptivecards_library()
    {
        var count = 0;
        foreach (var language in new[] { "en", "zh" })
        {
            foreach (var sample in CardSamples.All(language))
                count += Write($"{language}-{sample.Name}", AdaptiveCardRenderer.Render(sample.View));
            var words = CardSamples.For(language);
            count += Write($"{language}-checkin-5x5", AdaptiveCardRenderer.Render(CardSamples.BigCheckIn(words)));
            count += Write($"{language}-checkin-5x5-long-titles", AdaptiveCardRenderer.Render(CardSamples.BigCheckIn(words, titleLength: 300)));
            count += Write($"{language}-checkin-too-big", AdaptiveCardRenderer.Render(CardSamples.BigCheckIn(words, objectives: 10, titleLength: 300)));
            foreach (var big in CardSamples.Big(language))
                count += Write($"{language}-{big.Name}", AdaptiveCardRenderer.Render(big.View));
        }
        count += Write("attachment", AdaptiveCardRenderer.Attachment(AdaptiveCardRenderer.Render(CardSamples.All("en")[0].View)));

        var (exit, output) = await NodeCardValidator.ValidateAsync(_dir);

        Assert.True(exit == 0, $"The official library rejected cards (exit {exit}):\n{output}");
        Assert.Contains($"{count} passed, 0 failed", output);
    }

    [Fact]
    public async Task The_validator_fails_broken_cards_and_says_which_and_why()
    {
        var good = AdaptiveCardRenderer.Render(CardSamples.All("en")[0].View);
        Write("good", good);
        Write("unknown-element", Card("""{ "type": "Bogus", "text": "x" }"""));
        Write("misspelled-property", Card("""{ "type": "TextBlock", "text": "x", "wrapp": true }"""));
        Write("duplicate-input-ids", Card("""{ "type": "Input.Text", "id": "a", "label": "A" }, { "type": "Input.Text", "id": "a", "label": "B" }"""));
        Write("required-without-label", Card("""{ "type": "Input.Text", "id": "a", "isRequired": true }"""));
        Write("execute-without-fallback", Card("""{ "type": "ActionSet", "actions": [{ "type": "Action.Execute", "title": "Go", "verb": "help" }] }"""));
        Write("fallback-with-another-verb", Card("""
            { "type": "ActionSet", "actions": [{ "type": "Action.Execute", "title": "Go", "verb": "help", "data": {},
              "fallback": { "type": "Action.Submit", "title": "Go", "data": { "verb": "okrs.mine" } } }] }
            """));
        Write("version-1-6", JsonNode.Parse("""{ "type": "AdaptiveCard", "version": "1.6", "body": [] }""")!.AsObject());
        File.WriteAllText(Path.Combine(_dir, "not-json.json"), "{ \"type\": ");

        var (exit, output) = await NodeCardValidator.ValidateAsync(_dir);

        Assert.True(exit == 1, $"Expected exit 1, got {exit}:\n{output}");
        Assert.Contains("ok    good.json", output);
        Assert.Contains("1 passed, 8 failed", output);
        AssertFailed(output, "unknown-element", "Unknown element type \"Bogus\"");
        AssertFailed(output, "misspelled-property", ".wrapp: property unknown to the library");
        AssertFailed(output, "duplicate-input-ids", "Duplicate Id");
        AssertFailed(output, "required-without-label", "Required inputs should have a label");
        AssertFailed(output, "execute-without-fallback", "has no Action.Submit fallback");
        AssertFailed(output, "fallback-with-another-verb", "the fallback's data.verb is \"okrs.mine\", not \"help\"");
        AssertFailed(output, "version-1-6", "newer than Teams' 1.5");
        AssertFailed(output, "not-json", "not JSON");
    }

    private static void AssertFailed(string output, string card, string reason)
    {
        // The card's FAIL line and, indented under it before the next card, the reason.
        var lines = output.Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimEnd() == $"FAIL  {card}.json");
        Assert.True(at >= 0, $"{card}.json did not fail:\n{output}");
        var reasons = lines.Skip(at + 1).TakeWhile(l => l.StartsWith("        ", StringComparison.Ordinal));
        Assert.True(reasons.Any(l => l.Contains(reason, StringComparison.Ordinal)), $"{card}.json failed, but not for \"{reason}\":\n{output}");
    }

    private static JsonObject Card(string bodyElements) =>
        JsonNode.Parse($$"""{ "type": "AdaptiveCard", "version": "1.5", "body": [{{bodyElements}}] }""")!.AsObject();

    private int Write(string name, JsonObject card)
    {
        File.WriteAllText(Path.Combine(_dir, name + ".json"), card.ToJsonString(), new UTF8Encoding(false));
        return 1;
    }
}
