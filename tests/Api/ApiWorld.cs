using OkrBot.Core.Model;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Api;

/// <summary>
/// Two organisations for the API tests. Contoso: Maria manages Alex and Sam (team Sales); Alex owns a public objective with
/// a metric KR (0 -> 100 deals), a percentage KR and a milestone, a private objective and a draft; the Sales team owns a
/// public objective. Fabrikam: one person with one public objective and KR, which Contoso's keys must never reach.
/// </summary>
public sealed class ApiWorld
{
    public required Org Org { get; init; }
    public required Person Maria { get; init; }
    public required Person Alex { get; init; }
    public required Person Sam { get; init; }
    public required Team Sales { get; init; }
    public required Objective Public { get; init; }
    public required KeyResult Deals { get; init; }
    public required KeyResult Coverage { get; init; }
    public required KeyResult Launch { get; init; }
    public required Objective Private { get; init; }
    public required KeyResult PrivateKr { get; init; }
    public required Objective Draft { get; init; }
    public required Objective TeamObjective { get; init; }
    public required Org OtherOrg { get; init; }
    public required Person OtherPerson { get; init; }
    public required Objective OtherObjective { get; init; }
    public required KeyResult OtherKr { get; init; }

    public static async Task<ApiWorld> CreateAsync(TestStore store)
    {
        var org = await Org.CreateAsync(store);
        var maria = await org.PersonAsync("Maria");
        var sales = await org.TeamAsync("Sales", maria);
        var alex = await org.PersonAsync("Alex", manager: maria, team: sales);
        var sam = await org.PersonAsync("Sam", manager: maria, team: sales);
        var @public = await org.ObjectiveAsync(alex, "Win the enterprise market");
        var deals = await org.KeyResultAsync(@public, alex, "Close enterprise deals", start: 0, target: 100, current: 10, participants: sam);
        var coverage = await org.KeyResultAsync(@public, alex, "Pipeline coverage", start: 20, target: 80, kind: KeyResultKind.Percentage);
        var launch = await org.KeyResultAsync(@public, alex, "Launch the partner programme", start: 0, target: 1, kind: KeyResultKind.Milestone);
        var @private = await org.ObjectiveAsync(alex, "Secret acquisition", visibility: Visibility.Private);
        var privateKr = await org.KeyResultAsync(@private, alex, "Term sheets signed", start: 0, target: 3);
        var draft = await org.ObjectiveAsync(alex, "Half-baked idea", state: ObjectiveState.Draft);
        await org.KeyResultAsync(draft, alex, "Draft KR", start: 0, target: 5);
        var teamObjective = await org.ObjectiveAsync(null, "Sales runs like clockwork", team: sales);
        await org.KeyResultAsync(teamObjective, maria, "Forecast accuracy", start: 50, target: 90, kind: KeyResultKind.Percentage);

        var other = await Org.CreateAsync(store, "Fabrikam");
        var otherPerson = await other.PersonAsync("Olga");
        var otherObjective = await other.ObjectiveAsync(otherPerson, "Fabrikam's own goal");
        var otherKr = await other.KeyResultAsync(otherObjective, otherPerson, "Fabrikam's KR", start: 0, target: 10);
        return new ApiWorld
        {
            Org = org, Maria = maria, Alex = alex, Sam = sam, Sales = sales, Public = @public, Deals = deals, Coverage = coverage, Launch = launch,
            Private = @private, PrivateKr = privateKr, Draft = draft, TeamObjective = teamObjective,
            OtherOrg = other, OtherPerson = otherPerson, OtherObjective = otherObjective, OtherKr = otherKr,
        };
    }
}
