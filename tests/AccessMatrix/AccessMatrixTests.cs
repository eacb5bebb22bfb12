using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Hostile;
using OkrBot.Tests.Support;
using OkrBot.Tests.Teams.Bot;

namespace OkrBot.Tests.AccessMatrix;

public enum Role { Owner, Participant, Manager, SkipLevelManager, Colleague, OtherTenant }

public enum Operation { ShowKr, ListOwnersOkrs, CheckIn, MarkAtRisk }

/// <summary>
/// One cell of the access matrix (docs/reliability.md): <paramref name="Role"/> (seen from the KR: its owner, a participant,
/// the owner's manager, that manager's manager, a colleague, someone of another tenant) tries <paramref name="Operation"/>
/// on a KR of a public or private objective, through the chat.
/// </summary>
public sealed record AccessCell(Role Role, Visibility Visibility, Operation Operation, bool Allowed)
{
    public string Name => $"{Visibility.ToString().ToLowerInvariant()} OKR, {Describe(Role)}: {Describe(Operation)}";

    public string Row => $"| {Visibility.ToString().ToLowerInvariant()} | {Describe(Role)}: {Describe(Operation)} | " +
                         $"{(Allowed ? "allowed" : "refused")} | {(Allowed ? Effect(Operation) : "unchanged")} |";

    public override string ToString() => Name;

    private static string Describe(Role role) => role switch
    {
        Role.Owner => "the owner",
        Role.Participant => "a participant",
        Role.Manager => "the owner's manager",
        Role.SkipLevelManager => "the manager's manager",
        Role.Colleague => "a colleague",
        _ => "someone of another tenant",
    };

    private static string Describe(Operation operation) => operation switch
    {
        Operation.ShowKr => "opens the KR",
        Operation.ListOwnersOkrs => "lists the owner's OKRs",
        Operation.CheckIn => "checks in on the KR",
        _ => "marks the KR at risk",
    };

    private static string Effect(Operation operation) => operation switch
    {
        Operation.CheckIn => "the check-in recorded",
        Operation.MarkAtRisk => "the KR at risk, the owner side told",
        _ => "unchanged",
    };
}

/// <summary>
/// Who may read and change which OKRs, through the chat (Teams invokes and messages, with tokens, on PostgreSQL): every role
/// around a KR, on a public and on a private objective, opening it, listing its owner's OKRs, checking in, marking it at
/// risk. Allowed means it is shown or done; refused means the person is told and nothing changes. Each cell works on a KR of
/// its own, so the cells do not depend on each other. (The API's side of the matrix comes with the API.)
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.World world) : IClassFixture<AccessMatrixTests.World>
{
    private static readonly BotText En = BotText.English;

    public static IReadOnlyList<AccessCell> Cells { get; } =
    [
        .. from visibility in new[] { Visibility.Public, Visibility.Private }
           from operation in Enum.GetValues<Operation>()
           from role in Enum.GetValues<Role>()
           select new AccessCell(role, visibility, operation, Allowed(role, visibility, operation)),
    ];

    /// <summary>
    /// The rules (core/Rules/Access.cs), stated again as a table: a public OKR is seen by everyone in the tenant and anyone who
    /// sees a KR may flag it; a private one only by the owner side and the owner's manager chain; a KR is changed by its owner,
    /// its participants and the owner's manager chain; nothing crosses tenants.
    /// </summary>
    private static bool Allowed(Role role, Visibility visibility, Operation operation)
    {
        if (role == Role.OtherTenant) return false;
        var ownerSide = role is Role.Owner or Role.Participant or Role.Manager or Role.SkipLevelManager;
        var sees = visibility == Visibility.Public || ownerSide;
        return operation == Operation.CheckIn ? ownerSide : sees;
    }

    public static TheoryData<string> Names => [.. Cells.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Through_the_chat(string cell)
    {
        var c = Cells.Single(x => x.Name == cell);
        var (owner, objective, kr) = await world.KrAsync(c.Visibility);
        var actor = c.Role == Role.Owner ? owner : world.Actor(c.Role);
        var tenant = c.Role == Role.OtherTenant ? world.Elsewhere.Tenant : world.Contoso.Tenant;
        var before = await StoreSnapshot.TakeAsync(world.Store);
        var repliesBefore = world.Bot.SentCards().Count;

        var (answer, text) = c.Operation switch
        {
            Operation.ShowKr => await InvokeAsync(actor, tenant, CardVerbs.KrShow, new JsonObject { [CardVerbs.KeyResultKey] = kr.Id.ToString() }),
            Operation.CheckIn => await InvokeAsync(actor, tenant, CardVerbs.CheckInSubmit, new JsonObject
            {
                [CardVerbs.WeekKey] = HostileWorld.ThisWeek.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                [CardVerbs.KeyResultsKey] = kr.Id.ToString(), [CardVerbs.ValueInput(kr.Id)] = "37", [CardVerbs.StatusInput(kr.Id)] = "OnTrack",
            }),
            Operation.MarkAtRisk => await InvokeAsync(actor, tenant, CardVerbs.KrAtRiskSubmit, new JsonObject
            {
                [CardVerbs.KeyResultKey] = kr.Id.ToString(), [CardVerbs.ReasonInput] = "The vendor slipped", [CardVerbs.RiskStatusInput] = "AtRisk",
            }),
            _ => await ListAsync(actor, tenant, owner),
        };

        answer.AssertSafe();
        var after = await StoreSnapshot.TakeAsync(world.Store);
        switch (c.Operation, c.Allowed)
        {
            case (Operation.ShowKr, true):
                Assert.Contains(kr.Title, text);
                break;
            case (Operation.ListOwnersOkrs, true):
                Assert.Contains(objective.Title, text);
                break;
            case (Operation.ListOwnersOkrs, false):
                Assert.DoesNotContain(objective.Title, text);
                break;
            case (Operation.CheckIn, true):
                Assert.Contains(En.CheckInDoneTitle, text);
                await using (var db = world.Store.Database.Open())
                    Assert.Equal((37m, 1), ((await db.KeyResults.SingleAsync(k => k.Id == kr.Id)).CurrentValue, await db.CheckIns.CountAsync(x => x.KeyResultId == kr.Id)));
                break;
            case (Operation.MarkAtRisk, true):
                Assert.Contains("Marked at risk.", text);
                await using (var db = world.Store.Database.Open())
                    Assert.Equal(KrStatus.AtRisk, (await db.KeyResults.SingleAsync(k => k.Id == kr.Id)).Status);
                break;
            case (Operation.CheckIn, false) when c.Visibility == Visibility.Public && c.Role != Role.OtherTenant:
                // A colleague sees a public KR but may not change it: told so, not told it does not exist.
                Assert.Contains(En.Refusal(OkrErrorCode.Forbidden, "keyResultId"), text);
                break;
            default:
                // Not seen: "does not exist", whether it is private or in another tenant (nothing about it leaks).
                Assert.Contains(En.Refusal(OkrErrorCode.NotFound, "keyResultId"), text);
                Assert.DoesNotContain(kr.Title, text);
                break;
        }
        if (!c.Allowed || c.Operation is Operation.ShowKr or Operation.ListOwnersOkrs)
            after.AssertUnchangedSince(before, c.Name);
        else if (c.Operation == Operation.CheckIn)
            after.AssertOnlyChangedSince(before, c.Name, "CheckIns", "KeyResults", "AuditEntries");
        else
            after.AssertOnlyChangedSince(before, c.Name, "KeyResults", "AuditEntries", "Deliveries");
        Assert.Equal(c.Operation == Operation.ListOwnersOkrs ? 1 : 0, world.Bot.SentCards().Count - repliesBefore);
    }

    private async Task<(HostileAnswer Answer, string Text)> InvokeAsync(Person actor, Tenant tenant, string verb, JsonObject data)
    {
        var invoke = world.Bot.Invoke(verb, data);
        World.AsPerson(invoke, actor, tenant);
        var answer = await HostileAnswer.ReadAsync(await world.Bot.PostAsync(invoke, world.Bot.Issuer!.BotFrameworkToken()));
        Assert.Equal(200, answer.Status);
        return (answer, answer.Text);
    }

    /// <summary>"okrs of (the owner)": the list comes back as a reply on the person's chat.</summary>
    private async Task<(HostileAnswer Answer, string Text)> ListAsync(Person actor, Tenant tenant, Person owner)
    {
        var message = world.Bot.Message("okrs of " + owner.DisplayName);
        World.AsPerson(message, actor, tenant);
        var answer = await HostileAnswer.ReadAsync(await world.Bot.PostAsync(message, world.Bot.Issuer!.BotFrameworkToken()));
        Assert.Equal(200, answer.Status);
        var reply = world.Bot.SentCards()[^1].Card;
        return (answer, string.Join("\n", reply.Descendants().OfType<JsonValue>().Where(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            .Select(v => v.GetValue<string>())));
    }

    /// <summary>
    /// Contoso: Sky manages Mona, who manages the owner of each cell's KR (a new one per cell, so that every owner's list is
    /// short); Pat takes part in each KR; Cole is a colleague. Elsewhere: Xena. Everyone has talked to the bot once.
    /// </summary>
    public sealed class World : IAsyncLifetime
    {
        public TestStore Store { get; private set; } = null!;
        public TeamsBot Bot { get; private set; } = null!;
        public Org Contoso { get; private set; } = null!;
        public Org Elsewhere { get; private set; } = null!;
        public Person Sky { get; private set; } = null!;
        public Person Mona { get; private set; } = null!;
        public Person Pat { get; private set; } = null!;
        public Person Cole { get; private set; } = null!;
        public Person Xena { get; private set; } = null!;

        private int _krs;

        public async Task InitializeAsync()
        {
            Store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
            Bot = await TeamsBot.StartAsync(Store, withAppId: true, configure: b =>
            {
                b.UseSetting("Delivery:Dispatcher:Enabled", "false");
                b.UseSetting("Rhythm:Enabled", "false");
            });
            Contoso = await Org.CreateAsync(Store, "Contoso");
            Sky = await Contoso.PersonAsync("Sky Lindqvist");
            Mona = await Contoso.PersonAsync("Mona Reyes", manager: Sky);
            Pat = await Contoso.PersonAsync("Pat Kim");
            Cole = await Contoso.PersonAsync("Cole Baker");
            Elsewhere = await Org.CreateAsync(Store, "Elsewhere");
            Xena = await Elsewhere.PersonAsync("Xena Park");
            foreach (var person in new[] { Sky, Mona, Pat, Cole })
                await Bot.PostAsync(Said(person, Contoso.Tenant, "help"), Bot.Issuer!.BotFrameworkToken());
            await Bot.PostAsync(Said(Xena, Elsewhere.Tenant, "help"), Bot.Issuer!.BotFrameworkToken());
        }

        public async Task DisposeAsync()
        {
            await Bot.DisposeAsync();
            await Store.DisposeAsync();
        }

        public Person Actor(Role role) => role switch
        {
            Role.Owner => throw new ArgumentOutOfRangeException(nameof(role), "Each cell has an owner of its own."),
            Role.Participant => Pat,
            Role.Manager => Mona,
            Role.SkipLevelManager => Sky,
            Role.Colleague => Cole,
            _ => Xena,
        };

        /// <summary>A new owner reporting to Mona, with an objective of <paramref name="visibility"/> and one KR, Pat taking part in it.</summary>
        public async Task<(Person Owner, Objective Objective, KeyResult Kr)> KrAsync(Visibility visibility)
        {
            var n = Interlocked.Increment(ref _krs);
            var owner = await Contoso.PersonAsync($"Owner{n} Quill", manager: Mona);
            await Bot.PostAsync(Said(owner, Contoso.Tenant, "help"), Bot.Issuer!.BotFrameworkToken());
            var objective = await Contoso.ObjectiveAsync(owner, $"Objective {n} ({visibility})", visibility: visibility);
            return (owner, objective, await Contoso.KeyResultAsync(objective, owner, $"Key result {n} ({visibility})", current: 10, participants: Pat));
        }

        private JsonObject Said(Person person, Tenant tenant, string text)
        {
            var message = Bot.Message(text);
            AsPerson(message, person, tenant);
            return message;
        }

        public static void AsPerson(JsonObject activity, Person person, Tenant tenant)
        {
            activity["from"] = new JsonObject { ["id"] = person.ExternalId, ["name"] = person.DisplayName };
            activity["conversation"] = new JsonObject
            {
                ["conversationType"] = "personal", ["tenantId"] = tenant.ExternalId, ["id"] = "a:conversation-of-" + person.ExternalId,
            };
            activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant.ExternalId } };
        }
    }
}
