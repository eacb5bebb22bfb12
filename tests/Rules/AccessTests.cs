using OkrBot.Core.Model;
using OkrBot.Core.Rules;

namespace OkrBot.Tests.Rules;

public sealed class AccessTests
{
    /// <summary>Where someone stands around one team objective of Lena's team.</summary>
    public enum Who
    {
        /// <summary>Lena, the team lead, who owns the objective.</summary>
        Owner,
        /// <summary>Lena's manager.</summary>
        Manager,
        /// <summary>Lena's manager's manager.</summary>
        SkipLevel,
        /// <summary>A member of Lena's team.</summary>
        TeamMember,
        /// <summary>Someone from another team who works on one of its KRs.</summary>
        Participant,
        /// <summary>Owns the KR being changed, without being on the team or a participant.</summary>
        KrOwner,
        /// <summary>Someone elsewhere in the organisation.</summary>
        Colleague,
        /// <summary>The manager of a peer of Lena's, not in Lena's chain.</summary>
        PeersManager,
    }

    private static readonly Guid OurTenant = new("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid OtherTenant = new("00000000-0000-0000-0000-0000000000b2");

    private static Guid Id(Who who) => new($"00000000-0000-0000-0000-{(int)who + 1:D12}");

    private static OkrAudience TeamObjective(Visibility visibility, ObjectiveState state) => new(
        OurTenant, visibility, state,
        Owners: new HashSet<Guid> { Id(Who.Owner) },
        TeamMembers: new HashSet<Guid> { Id(Who.Owner), Id(Who.TeamMember) },
        OwnerManagerChain: [Id(Who.Manager), Id(Who.SkipLevel)]);

    private static OkrAudience PersonalObjective(Visibility visibility, ObjectiveState state) => new(
        OurTenant, visibility, state,
        Owners: new HashSet<Guid> { Id(Who.Owner) },
        TeamMembers: new HashSet<Guid>(),
        OwnerManagerChain: [Id(Who.Manager), Id(Who.SkipLevel)]);

    private static readonly Guid[] Participants = [Id(Who.Participant)];

    [Theory]
    [InlineData(Who.Owner)]
    [InlineData(Who.Manager)]
    [InlineData(Who.SkipLevel)]
    [InlineData(Who.TeamMember)]
    [InlineData(Who.Participant)]
    [InlineData(Who.KrOwner)]
    [InlineData(Who.Colleague)]
    [InlineData(Who.PeersManager)]
    public void Everyone_in_the_tenant_sees_a_published_public_objective(Who who)
    {
        Assert.True(Access.CanView(OurTenant, Id(who), TeamObjective(Visibility.Public, ObjectiveState.Published), Participants));
        Assert.True(Access.CanView(OurTenant, Id(who), PersonalObjective(Visibility.Public, ObjectiveState.Published)));
    }

    public static TheoryData<Visibility, ObjectiveState, Who> AnyObjectiveAnyone()
    {
        var data = new TheoryData<Visibility, ObjectiveState, Who>();
        foreach (var visibility in Enum.GetValues<Visibility>())
            foreach (var state in Enum.GetValues<ObjectiveState>())
                foreach (var who in Enum.GetValues<Who>())
                    data.Add(visibility, state, who);
        return data;
    }

    [Theory]
    [MemberData(nameof(AnyObjectiveAnyone))]
    public void Nobody_from_another_tenant_sees_or_changes_an_objective_even_with_the_same_person_id(Visibility visibility, ObjectiveState state, Who who)
    {
        var okr = TeamObjective(visibility, state);

        Assert.False(Access.CanView(OtherTenant, Id(who), okr, Participants));
        Assert.False(Access.CanChangeObjective(OtherTenant, Id(who), okr));
        Assert.False(Access.CanChangeKeyResult(OtherTenant, Id(who), okr, Id(Who.KrOwner), Participants));
    }

    public static TheoryData<Visibility, ObjectiveState, Who, bool> HiddenObjectives()
    {
        var seenBy = new Dictionary<Who, bool>
        {
            [Who.Owner] = true,
            [Who.Manager] = true,
            [Who.SkipLevel] = true,
            [Who.TeamMember] = true,
            [Who.Participant] = true,
            [Who.Colleague] = false,
            [Who.PeersManager] = false,
        };
        var data = new TheoryData<Visibility, ObjectiveState, Who, bool>();
        foreach (var (visibility, state) in new[]
                 {
                     (Visibility.Private, ObjectiveState.Published),
                     (Visibility.Private, ObjectiveState.Draft),
                     (Visibility.Public, ObjectiveState.Draft),
                 })
            foreach (var (who, sees) in seenBy)
                data.Add(visibility, state, who, sees);
        return data;
    }

    [Theory]
    [MemberData(nameof(HiddenObjectives))]
    public void A_private_or_draft_team_objective_is_seen_only_by_its_owner_team_participants_and_the_owners_manager_chain(
        Visibility visibility, ObjectiveState state, Who who, bool expected) =>
        Assert.Equal(expected, Access.CanView(OurTenant, Id(who), TeamObjective(visibility, state), Participants));

    [Theory]
    [InlineData(Who.Owner, true)]
    [InlineData(Who.Manager, true)]
    [InlineData(Who.SkipLevel, true)]
    [InlineData(Who.TeamMember, false)]
    [InlineData(Who.Participant, false)]
    [InlineData(Who.Colleague, false)]
    [InlineData(Who.PeersManager, false)]
    public void A_private_personal_objective_without_participants_is_seen_only_by_its_owner_and_the_owners_manager_chain(Who who, bool expected)
    {
        Assert.Equal(expected, Access.CanView(OurTenant, Id(who), PersonalObjective(Visibility.Private, ObjectiveState.Published)));
        Assert.Equal(expected, Access.CanView(OurTenant, Id(who), PersonalObjective(Visibility.Private, ObjectiveState.Draft), []));
    }

    [Theory]
    [InlineData(Who.Owner, true)]
    [InlineData(Who.Manager, true)]
    [InlineData(Who.SkipLevel, true)]
    [InlineData(Who.TeamMember, false)]
    [InlineData(Who.Participant, false)]
    [InlineData(Who.KrOwner, false)]
    [InlineData(Who.Colleague, false)]
    [InlineData(Who.PeersManager, false)]
    public void Only_the_owners_and_their_manager_chain_change_an_objective(Who who, bool expected)
    {
        Assert.Equal(expected, Access.CanChangeObjective(OurTenant, Id(who), TeamObjective(Visibility.Public, ObjectiveState.Published)));
        Assert.Equal(expected, Access.CanChangeObjective(OurTenant, Id(who), TeamObjective(Visibility.Private, ObjectiveState.Draft)));
        Assert.Equal(expected, Access.CanChangeObjective(OurTenant, Id(who), PersonalObjective(Visibility.Private, ObjectiveState.Published)));
    }

    [Theory]
    [InlineData(Who.KrOwner, true)]
    [InlineData(Who.Participant, true)]
    [InlineData(Who.Owner, true)]
    [InlineData(Who.Manager, true)]
    [InlineData(Who.SkipLevel, true)]
    [InlineData(Who.TeamMember, false)]
    [InlineData(Who.Colleague, false)]
    [InlineData(Who.PeersManager, false)]
    public void A_key_result_is_changed_by_its_owner_its_participants_the_objectives_owners_and_their_manager_chain(Who who, bool expected)
    {
        Assert.Equal(expected, Access.CanChangeKeyResult(OurTenant, Id(who), TeamObjective(Visibility.Public, ObjectiveState.Published), Id(Who.KrOwner), Participants));
        Assert.Equal(expected, Access.CanChangeKeyResult(OurTenant, Id(who), PersonalObjective(Visibility.Private, ObjectiveState.Draft), Id(Who.KrOwner), Participants));
    }

    [Fact]
    public void A_participant_of_another_key_result_may_not_change_this_one()
    {
        var okr = TeamObjective(Visibility.Public, ObjectiveState.Published);

        Assert.False(Access.CanChangeKeyResult(OurTenant, Id(Who.Participant), okr, Id(Who.KrOwner), []));
        Assert.False(Access.CanChangeKeyResult(OurTenant, Id(Who.Participant), okr, Id(Who.KrOwner), [Id(Who.TeamMember)]));
    }
}
