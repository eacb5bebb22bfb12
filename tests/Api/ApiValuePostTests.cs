using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Jobs.Channels.Teams.Cards;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

public sealed class ApiValuePostTests() : StoreTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task A_posted_value_becomes_the_key_results_current_value_audited_as_the_key()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "write", "CRM sync");

        var answer = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key,
            new JsonObject { ["value"] = 42, ["note"] = "From the nightly pipeline export", ["source"] = "Salesforce" });

        Assert.True(answer.Status == HttpStatusCode.Created, answer.Text);
        Assert.Equal((42m, 10m, "Salesforce", "From the nightly pipeline export"), ((decimal)answer.Json!["value"]!["value"]!,
            (decimal)answer.Json["value"]!["valueBefore"]!, (string)answer.Json["value"]!["source"]!, (string)answer.Json["value"]!["note"]!));
        Assert.Equal((42m, 0.42m), ((decimal)answer.Json["keyResult"]!["currentValue"]!, (decimal)answer.Json["keyResult"]!["progress"]!));
        Assert.Null(answer.Header("Idempotent-Replayed"));
        await using var db = Store.Database.Open();
        var keyRow = await db.ApiKeys.SingleAsync(k => k.TenantId == world.Org.Tenant.Id);
        var kr = await db.KeyResults.SingleAsync(k => k.Id == world.Deals.Id);
        Assert.Equal((42m, world.Deals.Version + 1), (kr.CurrentValue, kr.Version));
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == world.Deals.Id && a.Field == nameof(KeyResult.CurrentValue));
        Assert.Equal((AuditActorKind.ApiKey, keyRow.Id, "10", "42"),
            (audit.ActorKind, audit.ActorId!.Value, Number(audit.OldValue), Number(audit.NewValue)));
        var postAudit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(KeyResultValuePost));
        Assert.Equal((AuditAction.Created, AuditActorKind.ApiKey, keyRow.Id), (postAudit.Action, postAudit.ActorKind, postAudit.ActorId!.Value));
    }

    [Fact]
    public async Task The_posted_value_prefills_the_owners_next_check_in_card_which_says_where_it_came_from()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id, "write", "CRM sync");

        Store.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Created, (await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["value"] = 42 })).Status);
        Assert.Equal(HttpStatusCode.Created, (await bot.PostAsync($"/api/v1/key-results/{world.Coverage.Id}/values", key,
            new JsonObject { ["value"] = 55.5, ["source"] = "BI dashboard" })).Status);
        var card = await CheckInCardAsync(bot, world, "en-US");

        var deals = card.KeyResults.Single(k => k.Id == world.Deals.Id);
        Assert.Equal((42m, "CRM sync", 42m), (deals.CurrentValue, deals.PostedValue!.Source, deals.PostedValue.Value));
        Assert.Equal("BI dashboard", card.KeyResults.Single(k => k.Id == world.Coverage.Id).PostedValue!.Source);
        Assert.Null(card.KeyResults.Single(k => k.Id == world.Launch.Id).PostedValue);
        // Rendered on both messengers, in both languages: the value input starts at 42 and the hint names the source.
        var teams = AdaptiveCardRenderer.Render(card).ToJsonString();
        Assert.Contains("\"value\":42", teams.Replace(" ", ""));
        Assert.Contains(BotText.English.ValuePostedBy("CRM sync", "42"), teams);
        Assert.Contains(BotText.English.ValuePostedBy("BI dashboard", "55.5%"), teams);
        var feishu = FeishuCardRenderer.Render(card).ToJsonString();
        Assert.Contains(BotText.English.ValuePostedBy("CRM sync", "42"), feishu);
        var chinese = await CheckInCardAsync(bot, world, "zh-CN");
        Assert.Contains(BotText.Chinese.ValuePostedBy("CRM sync", "42"), Json(FeishuCardRenderer.Render(chinese)));
        Assert.Contains(BotText.Chinese.ValuePostedBy("CRM sync", "42"), Json(AdaptiveCardRenderer.Render(chinese)));

        // Once the owner checks in, the value is theirs again and the hint goes.
        Store.Clock.Advance(TimeSpan.FromMinutes(5));
        var checkIns = bot.Factory.Services.GetRequiredService<CheckInService>();
        Assert.True((await checkIns.RecordAsync(world.Org.ActorFor(world.Alex), new([new(world.Deals.Id, 45, KrStatus.OnTrack)]))).IsOk);
        var after = await CheckInCardAsync(bot, world, "en-US");
        Assert.Null(after.KeyResults.Single(k => k.Id == world.Deals.Id).PostedValue);
        Assert.DoesNotContain("CRM sync: 4", AdaptiveCardRenderer.Render(after).ToJsonString());
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_is_recorded_once_and_answered_as_the_first()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);
        var body = new JsonObject { ["value"] = 42, ["note"] = "nightly" };

        var first = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, body, "crm-run-2026-11-18");
        Store.Clock.Advance(TimeSpan.FromSeconds(30));
        var snapshot = await bot.SnapshotAsync();
        var retry = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["note"] = "nightly", ["value"] = 42.0 }, "crm-run-2026-11-18");
        var afterRetry = await bot.SnapshotAsync();
        var reused = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["value"] = 43 }, "crm-run-2026-11-18");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, retry.Status));
        Assert.Equal("true", retry.Header("Idempotent-Replayed"));
        Assert.Equal((string)first.Json!["value"]!["id"]!, (string)retry.Json!["value"]!["id"]!);
        Assert.Equal(snapshot, afterRetry);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (reused.Status, reused.ContentType));
        Assert.NotNull(reused.Json!["errors"]!["Idempotency-Key"]);
        Assert.Equal(snapshot, await bot.SnapshotAsync());
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.KeyResultValuePosts.CountAsync());
        Assert.Equal(42m, (await db.KeyResults.SingleAsync(k => k.Id == world.Deals.Id)).CurrentValue);
    }

    [Fact]
    public async Task Parallel_retries_with_one_idempotency_key_record_one_post()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["value"] = 64 }, "same-crm-event")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(answers.Select(a => (string)a.Json!["value"]!["id"]!).Distinct());
        Assert.Equal(5, answers.Count(a => a.Header("Idempotent-Replayed") == "true"));
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.KeyResultValuePosts.CountAsync());
        Assert.Equal(world.Deals.Version + 1, (await db.KeyResults.SingleAsync(k => k.Id == world.Deals.Id)).Version);
    }

    [Fact]
    public async Task Every_malformed_or_unacceptable_post_is_refused_naming_the_field_and_changes_nothing()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store, b => b.UseSetting("Api:MaxRequestBytes", "4096"));
        var key = await bot.KeyAsync(world.Org.Tenant.Id);
        var deals = $"/api/v1/key-results/{world.Deals.Id}/values";
        var before = await bot.SnapshotAsync();

        var cases = new (string Label, string Path, string Body, HttpStatusCode Status, string? Field, string? Idempotency)[]
        {
            ("a percentage above 100", $"/api/v1/key-results/{world.Coverage.Id}/values", """{"value":100.5}""", HttpStatusCode.UnprocessableEntity, "value", null),
            ("a negative percentage", $"/api/v1/key-results/{world.Coverage.Id}/values", """{"value":-1}""", HttpStatusCode.UnprocessableEntity, "value", null),
            ("a milestone half done", $"/api/v1/key-results/{world.Launch.Id}/values", """{"value":0.5}""", HttpStatusCode.UnprocessableEntity, "value", null),
            ("a value beyond any measurement", deals, """{"value":1e13}""", HttpStatusCode.UnprocessableEntity, "value", null),
            ("a number no decimal holds", deals, """{"value":1e400}""", HttpStatusCode.UnprocessableEntity, "value", null),
            ("NaN", deals, """{"value":NaN}""", HttpStatusCode.BadRequest, "body", null),
            ("Infinity", deals, """{"value":Infinity}""", HttpStatusCode.BadRequest, "body", null),
            ("NaN as a string", deals, """{"value":"NaN"}""", HttpStatusCode.BadRequest, "value", null),
            ("a number as a string", deals, """{"value":"42"}""", HttpStatusCode.BadRequest, "value", null),
            ("a boolean", deals, """{"value":true}""", HttpStatusCode.BadRequest, "value", null),
            ("no value", deals, """{"note":"forgot it"}""", HttpStatusCode.BadRequest, "value", null),
            ("a null value", deals, """{"value":null}""", HttpStatusCode.BadRequest, "value", null),
            ("a note that is a number", deals, """{"value":1,"note":5}""", HttpStatusCode.BadRequest, "note", null),
            ("an unknown field", deals, """{"value":1,"vaule":2}""", HttpStatusCode.BadRequest, "vaule", null),
            ("a field twice", deals, """{"value":1,"value":2}""", HttpStatusCode.BadRequest, "value", null),
            ("an array", deals, """[{"value":1}]""", HttpStatusCode.BadRequest, "body", null),
            ("broken JSON", deals, """{"value":""", HttpStatusCode.BadRequest, "body", null),
            ("a note over 2,000 characters", deals, $$"""{"value":1,"note":"{{new string('n', 2001)}}"}""", HttpStatusCode.UnprocessableEntity, "note", null),
            ("a source over 64 characters", deals, $$"""{"value":1,"source":"{{new string('s', 65)}}"}""", HttpStatusCode.UnprocessableEntity, "source", null),
            ("a source on two lines", deals, """{"value":1,"source":"CRM\nsync"}""", HttpStatusCode.UnprocessableEntity, "source", null),
            ("an idempotency key over 255 characters", deals, """{"value":1}""", HttpStatusCode.UnprocessableEntity, "Idempotency-Key", new string('k', 256)),
            ("a KR that does not exist", $"/api/v1/key-results/{Guid.NewGuid()}/values", """{"value":1}""", HttpStatusCode.NotFound, null, null),
            ("a body over the limit", deals, $$"""{"value":1,"note":"{{new string('x', 5000)}}"}""", HttpStatusCode.RequestEntityTooLarge, null, null),
        };
        foreach (var (label, path, body, status, field, idempotency) in cases)
        {
            var answer = await bot.SendAsync(HttpMethod.Post, path, key, body,
                headers: idempotency is null ? null : new() { ["Idempotency-Key"] = idempotency });
            Assert.True(answer.Status == status, $"{label}: expected {status}, got {answer.Status} {answer.Text}");
            Assert.True(answer.ContentType == "application/problem+json", $"{label}: {answer.ContentType}");
            Assert.Equal((int)status, (int)answer.Json!["status"]!);
            if (field is not null) Assert.True(answer.Json["errors"]?[field] is not null, $"{label}: no error for {field} in {answer.Text}");
        }

        var wrongType = await bot.SendAsync(HttpMethod.Post, deals, key, "value=42", "application/x-www-form-urlencoded");
        var noType = await bot.SendAsync(HttpMethod.Post, deals, key, """{"value":42}""", "text/plain");
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "application/problem+json"), (wrongType.Status, wrongType.ContentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, noType.Status);
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_closed_cycle_or_a_dropped_key_result_takes_no_values()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await Org.SetDroppedAsync(Store, world.Coverage, dropped: true);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);

        var dropped = await bot.PostAsync($"/api/v1/key-results/{world.Coverage.Id}/values", key, new JsonObject { ["value"] = 50 });
        await world.Org.SetCycleStateAsync(CycleState.Closed);
        var before = await bot.SnapshotAsync();
        var closed = await bot.PostAsync($"/api/v1/key-results/{world.Deals.Id}/values", key, new JsonObject { ["value"] = 50 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, dropped.Status);
        Assert.Contains("dropped", (string)dropped.Json!["detail"]!);
        Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (closed.Status, closed.ContentType));
        Assert.Equal(before, await bot.SnapshotAsync());
    }

    [Fact]
    public async Task A_milestone_takes_done_and_a_percentage_takes_its_range()
    {
        var world = await ApiWorld.CreateAsync(Store);
        await using var bot = ApiBot.Start(Store);
        var key = await bot.KeyAsync(world.Org.Tenant.Id);

        var launch = await bot.PostAsync($"/api/v1/key-results/{world.Launch.Id}/values", key, new JsonObject { ["value"] = 1 });
        var coverage = await bot.PostAsync($"/api/v1/key-results/{world.Coverage.Id}/values", key, new JsonObject { ["value"] = 100 });

        Assert.Equal((1m, 1m), ((decimal)launch.Json!["keyResult"]!["currentValue"]!, (decimal)launch.Json["keyResult"]!["progress"]!));
        Assert.Equal((100m, 1m), ((decimal)coverage.Json!["keyResult"]!["currentValue"]!, (decimal)coverage.Json["keyResult"]!["progress"]!));
    }

    private static async Task<CheckInCardView> CheckInCardAsync(ApiBot bot, ApiWorld world, string locale)
    {
        var list = await bot.Factory.Services.GetRequiredService<OkrQueryService>().ForPersonAsync(world.Org.ActorFor(world.Alex), world.Alex.Id);
        Assert.True(list.IsOk, list.ToString());
        return CheckInCardView.For(locale, world.Alex.Id, world.Alex.DisplayName, list.Value!);
    }

    /// <summary>A card as text with its Chinese left as it is (the default writer escapes it).</summary>
    private static string Json(JsonNode card) =>
        card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string? Number(string? text) =>
        text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture).ToString("0.####", CultureInfo.InvariantCulture);
}
