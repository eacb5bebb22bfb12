using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class OkrDeliveryContentTests() : StoreTests(DatabaseProvider.Postgres)
{
    private OkrDeliveryContent Content => DeliveryWorld.OkrContent(Store, Store.Clock,
        new DeliveryQueue(Store.Database, new ConversationService(Store.Database, Store.Clock), new DeliveryOptions(), Store.Clock,
            NullLogger<DeliveryQueue>.Instance));

    private static readonly DateTimeOffset FridayBerlin1030 = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayBerlin1030 = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private async Task<(Org Org, Person Maya, Person Alice, KeyResult Kr)> TeamAsync(DateOnly? aliceAwayUntil = null)
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya", timeZone: "Asia/Shanghai");
        var alice = await org.PersonAsync("Alice", maya, timeZone: "Europe/Berlin", awayUntil: aliceAwayUntil);
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "NPS");
        return (org, maya, alice, kr);
    }

    private async Task CheckInAsync(Org org, Person person, KeyResult kr)
    {
        var receipt = await new CheckInService(Store.Database, Store.Clock)
            .RecordAsync(org.ActorFor(person), new CheckInRequest([new CheckInInput(kr.Id, 10, KrStatus.OnTrack)]));
        Assert.Null(receipt.Error);
    }

    private Task<DeliveryContent> RenderAsync(Org org, Person recipient, DeliveryKind kind, string periodKey) =>
        Content.RenderAsync(new DeliveryClaim(Guid.NewGuid(), org.Tenant.Id, recipient.Id, Channel.Teams, kind, periodKey, null, 1, "node",
            Store.Clock.GetUtcNow().AddMinutes(2), Store.Clock.GetUtcNow()), new DeliveryRecipient(recipient, org.Tenant, null), CancellationToken.None);

    [Fact]
    public async Task A_prompt_is_the_persons_check_in_card_for_the_week_and_nothing_once_they_checked_in()
    {
        Store.Clock.Set(FridayBerlin1030);
        var (org, _, alice, kr) = await TeamAsync();

        var card = Assert.IsType<CheckInCardView>((await RenderAsync(org, alice, DeliveryKind.CheckInPrompt, "2026-11-16")).View);
        Assert.Equal((new DateOnly(2026, 11, 16), false, kr.Id), (card.WeekOf, card.IsReminder, Assert.Single(card.KeyResults).Id));

        await CheckInAsync(org, alice, kr);
        var after = await RenderAsync(org, alice, DeliveryKind.CheckInPrompt, "2026-11-16");
        Assert.Null(after.View);
        Assert.Contains("already checked in", after.Reason);
    }

    [Fact]
    public async Task A_reminder_is_the_same_card_saying_it_is_a_reminder_and_nothing_once_they_answered()
    {
        Store.Clock.Set(MondayBerlin1030);
        var (org, _, alice, kr) = await TeamAsync();

        var card = Assert.IsType<CheckInCardView>((await RenderAsync(org, alice, DeliveryKind.CheckInReminder, "2026-11-16")).View);
        Assert.True(card.IsReminder);
        Assert.Equal(new DateOnly(2026, 11, 23), card.WeekOf); // the answer is booked into the week it is given in

        await CheckInAsync(org, alice, kr);
        Assert.Null((await RenderAsync(org, alice, DeliveryKind.CheckInReminder, "2026-11-16")).View);
    }

    [Fact]
    public async Task Away_people_and_people_without_key_results_get_no_prompt_and_a_stale_week_is_not_sent()
    {
        Store.Clock.Set(FridayBerlin1030);
        var (org, maya, alice, _) = await TeamAsync(aliceAwayUntil: new DateOnly(2026, 11, 27));

        Assert.Contains("away", (await RenderAsync(org, alice, DeliveryKind.CheckInPrompt, "2026-11-16")).Reason);
        Assert.Contains("no key results", (await RenderAsync(org, maya, DeliveryKind.CheckInPrompt, "2026-11-16")).Reason);
        var bob = await org.PersonAsync("Bob", timeZone: "Europe/Berlin");
        await org.KeyResultAsync(await org.ObjectiveAsync(bob), bob);
        Assert.Contains("over", (await RenderAsync(org, bob, DeliveryKind.CheckInPrompt, "2026-11-09")).Reason);
    }

    [Fact]
    public async Task An_escalation_tells_the_manager_in_their_language_who_has_not_checked_in_until_they_do()
    {
        Store.Clock.Set(MondayBerlin1030.AddDays(1));
        var (org, maya, alice, kr) = await TeamAsync();
        maya.Locale = "zh-CN";
        var key = RhythmPeriods.Escalation(new DateOnly(2026, 11, 16), alice.Id);

        var notice = Assert.IsType<NoticeView>((await RenderAsync(org, maya, DeliveryKind.Escalation, key)).View);
        Assert.Equal((NoticeKind.Warning, "zh-CN"), (notice.Kind, notice.Locale));
        Assert.Contains("Alice", notice.Message);
        Assert.Contains("2026年11月16日", notice.Message);

        Assert.Contains("another manager", (await RenderAsync(org, alice, DeliveryKind.Escalation, key)).Reason);
        await CheckInAsync(org, alice, kr);
        Assert.Null((await RenderAsync(org, maya, DeliveryKind.Escalation, key)).View);
    }

    [Fact]
    public async Task An_at_risk_alert_is_rendered_for_its_recipient_in_their_language_with_who_raised_it()
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");
        var alice = await org.PersonAsync("Alice", maya);
        var bob = await org.PersonAsync("Bob");
        var kr = await org.KeyResultAsync(await org.ObjectiveAsync(alice), alice, "NPS");
        var payload = new AtRiskAlertPayload(kr.Id, "NPS", alice.Id, bob.Id, KrStatus.OffTrack, "Vendor slipped");
        var claim = Claim(org, maya, DeliveryKind.AtRiskAlert, new DeliveryRequest(org.Tenant.Id, maya.Id, Channel.Teams, DeliveryKind.AtRiskAlert, "p").WithPayload(payload).Payload);
        maya.Locale = "zh-CN";

        var content = await Content.RenderAsync(claim, new DeliveryRecipient(maya, org.Tenant, null), CancellationToken.None);

        var view = Assert.IsType<AtRiskAlertView>(content.View);
        Assert.Equal(("zh-CN", "Alice", "Bob", KrStatus.OffTrack, "Vendor slipped", false),
            (view.Locale, view.OwnerName, view.RaisedByName, view.Status, view.Reason, view.RecipientIsOwner));
    }

    [Fact]
    public async Task A_review_request_is_the_persons_review_card_and_nothing_once_every_kr_is_decided()
    {
        Store.Clock.Set(FridayBerlin1030);
        var (org, _, alice, kr) = await TeamAsync();
        var period = RhythmPeriods.Cycle(org.Quarter.Id);

        var card = Assert.IsType<ReviewCardView>((await RenderAsync(org, alice, DeliveryKind.MidCycleReview, period)).View);
        Assert.Equal((org.Quarter.Id, kr.Id, false), (card.Sheet.CycleId, Assert.Single(card.Sheet.Items).KeyResult.Id, card.IsReminder));

        Assert.Null((await new ReviewService(Store.Database, Store.Clock).RecordDecisionAsync(org.ActorFor(alice), kr.Id, ReviewDecisionKind.Keep, null)).Error);
        Assert.Contains("already reviewed", (await RenderAsync(org, alice, DeliveryKind.MidCycleReview, period)).Reason);
    }

    [Fact]
    public async Task A_scoring_request_suggests_scores_says_when_it_is_a_reminder_and_stops_once_everything_is_scored()
    {
        Store.Clock.Set(new DateTimeOffset(2026, 12, 29, 9, 30, 0, TimeSpan.Zero));
        var (org, _, alice, kr) = await TeamAsync();
        await using (var db = Store.Database.Open())
        {
            (await db.KeyResults.FindAsync(kr.Id))!.CurrentValue = 68;
            await db.SaveChangesAsync();
        }

        var card = Assert.IsType<ScoringCardView>((await RenderAsync(org, alice, DeliveryKind.ScoringPrompt, RhythmPeriods.Cycle(org.Quarter.Id, 2))).View);
        Assert.True(card.IsReminder);
        Assert.Equal((0.7m, (decimal?)null), (Assert.Single(card.Sheet.Items).SuggestedScore, card.Sheet.Items[0].Score));

        Assert.Null((await new ScoringService(Store.Database, Store.Clock).RecordScoreAsync(org.ActorFor(alice), kr.Id, 0.6m, "Close")).Error);
        Assert.Contains("already scored", (await RenderAsync(org, alice, DeliveryKind.ScoringPrompt, RhythmPeriods.Cycle(org.Quarter.Id, 3))).Reason);
    }

    [Fact]
    public async Task The_manager_digest_reports_on_the_week_of_the_last_prompt_and_results_and_planning_name_their_cycle()
    {
        Store.Clock.Set(MondayBerlin1030);
        var (org, maya, alice, kr) = await TeamAsync();
        var next = new Cycle { TenantId = org.Tenant.Id, Name = "2027 Q1", StartDate = new(2027, 1, 1), EndDate = new(2027, 3, 31) };
        await using (var db = Store.Database.Open())
        {
            db.Cycles.Add(next);
            await db.SaveChangesAsync();
        }

        var digest = Assert.IsType<ManagerDigestView>((await RenderAsync(org, maya, DeliveryKind.ManagerDigest, "2026-11-23")).View).Digest;
        Assert.Equal((new DateOnly(2026, 11, 16), "Alice"), (digest.WeekOf, Assert.Single(digest.Missing).Name));

        var results = Assert.IsType<ResultsDigestView>((await RenderAsync(org, maya, DeliveryKind.ResultsDigest, RhythmPeriods.Cycle(org.Quarter.Id))).View).Results;
        Assert.Equal((kr.Id, (decimal?)null), (Assert.Single(results.KeyResults).KeyResultId, results.KeyResults.Single().Score));

        var planning = Assert.IsType<PlanningReminderView>((await RenderAsync(org, alice, DeliveryKind.PlanningReminder, RhythmPeriods.Cycle(org.Quarter.Id))).View);
        Assert.Equal(("2026 Q4", new DateOnly(2026, 12, 31), "2027 Q1", (DateOnly?)new DateOnly(2027, 1, 1)),
            (planning.CycleName, planning.EndDate, planning.NextCycleName, planning.NextCycleStart));
    }

    [Theory]
    [InlineData(DeliveryKind.ManagerDigest)]
    [InlineData(DeliveryKind.MidCycleReview)]
    [InlineData(DeliveryKind.ScoringPrompt)]
    [InlineData(DeliveryKind.ResultsDigest)]
    [InlineData(DeliveryKind.PlanningReminder)]
    public async Task Nobody_away_gets_a_digest_a_review_or_a_scoring_request(DeliveryKind kind)
    {
        Store.Clock.Set(MondayBerlin1030);
        var (org, _, alice, _) = await TeamAsync(aliceAwayUntil: new DateOnly(2026, 11, 27));
        var period = kind == DeliveryKind.ManagerDigest ? "2026-11-23" : RhythmPeriods.Cycle(org.Quarter.Id);

        Assert.Equal("the person is away", (await RenderAsync(org, alice, kind, period)).Reason);
    }

    [Theory]
    [InlineData(DeliveryKind.AtRiskAlert, null)]
    [InlineData(DeliveryKind.CheckInPrompt, null)]
    [InlineData(DeliveryKind.MidCycleReview, null)]
    [InlineData(DeliveryKind.ScoringPrompt, null)]
    [InlineData(DeliveryKind.ResultsDigest, null)]
    [InlineData(DeliveryKind.PlanningReminder, null)]
    [InlineData(DeliveryKind.ManagerDigest, null)]
    [InlineData(DeliveryKind.CheckInClosed, null)]
    [InlineData(DeliveryKind.KrChangeRequest, null)]
    [InlineData(DeliveryKind.KrChangeDecision, null)]
    public async Task Without_content_to_show_nothing_is_sent_and_the_reason_says_why(DeliveryKind kind, string? payload)
    {
        var org = await Org.CreateAsync(Store);
        var maya = await org.PersonAsync("Maya");

        var content = await Content.RenderAsync(Claim(org, maya, kind, payload), new DeliveryRecipient(maya, org.Tenant, null), CancellationToken.None);

        Assert.Null(content.View);
        Assert.False(string.IsNullOrWhiteSpace(content.Reason));
    }

    private DeliveryClaim Claim(Org org, Person recipient, DeliveryKind kind, string? payload) =>
        new(Guid.NewGuid(), org.Tenant.Id, recipient.Id, Channel.Teams, kind, "p", payload, 1, "node", Store.Clock.GetUtcNow().AddMinutes(2), Store.Clock.GetUtcNow());
}
