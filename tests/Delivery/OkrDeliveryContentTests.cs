using Microsoft.Extensions.Logging.Abstractions;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Demo;
using OkrBot.Core.Messages;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Delivery;

public sealed class OkrDeliveryContentTests() : StoreTests(DatabaseProvider.Postgres)
{
    private OkrDeliveryContent Content => new(new PeopleService(Store.Database,
        new DemoOrganisation(Store.Database, Store.Clock, NullLogger<DemoOrganisation>.Instance), Store.Clock));

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

    [Theory]
    [InlineData(DeliveryKind.AtRiskAlert, null)]
    [InlineData(DeliveryKind.CheckInPrompt, null)]
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
