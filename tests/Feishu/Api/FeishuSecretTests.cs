using OkrBot.Jobs.Channels.Feishu;

namespace OkrBot.Tests.Feishu.Api;

/// <summary>The App Secret and the tokens stay out of logs, outcomes and results, even when Feishu repeats them back.</summary>
public sealed class FeishuSecretTests
{
    [Fact]
    public async Task The_secret_never_appears_in_logs_or_outcomes_even_when_feishu_echoes_it()
    {
        await using var h = await FeishuHarness.StartAsync();
        var echo = $$"""{"code":10015,"msg":"wrong app secret {{FeishuHarness.Secret}}"}""";
        h.Fake.EnqueueToken(FeishuReply.Raw(400, echo), FeishuReply.Raw(503, echo), FeishuReply.Reset(), FeishuReply.Raw(200, echo));
        h.Fake.Enqueue(
            FeishuReply.Raw(400, $$"""{"code":230001,"msg":"invalid param {{FeishuHarness.Secret}}"}"""),
            FeishuReply.Raw(400, $$"""{"code":230013,"msg":"{{FeishuHarness.Secret}} t-token-1"}"""),
            FeishuReply.Raw(500, FeishuHarness.Secret));

        var outcomes = new List<FeishuOutcome>();
        for (var i = 0; i < 7; i++) outcomes.Add(await h.SendAsync());
        var token = await h.Tokens.GetTokenAsync();

        Assert.True(token.Succeeded);
        Assert.Contains(FeishuHarness.Secret, h.Fake.TokenRequests[0].Body); // it was sent, so it could have leaked
        Assert.Equal(
            [FeishuOutcomeKind.Failed, FeishuOutcomeKind.Transient, FeishuOutcomeKind.Transient, FeishuOutcomeKind.Failed,
             FeishuOutcomeKind.Failed, FeishuOutcomeKind.Gone, FeishuOutcomeKind.Transient],
            outcomes.Select(o => o.Kind));
        Assert.NotEmpty(h.Logs.Entries);
        Assert.DoesNotContain(FeishuHarness.Secret, h.Logs.AllText);
        Assert.DoesNotContain("t-token-1", h.Logs.AllText);
        Assert.All(outcomes, o => Assert.DoesNotContain(FeishuHarness.Secret, o.ToString()));
        Assert.All(outcomes, o => Assert.DoesNotContain("t-token-1", o.ToString()));
        Assert.DoesNotContain("t-token-1", token.ToString());
    }

    [Fact]
    public void The_options_describe_themselves_without_any_secret()
    {
        var options = new FeishuOptions { AppId = "cli_app", AppSecret = "app-secret-value", EncryptKey = "encrypt-key-value", VerificationToken = "verification-value" };

        var text = options.ToString();

        Assert.Contains("cli_app", text);
        Assert.DoesNotContain("app-secret-value", text);
        Assert.DoesNotContain("encrypt-key-value", text);
        Assert.DoesNotContain("verification-value", text);
    }
}
