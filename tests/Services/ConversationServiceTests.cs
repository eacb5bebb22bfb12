using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class ConversationServiceOnPostgres() : ConversationServiceTests(DatabaseProvider.Postgres);
public sealed class ConversationServiceOnSqlite() : ConversationServiceTests(DatabaseProvider.Sqlite);

public abstract class ConversationServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private ConversationService Service => new(Store.Database, Store.Clock);

    private static ConversationAddress Address(string id = "a:1") => new(id, "https://smba.trafficmanager.net/amer/", "msteams", "personal", "28:bot");

    [Fact]
    public async Task A_captured_reference_is_persisted_and_a_reinstall_replaces_it()
    {
        var org = await Org.CreateAsync(Store);
        var ada = await org.PersonAsync("Ada");

        await Service.CaptureAsync(ada, Channel.Teams, Address("a:1"));
        await Service.CaptureAsync(ada, Channel.Teams, Address("a:2"));

        var stored = await Service.FindAsync(org.Tenant.Id, ada.Id, Channel.Teams);
        Assert.Equal(("a:2", "https://smba.trafficmanager.net/amer/", "28:bot", ada.ExternalId, true),
            (stored!.ConversationId, stored.ServiceUrl, stored.BotId, stored.UserId, stored.IsActive));
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.ConversationReferences.CountAsync());
    }

    [Fact]
    public async Task A_reference_read_with_the_person_is_refreshed_only_when_the_address_changed_it()
    {
        var org = await Org.CreateAsync(Store);
        var ada = await org.PersonAsync("Ada");
        var first = (await Service.CaptureAsync(ada, Channel.Teams, Address("a:1"))).Value!.Reference;
        await Service.MarkInactiveAsync(ada.Id, Channel.Teams, "blocked");
        var readWithAda = await Service.FindAsync(org.Tenant.Id, ada.Id, Channel.Teams);

        // The snapshot is stale (inactive since): capturing the same address makes the stored one active again.
        var again = await Service.CaptureAsync(ada, Channel.Teams, Address("a:1"), stored: readWithAda);
        var unchanged = await Service.CaptureAsync(ada, Channel.Teams, Address("a:1"), stored: again.Value!.Reference);
        var moved = await Service.CaptureAsync(ada, Channel.Teams, Address("a:2"), stored: again.Value!.Reference);

        Assert.Equal((false, true), (again.Value.IsNew, again.Value.Changed));
        Assert.Equal((false, false), (unchanged.Value!.IsNew, unchanged.Value.Changed));
        Assert.Equal((false, true), (moved.Value!.IsNew, moved.Value.Changed));
        var stored = await Service.FindAsync(org.Tenant.Id, ada.Id, Channel.Teams);
        Assert.Equal((first.Id, "a:2", true), (stored!.Id, stored.ConversationId, stored.IsActive));
    }

    [Fact]
    public async Task Uninstall_drops_the_reference()
    {
        var org = await Org.CreateAsync(Store);
        var ada = await org.PersonAsync("Ada");
        await Service.CaptureAsync(ada, Channel.Teams, Address());

        Assert.True(await Service.DropAsync(ada, Channel.Teams));
        Assert.False(await Service.DropAsync(ada, Channel.Teams));
        Assert.Null(await Service.FindAsync(org.Tenant.Id, ada.Id, Channel.Teams));
    }

    [Fact]
    public async Task A_gone_person_is_marked_inactive_until_they_talk_to_the_bot_again()
    {
        var org = await Org.CreateAsync(Store);
        var ada = await org.PersonAsync("Ada");
        await Service.CaptureAsync(ada, Channel.Teams, Address());

        Assert.True(await Service.MarkInactiveAsync(ada.Id, Channel.Teams, "ConversationBlockedByUser"));
        var gone = await Service.FindAsync(org.Tenant.Id, ada.Id, Channel.Teams);
        Assert.Equal((false, "ConversationBlockedByUser"), (gone!.IsActive, gone.InactiveReason));

        await Service.CaptureAsync(ada, Channel.Teams, Address());
        var back = await Service.FindAsync(org.Tenant.Id, ada.Id, Channel.Teams);
        Assert.Equal((true, (string?)null), (back!.IsActive, back.InactiveReason));
    }

    [Fact]
    public async Task A_reference_is_not_found_from_another_organisation()
    {
        var ours = await Org.CreateAsync(Store, "Ours");
        var theirs = await Org.CreateAsync(Store, "Theirs");
        var ada = await ours.PersonAsync("Ada");
        await Service.CaptureAsync(ada, Channel.Teams, Address());

        Assert.Null(await Service.FindAsync(theirs.Tenant.Id, ada.Id, Channel.Teams));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task A_reference_without_a_conversation_id_is_refused_and_nothing_is_stored(string conversationId)
    {
        var org = await Org.CreateAsync(Store);
        var ada = await org.PersonAsync("Ada");

        var result = await Service.CaptureAsync(ada, Channel.Teams, Address(conversationId));

        Assert.Equal(OkrErrorCode.Invalid, result.Error!.Code);
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.ConversationReferences.CountAsync());
    }
}
