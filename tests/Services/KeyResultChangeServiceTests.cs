using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class KeyResultChangeServiceOnPostgres() : KeyResultChangeServiceTests(DatabaseProvider.Postgres);
public sealed class KeyResultChangeServiceOnSqlite() : KeyResultChangeServiceTests(DatabaseProvider.Sqlite);

/// <summary>Changing a published KR's target or deleting it: audited, and approved by the owner's manager when the tenant wants it.</summary>
public abstract class KeyResultChangeServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private KeyResultChangeService Service => new(Store.Database, Store.Clock);

    private Org _org = null!;
    private Person _grace = null!;
    private Person _maya = null!;
    private Person _alice = null!;
    private Person _bob = null!;
    private Objective _objective = null!;
    private KeyResult _nps = null!;

    /// <summary>Grace manages Maya, who manages Alice and Bob. Alice owns "Raise NPS" (0 to 100, now 40), Bob takes part in it.</summary>
    private async Task ArrangeAsync(bool approval)
    {
        _org = await Org.CreateAsync(Store);
        if (approval)
        {
            await using var db = Store.Database.Open();
            (await db.Tenants.SingleAsync(t => t.Id == _org.Tenant.Id)).KrChangesNeedApproval = true;
            await db.SaveChangesAsync();
        }
        _grace = await _org.PersonAsync("Grace");
        _maya = await _org.PersonAsync("Maya", _grace);
        _alice = await _org.PersonAsync("Alice", _maya);
        _bob = await _org.PersonAsync("Bob", _maya);
        _objective = await _org.ObjectiveAsync(_alice, "Delight customers");
        _nps = await _org.KeyResultAsync(_objective, _alice, "Raise NPS", start: 0, target: 100, current: 40, participants: _bob);
    }

    private Actor As(Person p) => _org.ActorFor(p);

    private static KeyResultChangeInput Target(decimal target, string reason = "The market is bigger than we thought") =>
        new(KeyResultChangeKind.Target, target, reason);

    private static readonly KeyResultChangeInput Delete = new(KeyResultChangeKind.Delete, null, "We stopped the survey");

    private async Task<KeyResult?> KrAsync()
    {
        await using var db = Store.Database.Open();
        return await db.KeyResults.AsNoTracking().FirstOrDefaultAsync(k => k.Id == _nps.Id);
    }

    private async Task<KeyResultChange> ChangeAsync(Guid id)
    {
        await using var db = Store.Database.Open();
        return await db.KeyResultChanges.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task Without_approval_a_target_change_applies_at_once_and_the_audit_trail_has_it()
    {
        await ArrangeAsync(approval: false);

        var result = await Service.RequestAsync(As(_alice), _nps.Id, Target(120));

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal((KeyResultChangeState.Applied, (Guid?)null, 120m), (result.Value!.State, result.Value.ApproverId, result.Value.CurrentTarget));
        Assert.Equal(120m, (await KrAsync())!.TargetValue);
        await using var db = Store.Database.Open();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == _nps.Id && a.Field == nameof(KeyResult.TargetValue));
        Assert.Equal((100m, 120m, (Guid?)_alice.Id), (decimal.Parse(audit.OldValue!, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(audit.NewValue!, System.Globalization.CultureInfo.InvariantCulture), audit.ActorId));
        var change = await db.KeyResultChanges.SingleAsync();
        Assert.Equal((100m, (decimal?)120m, "The market is bigger than we thought", (Guid?)_alice.Id), (change.OldTarget, change.NewTarget, change.Reason, change.DecidedById));
    }

    [Fact]
    public async Task With_approval_the_change_waits_for_the_owners_manager_and_applies_when_approved()
    {
        await ArrangeAsync(approval: true);

        var asked = await Service.RequestAsync(As(_alice), _nps.Id, Target(120));

        Assert.Equal((KeyResultChangeState.Pending, (Guid?)_maya.Id, "Maya"), (asked.Value!.State, asked.Value.ApproverId, asked.Value.ApproverName));
        Assert.Equal(100m, (await KrAsync())!.TargetValue);
        var form = await Service.FormAsync(As(_alice), _nps.Id);
        Assert.Equal((true, "Maya", asked.Value.Id), (form.Value!.NeedsApproval, form.Value.ApproverName, form.Value.Pending!.Id));

        var approved = await Service.DecideAsync(As(_maya), asked.Value.Id, approve: true, "Makes sense");

        Assert.Equal((KeyResultChangeState.Applied, "Maya", "Makes sense"), (approved.Value!.State, approved.Value.DecidedByName, approved.Value.DecisionNote));
        Assert.Equal(120m, (await KrAsync())!.TargetValue);
        await using var db = Store.Database.Open();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityId == _nps.Id && a.Field == nameof(KeyResult.TargetValue));
        Assert.Equal(_maya.Id, audit.ActorId);
        Assert.Contains(await db.AuditEntries.Where(a => a.EntityId == asked.Value.Id).ToListAsync(), a => a.Field == nameof(KeyResultChange.State) && a.NewValue == "Applied");
    }

    [Fact]
    public async Task A_rejected_change_leaves_the_key_result_as_it_was()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Delete)).Value!;

        var rejected = await Service.DecideAsync(As(_maya), asked.Id, approve: false, "Keep measuring it");

        Assert.Equal(KeyResultChangeState.Rejected, rejected.Value!.State);
        Assert.NotNull(await KrAsync());
        Assert.Equal(KeyResultChangeState.Rejected, (await ChangeAsync(asked.Id)).State);
    }

    [Fact]
    public async Task Only_the_owners_manager_may_decide_neither_the_requester_nor_a_colleague_nor_the_managers_manager()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;

        foreach (var person in new[] { _alice, _bob, _grace })
        {
            var result = await Service.DecideAsync(As(person), asked.Id, approve: true, null);
            Assert.Equal((OkrErrorCode.Forbidden, "changeId"), (result.Error!.Code, result.Error.Field));
        }
        Assert.Equal(KeyResultChangeState.Pending, (await ChangeAsync(asked.Id)).State);
        Assert.Equal(100m, (await KrAsync())!.TargetValue);
    }

    [Fact]
    public async Task Deciding_twice_is_refused_and_says_how_it_was_decided()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;
        await Service.DecideAsync(As(_maya), asked.Id, approve: true, null);

        var again = await Service.DecideAsync(As(_maya), asked.Id, approve: true, null);
        var reject = await Service.DecideAsync(As(_maya), asked.Id, approve: false, null);

        Assert.Equal((OkrErrorCode.Invalid, "changeApplied"), (again.Error!.Code, again.Error.Field));
        Assert.Equal("changeApplied", reject.Error!.Field);
        Assert.Equal(120m, (await KrAsync())!.TargetValue);
    }

    [Fact]
    public async Task Two_approvals_at_the_same_moment_apply_the_change_once()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Service.DecideAsync(As(_maya), asked.Id, approve: true, null)));

        Assert.Single(results, r => r.IsOk);
        Assert.All(results.Where(r => !r.IsOk), r => Assert.Equal("changeApplied", r.Error!.Field));
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityId == _nps.Id && a.Field == nameof(KeyResult.TargetValue)));
    }

    [Fact]
    public async Task Approving_after_the_target_moved_is_refused_as_stale_and_the_newer_target_stays()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;
        // A check-in moves only the current value: the change is still good.
        await new CheckInService(Store.Database, Store.Clock).RecordAsync(As(_alice), new CheckInRequest([new CheckInInput(_nps.Id, 45, KrStatus.OnTrack)]));
        // The mid-cycle review moves the target.
        var review = await new ReviewService(Store.Database, Store.Clock).RecordDecisionAsync(As(_alice), _nps.Id, ReviewDecisionKind.Adjust, "Halfway", 90);
        Assert.True(review.IsOk, review.ToString());

        var approved = await Service.DecideAsync(As(_maya), asked.Id, approve: true, null);

        Assert.Equal((KeyResultChangeState.Stale, (decimal?)90m), (approved.Value!.State, approved.Value.CurrentTarget));
        Assert.Equal((90m, 45m), ((await KrAsync())!.TargetValue, (await KrAsync())!.CurrentValue));
        Assert.Equal("changeStale", (await Service.DecideAsync(As(_maya), asked.Id, approve: true, null)).Error!.Field);
    }

    [Fact]
    public async Task A_check_in_between_request_and_approval_does_not_make_it_stale()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;
        await new CheckInService(Store.Database, Store.Clock).RecordAsync(As(_alice), new CheckInRequest([new CheckInInput(_nps.Id, 45, KrStatus.OnTrack)]));

        var approved = await Service.DecideAsync(As(_maya), asked.Id, approve: true, null);

        Assert.Equal(KeyResultChangeState.Applied, approved.Value!.State);
        Assert.Equal((120m, 45m), ((await KrAsync())!.TargetValue, (await KrAsync())!.CurrentValue));
    }

    [Fact]
    public async Task An_approved_deletion_removes_the_key_result_and_its_check_ins_realigns_what_aligned_to_it_and_is_audited()
    {
        await ArrangeAsync(approval: true);
        await new CheckInService(Store.Database, Store.Clock).RecordAsync(As(_alice), new CheckInRequest([new CheckInInput(_nps.Id, 45, KrStatus.OnTrack)]));
        var child = await _org.ObjectiveAsync(_bob, "Bob's part");
        await using (var db = Store.Database.Open())
        {
            (await db.Objectives.SingleAsync(o => o.Id == child.Id)).ParentKeyResultId = _nps.Id;
            await db.SaveChangesAsync();
        }
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Delete)).Value!;

        var approved = await Service.DecideAsync(As(_maya), asked.Id, approve: true, null);

        Assert.Equal((KeyResultChangeState.Applied, (decimal?)null), (approved.Value!.State, approved.Value.CurrentTarget));
        Assert.Null(await KrAsync());
        await using var read = Store.Database.Open();
        Assert.Equal(0, await read.CheckIns.CountAsync());
        var realigned = await read.Objectives.SingleAsync(o => o.Id == child.Id);
        Assert.Equal(((Guid?)_objective.Id, (Guid?)null), (realigned.ParentObjectiveId, realigned.ParentKeyResultId));
        var deleted = await read.AuditEntries.SingleAsync(a => a.EntityId == _nps.Id && a.Action == AuditAction.Deleted);
        Assert.Equal((nameof(KeyResult), (Guid?)_maya.Id), (deleted.Entity, deleted.ActorId));
        Assert.Equal(("Raise NPS", KeyResultChangeState.Applied), ((await ChangeAsync(asked.Id)).KeyResultTitle, (await ChangeAsync(asked.Id)).State));
        Assert.Equal(KeyResultChangeState.Applied, (await Service.ForPersonAsync(As(_alice), asked.Id)).Value!.State);
    }

    [Fact]
    public async Task The_owners_manager_changing_it_needs_no_approval()
    {
        await ArrangeAsync(approval: true);

        var byMaya = await Service.RequestAsync(As(_maya), _nps.Id, Target(110));
        var byGrace = await Service.RequestAsync(As(_grace), _nps.Id, Target(115));

        Assert.Equal(KeyResultChangeState.Applied, byMaya.Value!.State);
        Assert.Equal(KeyResultChangeState.Applied, byGrace.Value!.State);
        Assert.Equal(115m, (await KrAsync())!.TargetValue);
    }

    [Fact]
    public async Task A_newer_request_withdraws_the_one_waiting_and_approving_the_old_one_is_refused()
    {
        await ArrangeAsync(approval: true);
        var first = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;

        var second = (await Service.RequestAsync(As(_alice), _nps.Id, Target(130))).Value!;

        Assert.Equal(KeyResultChangeState.Withdrawn, (await ChangeAsync(first.Id)).State);
        Assert.Equal(KeyResultChangeState.Pending, second.State);
        Assert.Equal((OkrErrorCode.Invalid, "changeWithdrawn"), ((await Service.DecideAsync(As(_maya), first.Id, true, null)).Error!.Code,
            (await Service.DecideAsync(As(_maya), first.Id, true, null)).Error!.Field));
        Assert.Equal(KeyResultChangeState.Applied, (await Service.DecideAsync(As(_maya), second.Id, true, null)).Value!.State);
        Assert.Equal(130m, (await KrAsync())!.TargetValue);
    }

    [Fact]
    public async Task Two_requests_at_the_same_moment_leave_exactly_one_waiting()
    {
        await ArrangeAsync(approval: true);

        var results = await Task.WhenAll(new[] { 120m, 130m, 140m }.Select(t => Service.RequestAsync(As(_alice), _nps.Id, Target(t))));

        Assert.All(results, r => Assert.True(r.IsOk, r.ToString()));
        await using var db = Store.Database.Open();
        Assert.Equal(1, await db.KeyResultChanges.CountAsync(c => c.State == KeyResultChangeState.Pending));
        Assert.Equal(2, await db.KeyResultChanges.CountAsync(c => c.State == KeyResultChangeState.Withdrawn));
    }

    [Fact]
    public async Task A_key_result_of_another_tenant_is_not_found_and_its_change_requests_too()
    {
        await ArrangeAsync(approval: true);
        var asked = (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Value!;
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var eve = await other.PersonAsync("Eve");

        var request = await Service.RequestAsync(other.ActorFor(eve), _nps.Id, Target(1));
        var decide = await Service.DecideAsync(other.ActorFor(eve), asked.Id, true, null);
        var read = await Service.ForPersonAsync(other.ActorFor(eve), asked.Id);

        Assert.Equal(OkrErrorCode.NotFound, request.Error!.Code);
        Assert.Equal((OkrErrorCode.NotFound, "changeId"), (decide.Error!.Code, decide.Error.Field));
        Assert.Equal(OkrErrorCode.NotFound, read.Error!.Code);
        Assert.Equal(KeyResultChangeState.Pending, (await ChangeAsync(asked.Id)).State);
    }

    [Fact]
    public async Task A_participant_or_colleague_may_not_change_it_and_is_told_so()
    {
        await ArrangeAsync(approval: false);
        var carol = await _org.PersonAsync("Carol");

        var byBob = await Service.RequestAsync(As(_bob), _nps.Id, Target(120));
        var byCarol = await Service.RequestAsync(As(carol), _nps.Id, Delete);

        Assert.Equal((OkrErrorCode.Forbidden, "changeKeyResult"), (byBob.Error!.Code, byBob.Error.Field));
        Assert.Equal(OkrErrorCode.Forbidden, byCarol.Error!.Code);
        Assert.False(await Service.CanRequestAsync(As(_bob), _nps.Id));
        Assert.True(await Service.CanRequestAsync(As(_alice), _nps.Id));
        Assert.Equal(100m, (await KrAsync())!.TargetValue);
    }

    public static TheoryData<string, KeyResultChangeInput, string> BadChanges() => new()
    {
        { "no new target", new KeyResultChangeInput(KeyResultChangeKind.Target, null, "why"), "targetMissing" },
        { "the same target", Target(100), "sameTarget" },
        { "a target below the start", Target(-5), "newTarget" },
        { "a target beyond a trillion", Target(2_000_000_000_000m), "newTarget" },
        { "no reason", Target(120, " "), "reason" },
        { "a reason too long", Target(120, new string('r', 2001)), "reason" },
        { "a kind that is not one", new KeyResultChangeInput((KeyResultChangeKind)5, 1, "why"), "changeKind" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task A_change_that_does_not_work_is_refused_and_nothing_is_stored(string why, KeyResultChangeInput input, string field)
    {
        await ArrangeAsync(approval: true);

        var result = await Service.RequestAsync(As(_alice), _nps.Id, input);

        Assert.False(result.IsOk, why);
        Assert.Equal((OkrErrorCode.Invalid, field), (result.Error!.Code, result.Error.Field));
        await using var db = Store.Database.Open();
        Assert.Equal(0, await db.KeyResultChanges.CountAsync());
    }

    [Fact]
    public async Task A_milestones_target_cannot_change_a_drafts_key_result_is_changed_in_the_draft_and_a_closed_cycle_takes_no_changes()
    {
        await ArrangeAsync(approval: false);
        var milestone = await _org.KeyResultAsync(_objective, _alice, "Launch", start: 0, target: 1, kind: KeyResultKind.Milestone);
        var draft = await _org.ObjectiveAsync(_alice, "Draft", state: ObjectiveState.Draft);
        var drafted = await _org.KeyResultAsync(draft, _alice, "Drafted");

        Assert.Equal("milestoneTarget", (await Service.RequestAsync(As(_alice), milestone.Id, Target(2))).Error!.Field);
        Assert.Equal(KeyResultChangeState.Applied, (await Service.RequestAsync(As(_alice), milestone.Id, Delete)).Value!.State);
        Assert.Equal((OkrErrorCode.Invalid, "draftKeyResult"), ((await Service.RequestAsync(As(_alice), drafted.Id, Target(5))).Error!.Code,
            (await Service.FormAsync(As(_alice), drafted.Id)).Error!.Field));
        await _org.SetCycleStateAsync(CycleState.Closed);
        Assert.Equal(OkrErrorCode.CycleNotOpen, (await Service.RequestAsync(As(_alice), _nps.Id, Target(120))).Error!.Code);
    }
}
