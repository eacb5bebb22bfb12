using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Tests.Api;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.AccessMatrix;

/// <summary>Who calls the API: a key of the OKR's organisation (read scope, write scope, revoked) or another organisation's key.</summary>
public enum ApiActor { ReadKey, WriteKey, RevokedKey, OtherTenantsKey }

/// <summary>What the API is asked for an OKR, or (setting a manager) for a person.</summary>
public enum ApiOperation { ListObjectives, ReadKeyResult, ListCheckIns, PostValue, SetManager }

/// <summary>What the cell's request is about: a KR of a public, a private or a draft objective, or a person.</summary>
public enum ApiTarget { Public, Private, Draft, Person }

/// <summary>One cell of the API's access matrix (docs/reliability.md), and the answer decision 0013 gives it.</summary>
public sealed record ApiAccessCell(ApiActor Actor, ApiTarget Target, ApiOperation Operation)
{
    /// <summary>What a key sees: the published public OKRs of its own organisation, nothing else.</summary>
    public bool Visible => (Actor is ApiActor.ReadKey or ApiActor.WriteKey) && (Target is ApiTarget.Public or ApiTarget.Person);

    /// <summary>
    /// Decision 0013, as a table: a revoked key is 401 whatever it asks; another organisation's ids are 404, like ids that exist
    /// nowhere; a read-only key that writes is 403 (before anything is looked up, so the same for any id); OKRs a key may not
    /// see are 404 to read and to write, and simply absent from lists.
    /// </summary>
    public int Status => (Actor, Operation) switch
    {
        (ApiActor.RevokedKey, _) => 401,
        (ApiActor.OtherTenantsKey, _) => 404,
        (ApiActor.ReadKey, ApiOperation.PostValue or ApiOperation.SetManager) => 403,
        (_, ApiOperation.ListObjectives) => 200,
        (_, ApiOperation.PostValue) => Visible ? 201 : 404,
        _ => Visible ? 200 : 404,
    };

    public bool Changes => Status is 201 || (Status == 200 && Operation == ApiOperation.SetManager);

    public string Name => $"{Describe(Target)}, {Describe(Actor)}: {Describe(Operation)}";

    public string Row => $"| {Describe(Target)} | {Describe(Actor)}: {Describe(Operation)} | {Outcome} | {(Changes ? Effect : "unchanged")} |";

    public override string ToString() => Name;

    private string Outcome => (Status, Operation) switch
    {
        (200, ApiOperation.ListObjectives) => Visible ? "200, listed" : "200, not listed",
        (200, ApiOperation.ReadKeyResult) => "200, the KR with its check-ins",
        (200, ApiOperation.ListCheckIns) => "200, its check-ins",
        (200, _) => "200, the person with the new manager",
        (201, _) => "201, the value recorded",
        (401, _) => "401 (revoked)",
        (403, _) => "403 (read scope), as for any id",
        _ => "404, as for an id that exists nowhere",
    };

    private string Effect => Operation == ApiOperation.PostValue ? "the KR's value and the post recorded, audited as the key" : "the manager set, audited as the key";

    private static string Describe(ApiTarget target) => target switch
    {
        ApiTarget.Person => "a person",
        _ => target.ToString().ToLowerInvariant(),
    };

    private static string Describe(ApiActor actor) => actor switch
    {
        ApiActor.ReadKey => "a read key of the organisation",
        ApiActor.WriteKey => "a write key of the organisation",
        ApiActor.RevokedKey => "a revoked key of the organisation",
        _ => "another organisation's write key",
    };

    private static string Describe(ApiOperation operation) => operation switch
    {
        ApiOperation.ListObjectives => "lists the owner's objectives",
        ApiOperation.ReadKeyResult => "reads the KR with its check-ins",
        ApiOperation.ListCheckIns => "lists the KR's check-ins",
        ApiOperation.PostValue => "posts a value to the KR",
        _ => "sets the person's manager",
    };
}

/// <summary>
/// Who may read and change which OKRs, through the API (<c>/api/v1</c>, on PostgreSQL, keys made through the operations
/// endpoints): each kind of key against a KR of a public, a private and a draft objective, listing, reading, listing check-ins
/// and posting a value, and setting a person's manager. Each cell works on an owner, objective and KR of its own. A refusal
/// answers exactly what the same request about an id that exists nowhere answers, and changes nothing in the store.
/// </summary>
public sealed class ApiAccessMatrixTests(ApiAccessMatrixTests.World world) : IClassFixture<ApiAccessMatrixTests.World>
{
    public static IReadOnlyList<ApiAccessCell> Cells { get; } =
    [
        .. from actor in Enum.GetValues<ApiActor>()
           from target in new[] { ApiTarget.Public, ApiTarget.Private, ApiTarget.Draft }
           from operation in new[] { ApiOperation.ListObjectives, ApiOperation.ReadKeyResult, ApiOperation.ListCheckIns, ApiOperation.PostValue }
           select new ApiAccessCell(actor, target, operation),
        .. from actor in Enum.GetValues<ApiActor>() select new ApiAccessCell(actor, ApiTarget.Person, ApiOperation.SetManager),
    ];

    public static TheoryData<string> Names => [.. Cells.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Through_the_api(string cell)
    {
        var c = Cells.Single(x => x.Name == cell);
        var (owner, objective, kr) = await world.OkrAsync(c.Target);
        var key = world.Key(c.Actor);
        var before = await StoreSnapshot.TakeAsync(world.Store);

        var answer = await SendAsync(c.Operation, key, owner.Id, kr.Id);

        Assert.True((int)answer.Status == c.Status, $"{c.Name}: expected {c.Status}, got {(int)answer.Status}: {answer.Text}");
        Assert.DoesNotContain(key[(Core.Integrations.ApiKeyFormat.PrefixLength + 1)..], answer.Text);
        var after = await StoreSnapshot.TakeAsync(world.Store);
        if (c.Status >= 400)
        {
            Assert.Equal("application/problem+json", answer.ContentType);
            Assert.DoesNotContain(objective.Title, answer.Text);
            Assert.DoesNotContain(kr.Title, answer.Text);
            // The same request about ids that exist nowhere: the same answer, so a refusal tells nothing about what exists.
            var nowhere = await SendAsync(c.Operation, key, Guid.NewGuid(), Guid.NewGuid());
            Assert.Equal(((int)nowhere.Status, Problem(nowhere)), ((int)answer.Status, Problem(answer)));
            after.AssertUnchangedSince(before, c.Name);
            return;
        }

        switch (c.Operation)
        {
            case ApiOperation.ListObjectives:
                var titles = answer.Json!["items"]!.AsArray().Select(o => (string)o!["title"]!).ToList();
                if (c.Visible) Assert.Equal([objective.Title], titles);
                else Assert.Empty(titles);
                break;
            case ApiOperation.ReadKeyResult:
                Assert.Equal((kr.Title, 1), ((string)answer.Json!["keyResult"]!["title"]!, answer.Json["checkIns"]!.AsArray().Count));
                break;
            case ApiOperation.ListCheckIns:
                Assert.Equal([kr.Id.ToString()], answer.Json!["items"]!.AsArray().Select(i => (string)i!["keyResultId"]!));
                break;
            case ApiOperation.PostValue:
                await using (var db = world.Store.Database.Open())
                    Assert.Equal(37m, (await db.KeyResults.SingleAsync(k => k.Id == kr.Id)).CurrentValue);
                after.AssertOnlyChangedSince(before, c.Name, "KeyResults", "KeyResultValuePosts", "AuditEntries");
                return;
            case ApiOperation.SetManager:
                Assert.Equal(world.Mona.Id.ToString(), (string?)answer.Json!["managerId"]);
                after.AssertOnlyChangedSince(before, c.Name, "People", "AuditEntries");
                await using (var db = world.Store.Database.Open())
                    Assert.Equal(AuditActorKind.ApiKey, (await db.AuditEntries.SingleAsync(a => a.EntityId == owner.Id && a.Field == nameof(Person.ManagerId))).ActorKind);
                return;
        }
        after.AssertUnchangedSince(before, c.Name);
    }

    private Task<ApiAnswer> SendAsync(ApiOperation operation, string key, Guid ownerId, Guid krId) => operation switch
    {
        ApiOperation.ListObjectives => world.Bot.GetAsync($"/api/v1/objectives?personId={ownerId}&limit=200", key),
        ApiOperation.ReadKeyResult => world.Bot.GetAsync($"/api/v1/key-results/{krId}", key),
        ApiOperation.ListCheckIns => world.Bot.GetAsync($"/api/v1/check-ins?keyResultId={krId}", key),
        ApiOperation.PostValue => world.Bot.PostAsync($"/api/v1/key-results/{krId}/values", key, new JsonObject { ["value"] = 37 }),
        _ => world.Bot.PutAsync($"/api/v1/people/{ownerId}/manager", key, new JsonObject { ["managerId"] = world.Mona.Id.ToString() }),
    };

    /// <summary>What a problem says, without the trace id that differs per request.</summary>
    private static string Problem(ApiAnswer answer)
    {
        var json = answer.Json!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }

    /// <summary>
    /// Contoso, with Mona (the manager the set-manager cells name) and a new owner per cell; Elsewhere, another organisation
    /// with an OKR of its own. Contoso's keys: one that reads, one that writes, one revoked; Elsewhere's: one that writes.
    /// </summary>
    public sealed class World : IAsyncLifetime
    {
        public TestStore Store { get; private set; } = null!;
        public ApiBot Bot { get; private set; } = null!;
        public Org Contoso { get; private set; } = null!;
        public Person Mona { get; private set; } = null!;

        private readonly Dictionary<ApiActor, string> _keys = [];
        private int _cells;

        public async Task InitializeAsync()
        {
            Store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
            Bot = ApiBot.Start(Store);
            Contoso = await Org.CreateAsync(Store, "Contoso");
            Mona = await Contoso.PersonAsync("Mona Reyes");
            var elsewhere = await Org.CreateAsync(Store, "Elsewhere");
            var xena = await elsewhere.PersonAsync("Xena Park");
            await elsewhere.KeyResultAsync(await elsewhere.ObjectiveAsync(xena, "Elsewhere's objective"), xena, "Elsewhere's KR");

            _keys[ApiActor.ReadKey] = await Bot.KeyAsync(Contoso.Tenant.Id, "read", "Dashboard");
            _keys[ApiActor.WriteKey] = await Bot.KeyAsync(Contoso.Tenant.Id, "write", "CRM sync");
            _keys[ApiActor.RevokedKey] = await Bot.KeyAsync(Contoso.Tenant.Id, "write", "Old CRM sync");
            _keys[ApiActor.OtherTenantsKey] = await Bot.KeyAsync(elsewhere.Tenant.Id, "write", "Elsewhere's CRM");
            var listed = await Bot.OpsAsync(HttpMethod.Get, $"/ops/tenants/{Contoso.Tenant.Id}/api-keys");
            var revoked = listed.Json!["apiKeys"]!.AsArray().Single(k => (string)k!["name"]! == "Old CRM sync")!;
            Assert.Equal(HttpStatusCode.OK, (await Bot.OpsAsync(HttpMethod.Delete, $"/ops/tenants/{Contoso.Tenant.Id}/api-keys/{revoked["id"]}")).Status);
        }

        public async Task DisposeAsync()
        {
            await Bot.DisposeAsync();
            await Store.DisposeAsync();
        }

        public string Key(ApiActor actor) => _keys[actor];

        /// <summary>A new owner with an objective of the target's kind (public for a person's cell), a KR and one check-in on it.</summary>
        public async Task<(Person Owner, Objective Objective, KeyResult Kr)> OkrAsync(ApiTarget target)
        {
            var n = Interlocked.Increment(ref _cells);
            var owner = await Contoso.PersonAsync($"Owner{n} Quill");
            var objective = await Contoso.ObjectiveAsync(owner, $"Objective {n} ({target})",
                visibility: target == ApiTarget.Private ? Visibility.Private : Visibility.Public,
                state: target == ApiTarget.Draft ? ObjectiveState.Draft : ObjectiveState.Published);
            var kr = await Contoso.KeyResultAsync(objective, owner, $"Key result {n} ({target})", current: 10);
            await using var db = Store.Database.Open();
            var now = Store.Clock.GetUtcNow();
            db.CheckIns.Add(new CheckIn
            {
                TenantId = Contoso.Tenant.Id, KeyResultId = kr.Id, AuthorId = owner.Id, WeekOf = new DateOnly(2026, 11, 16), Value = 10, ValueBefore = 0,
                Status = KrStatus.OnTrack, Note = $"Check-in {n}", CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
            return (owner, objective, kr);
        }
    }
}
