using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Tests.Support;

namespace OkrBot.Tests.Services;

public sealed class AuthoringServiceOnPostgres() : AuthoringServiceTests(DatabaseProvider.Postgres);
public sealed class AuthoringServiceOnSqlite() : AuthoringServiceTests(DatabaseProvider.Sqlite);

/// <summary>Create -> refine -> align -> finalize -> publish, each step saved, and every refusal changing nothing.</summary>
public abstract class AuthoringServiceTests(DatabaseProvider provider) : StoreTests(provider)
{
    private AuthoringService Service => new(Store.Database, Store.Clock);

    private Org _org = null!;
    private Person _maya = null!;
    private Person _alice = null!;
    private Person _bob = null!;
    private Team _product = null!;
    private Objective _mayas = null!;
    private Objective _teams = null!;
    private KeyResult _teamKr = null!;

    /// <summary>Maya manages Alice and Bob in the Product team; Maya and the team have published objectives.</summary>
    private async Task ArrangeAsync()
    {
        _org = await Org.CreateAsync(Store);
        _maya = await _org.PersonAsync("Maya");
        _product = await _org.TeamAsync("Product", _maya);
        _alice = await _org.PersonAsync("Alice", _maya, _product);
        _bob = await _org.PersonAsync("Bob", _maya, _product);
        _mayas = await _org.ObjectiveAsync(_maya, "Grow the product line");
        _teams = await _org.ObjectiveAsync(null, "Ship mobile ordering", team: _product);
        _teamKr = await _org.KeyResultAsync(_teams, _maya, "Weekly active users from 12,000 to 30,000", start: 12000, target: 30000);
    }

    private Actor Alice => _org.ActorFor(_alice);

    private async Task<Draft> DraftAsync(string title = "Make checkout effortless") =>
        (await Service.CreateDraftAsync(Alice, new ObjectiveInput(title, "Customers abandon at step 5"))).Value!;

    private async Task<T> InStoreAsync<T>(Func<OkrDbContext, Task<T>> read)
    {
        await using var db = Store.Database.Open();
        return await read(db);
    }

    // ---- Create and refine ----------------------------------------------------------------------------------------

    [Fact]
    public async Task A_new_draft_is_saved_as_a_draft_owned_by_its_author_in_the_current_cycle_and_audited()
    {
        await ArrangeAsync();

        var draft = await Service.CreateDraftAsync(Alice, new ObjectiveInput("  Make checkout effortless ", " Step 5 loses a third ", Visibility.Private));

        Assert.True(draft.IsOk, draft.ToString());
        Assert.Equal(("Make checkout effortless", "Step 5 loses a third", Visibility.Private, _org.Quarter.Id), (draft.Value!.Title, draft.Value.Description,
            draft.Value.Visibility, draft.Value.CycleId));
        var stored = await InStoreAsync(db => db.Objectives.SingleAsync(o => o.Id == draft.Value.ObjectiveId));
        Assert.Equal((ObjectiveState.Draft, (Guid?)_alice.Id, (Guid?)null), (stored.State, stored.OwnerPersonId, stored.OwnerTeamId));
        var audit = await InStoreAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == stored.Id));
        Assert.Equal((AuditAction.Created, (Guid?)_alice.Id), (audit.Action, audit.ActorId));
        Assert.Equal((1, 0), (draft.Value.Focus.Objectives, draft.Value.Focus.KeyResults));
        Assert.False(draft.Value.IsReady);
    }

    [Fact]
    public async Task Refining_a_draft_keeps_every_change_between_turns()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();

        await Service.UpdateDraftAsync(Alice, draft.ObjectiveId, new ObjectiveInput("Make checkout effortless for everyone", null, Visibility.Public));
        var kr = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null,
            new KeyResultInput("Cut checkout steps from 7 to 3", KeyResultKind.Metric, 7, 3, "steps", 2, _alice.Id, [_bob.Id]));

        Assert.True(kr.IsOk, kr.ToString());
        var reloaded = (await Service.DraftAsync(Alice, draft.ObjectiveId)).Value!;
        Assert.Equal("Make checkout effortless for everyone", reloaded.Title);
        Assert.Null(reloaded.Description);
        var row = Assert.Single(reloaded.KeyResults);
        Assert.Equal(("Cut checkout steps from 7 to 3", Direction.Decrease, 7m, 3m, "steps", 2m, _alice.Id), (row.Title, row.Direction, row.Start, row.Target,
            row.Unit, row.Weight, row.OwnerId));
        Assert.Equal([_bob.Id], row.Participants.Select(p => p.Id));
        Assert.Empty(row.Problems);
        Assert.Empty(row.Hints);
        Assert.True(reloaded.IsReady);
        var stored = await InStoreAsync(db => db.KeyResults.SingleAsync(k => k.ObjectiveId == draft.ObjectiveId));
        Assert.Equal(7m, stored.CurrentValue);
    }

    [Fact]
    public async Task A_key_result_without_a_target_is_kept_with_the_guidance_that_it_is_not_measurable_yet()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();

        var saved = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("Improve customer satisfaction", KeyResultKind.Metric, 70, null));

        var row = Assert.Single(saved.Value!.KeyResults);
        Assert.Equal([KeyResultProblem.TargetEqualsStart], row.Problems);
        Assert.Equal([MeasurabilityHint.TargetEqualsStart, MeasurabilityHint.VagueWithoutFigure], row.Hints);
        Assert.False(saved.Value.IsReady);
        var form = (await Service.KeyResultFormAsync(Alice, draft.ObjectiveId, row.Id)).Value!;
        Assert.Null(form.Target);
    }

    [Fact]
    public async Task A_milestone_goes_from_not_done_to_done_and_a_percentage_keeps_its_unit()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();

        await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("Ship Apple Pay", KeyResultKind.Milestone, 5, 9, "things"));
        var saved = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("Crash-free from 97.5% to 99.5%", KeyResultKind.Percentage, 97.5m, 99.5m, "x"));

        var milestone = saved.Value!.KeyResults.Single(k => k.Kind == KeyResultKind.Milestone);
        Assert.Equal((0m, 1m, (string?)null), (milestone.Start, milestone.Target, milestone.Unit));
        Assert.Equal("%", saved.Value.KeyResults.Single(k => k.Kind == KeyResultKind.Percentage).Unit);
    }

    [Fact]
    public async Task Editing_a_key_result_replaces_its_participants_and_removing_it_takes_it_out()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        var added = (await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null,
            new KeyResultInput("Interview 20 customers", KeyResultKind.Metric, 0, 20, null, null, null, [_bob.Id, _maya.Id]))).Value!.KeyResults.Single();

        var edited = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, added.Id,
            new KeyResultInput("Interview 25 customers", KeyResultKind.Metric, 0, 25, null, null, _bob.Id, [_alice.Id]));

        var row = Assert.Single(edited.Value!.KeyResults);
        Assert.Equal(("Interview 25 customers", _bob.Id), (row.Title, row.OwnerId));
        Assert.Equal([_alice.Id], row.Participants.Select(p => p.Id));
        Assert.Equal(1, await InStoreAsync(db => db.KeyResultParticipants.CountAsync()));

        var removed = await Service.RemoveKeyResultAsync(Alice, draft.ObjectiveId, added.Id);
        Assert.Empty(removed.Value!.KeyResults);
        Assert.Equal(0, await InStoreAsync(db => db.KeyResults.CountAsync(k => k.ObjectiveId == draft.ObjectiveId)));
    }

    [Fact]
    public async Task The_focus_counts_the_authors_objectives_in_the_cycle_and_warns_above_five()
    {
        await ArrangeAsync();
        for (var i = 0; i < 5; i++) await DraftAsync($"Objective {i}");
        var sixth = await DraftAsync("The sixth");

        Assert.Equal(6, sixth.Focus.Objectives);
        Assert.Equal([FocusWarning.TooManyObjectives], sixth.Focus.Warnings);
        Assert.True(sixth.Focus.ObjectivesAboveAim);
    }

    [Fact]
    public async Task The_objective_form_offers_the_open_cycles_the_current_one_first()
    {
        await ArrangeAsync();
        var next = new Cycle { TenantId = _org.Tenant.Id, Name = "2027 Q1", StartDate = new(2027, 1, 1), EndDate = new(2027, 3, 31), State = CycleState.Planning };
        var past = new Cycle { TenantId = _org.Tenant.Id, Name = "2026 Q3", StartDate = new(2026, 7, 1), EndDate = new(2026, 9, 30), State = CycleState.Closed };
        await using (var db = Store.Database.Open())
        {
            db.Cycles.AddRange(next, past);
            await db.SaveChangesAsync();
        }

        var form = await Service.ObjectiveFormAsync(Alice, null);

        Assert.Equal(["2026 Q4", "2027 Q1"], form.Value!.Cycles.Select(c => c.Name));
        Assert.Equal(_org.Quarter.Id, form.Value.CycleId);
        var planned = await Service.CreateDraftAsync(Alice, new ObjectiveInput("Plan ahead", CycleId: next.Id));
        Assert.Equal("2027 Q1", planned.Value!.CycleName);
        var closed = await Service.CreateDraftAsync(Alice, new ObjectiveInput("Too late", CycleId: past.Id));
        Assert.Equal(OkrErrorCode.CycleNotOpen, closed.Error!.Code);
    }

    // ---- Refusals -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Someone_elses_draft_is_not_found_for_a_colleague_and_forbidden_for_the_manager_and_stays_as_it_was()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        var input = new ObjectiveInput("Hijacked");

        var byBob = await Service.UpdateDraftAsync(_org.ActorFor(_bob), draft.ObjectiveId, input);
        var byMaya = await Service.UpdateDraftAsync(_org.ActorFor(_maya), draft.ObjectiveId, input);
        var krByMaya = await Service.SaveKeyResultAsync(_org.ActorFor(_maya), draft.ObjectiveId, null, new KeyResultInput("Mine", KeyResultKind.Metric, 0, 1));
        var publishByMaya = await Service.PublishAsync(_org.ActorFor(_maya), draft.ObjectiveId);

        Assert.Equal((OkrErrorCode.NotFound, "objectiveId"), (byBob.Error!.Code, byBob.Error.Field));
        Assert.Equal((OkrErrorCode.Forbidden, "objectiveId"), (byMaya.Error!.Code, byMaya.Error.Field));
        Assert.Equal(OkrErrorCode.Forbidden, krByMaya.Error!.Code);
        Assert.Equal(OkrErrorCode.Forbidden, publishByMaya.Error!.Code);
        var stored = await InStoreAsync(db => db.Objectives.SingleAsync(o => o.Id == draft.ObjectiveId));
        Assert.Equal(("Make checkout effortless", ObjectiveState.Draft), (stored.Title, stored.State));
        Assert.Equal(0, await InStoreAsync(db => db.KeyResults.CountAsync(k => k.ObjectiveId == draft.ObjectiveId)));
    }

    [Fact]
    public async Task A_draft_of_another_tenant_is_not_found()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var eve = await other.PersonAsync("Eve");

        var result = await Service.DraftAsync(other.ActorFor(eve), draft.ObjectiveId);

        Assert.Equal(OkrErrorCode.NotFound, result.Error!.Code);
    }

    public static TheoryData<string, KeyResultInput, string> OutOfRange() => new()
    {
        { "no title", new KeyResultInput("  ", KeyResultKind.Metric, 0, 10), "title" },
        { "a title too long", new KeyResultInput(new string('x', 301), KeyResultKind.Metric, 0, 10), "title" },
        { "a percentage above 100", new KeyResultInput("Uptime", KeyResultKind.Percentage, 90, 120), "krValues" },
        { "a negative percentage", new KeyResultInput("Uptime", KeyResultKind.Percentage, -1, 20), "krValues" },
        { "a value beyond a trillion", new KeyResultInput("Revenue", KeyResultKind.Metric, 0, 2_000_000_000_000m), "krValues" },
        { "a weight of 0", new KeyResultInput("Revenue", KeyResultKind.Metric, 0, 10, null, 0), "weight" },
        { "a weight above 100", new KeyResultInput("Revenue", KeyResultKind.Metric, 0, 10, null, 101), "weight" },
        { "a unit too long", new KeyResultInput("Revenue", KeyResultKind.Metric, 0, 10, new string('u', 33)), "unit" },
        { "a kind that is not one", new KeyResultInput("Revenue", (KeyResultKind)7, 0, 10), "kind" },
        { "eleven participants", new KeyResultInput("Revenue", KeyResultKind.Metric, 0, 10, ParticipantIds: [.. Enumerable.Range(0, 11).Select(_ => Guid.NewGuid())]), "participants" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task A_key_result_with_values_it_can_never_take_is_refused_and_nothing_is_saved(string why, KeyResultInput input, string field)
    {
        await ArrangeAsync();
        var draft = await DraftAsync();

        var result = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, input);

        Assert.False(result.IsOk, why);
        Assert.Equal((OkrErrorCode.Invalid, field), (result.Error!.Code, result.Error.Field));
        Assert.Equal(0, await InStoreAsync(db => db.KeyResults.CountAsync(k => k.ObjectiveId == draft.ObjectiveId)));
    }

    [Fact]
    public async Task An_owner_or_participant_who_is_not_an_active_person_of_the_tenant_is_refused()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var eve = await other.PersonAsync("Eve");

        var owner = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("KR", KeyResultKind.Metric, 0, 1, OwnerId: eve.Id));
        var participant = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("KR", KeyResultKind.Metric, 0, 1, ParticipantIds: [eve.Id]));

        Assert.Equal((OkrErrorCode.NotFound, "owner"), (owner.Error!.Code, owner.Error.Field));
        Assert.Equal((OkrErrorCode.Invalid, "participants"), (participant.Error!.Code, participant.Error.Field));
        Assert.Equal(0, await InStoreAsync(db => db.KeyResults.CountAsync(k => k.ObjectiveId == draft.ObjectiveId)));
    }

    [Fact]
    public async Task A_draft_holds_at_most_ten_key_results()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        for (var i = 0; i < AuthoringService.MaxKeyResults; i++)
            Assert.True((await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput($"KR {i}", KeyResultKind.Metric, 0, 10))).IsOk);

        var eleventh = await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("One more", KeyResultKind.Metric, 0, 10));

        Assert.Equal((OkrErrorCode.Invalid, "keyResults"), (eleventh.Error!.Code, eleventh.Error.Field));
        Assert.Equal(OkrErrorCode.Invalid, (await Service.KeyResultFormAsync(Alice, draft.ObjectiveId, null)).Error!.Code);
    }

    // ---- Align ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_picker_offers_the_managers_and_the_teams_published_okrs_the_author_may_see()
    {
        await ArrangeAsync();
        var mayasPrivate = await _org.ObjectiveAsync(_maya, "Maya's private one", visibility: Visibility.Private);
        var mayasDraft = await _org.ObjectiveAsync(_maya, "Maya's draft", state: ObjectiveState.Draft);
        var bobs = await _org.ObjectiveAsync(_bob, "Bob's own");
        var draft = await DraftAsync();

        var choices = (await Service.AlignmentChoicesAsync(Alice, draft.ObjectiveId)).Value!;

        Assert.Equal(
            [(AlignmentKind.Objective, _mayas.Id, AlignmentSource.Manager), (AlignmentKind.Objective, _teams.Id, AlignmentSource.Team),
             (AlignmentKind.KeyResult, _teamKr.Id, AlignmentSource.Team)],
            choices.Choices.Select(c => (c.Kind, c.Id, c.Source)));
        Assert.DoesNotContain(choices.Choices, c => c.Id == mayasPrivate.Id || c.Id == mayasDraft.Id || c.Id == bobs.Id);
        Assert.Equal(("Product", "Ship mobile ordering"), (choices.Choices[2].OwnerName, choices.Choices[2].ObjectiveTitle));
        Assert.Null(choices.Current);
    }

    [Fact]
    public async Task Aligning_to_a_key_result_is_saved_and_can_be_undone()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();

        var aligned = await Service.AlignAsync(Alice, draft.ObjectiveId, new AlignTarget(AlignmentKind.KeyResult, _teamKr.Id));

        Assert.Equal((AlignmentKind.KeyResult, _teamKr.Id), (aligned.Value!.Parent!.Kind, aligned.Value.Parent.Id));
        var stored = await InStoreAsync(db => db.Objectives.SingleAsync(o => o.Id == draft.ObjectiveId));
        Assert.Equal(((Guid?)null, (Guid?)_teamKr.Id), (stored.ParentObjectiveId, stored.ParentKeyResultId));
        Assert.Equal(_teamKr.Id, (await Service.AlignmentChoicesAsync(Alice, draft.ObjectiveId)).Value!.Current!.Id);

        var none = await Service.AlignAsync(Alice, draft.ObjectiveId, null);
        Assert.Null(none.Value!.Parent);
    }

    [Fact]
    public async Task Aligning_to_a_key_result_of_another_tenant_a_draft_or_a_private_objective_is_refused_and_changes_nothing()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        await Service.AlignAsync(Alice, draft.ObjectiveId, new AlignTarget(AlignmentKind.Objective, _mayas.Id));
        var other = await Org.CreateAsync(Store, "Elsewhere");
        var eve = await other.PersonAsync("Eve");
        var elsewhere = await other.KeyResultAsync(await other.ObjectiveAsync(eve), eve);
        var hidden = await _org.ObjectiveAsync(_bob, "Bob's private", visibility: Visibility.Private);
        var unpublished = await _org.ObjectiveAsync(_maya, "Maya's draft", state: ObjectiveState.Draft);

        foreach (var target in new[] { new AlignTarget(AlignmentKind.KeyResult, elsewhere.Id), new AlignTarget(AlignmentKind.Objective, hidden.Id),
                     new AlignTarget(AlignmentKind.Objective, unpublished.Id), new AlignTarget(AlignmentKind.Objective, draft.ObjectiveId) })
        {
            var result = await Service.AlignAsync(Alice, draft.ObjectiveId, target);
            Assert.Equal((OkrErrorCode.NotFound, "parent"), (result.Error!.Code, result.Error.Field));
        }
        Assert.Equal(_mayas.Id, (await InStoreAsync(db => db.Objectives.SingleAsync(o => o.Id == draft.ObjectiveId))).ParentObjectiveId);
    }

    [Fact]
    public async Task A_quarterly_draft_aligns_to_its_year_but_not_to_another_quarter()
    {
        await ArrangeAsync();
        var year = new Cycle { TenantId = _org.Tenant.Id, Name = "2026", Kind = CycleKind.Annual, StartDate = new(2026, 1, 1), EndDate = new(2026, 12, 31), State = CycleState.Active };
        var q3 = new Cycle { TenantId = _org.Tenant.Id, Name = "2026 Q3", StartDate = new(2026, 7, 1), EndDate = new(2026, 9, 30), State = CycleState.Closed };
        await using (var db = Store.Database.Open())
        {
            db.Cycles.AddRange(year, q3);
            await db.SaveChangesAsync();
            (await db.Cycles.SingleAsync(c => c.Id == _org.Quarter.Id)).ParentCycleId = year.Id;
            await db.SaveChangesAsync();
        }
        var annual = await _org.ObjectiveAsync(_maya, "Annual", cycle: year);
        var lastQuarter = await _org.ObjectiveAsync(_maya, "Last quarter", cycle: q3);
        var draft = await DraftAsync();

        Assert.True((await Service.AlignAsync(Alice, draft.ObjectiveId, new AlignTarget(AlignmentKind.Objective, annual.Id))).IsOk);
        var refused = await Service.AlignAsync(Alice, draft.ObjectiveId, new AlignTarget(AlignmentKind.Objective, lastQuarter.Id));
        Assert.Equal((OkrErrorCode.Invalid, "parentCycle"), (refused.Error!.Code, refused.Error.Field));
        Assert.Contains((await Service.AlignmentChoicesAsync(Alice, draft.ObjectiveId)).Value!.Choices, c => c.Id == annual.Id);
    }

    // ---- Publish --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Publishing_a_ready_draft_makes_it_published_visible_to_everyone_and_audited()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("Cut checkout steps from 7 to 3", KeyResultKind.Metric, 7, 3, "steps"));
        await Service.AlignAsync(Alice, draft.ObjectiveId, new AlignTarget(AlignmentKind.Objective, _teams.Id));

        var published = await Service.PublishAsync(Alice, draft.ObjectiveId);

        Assert.True(published.IsOk, published.ToString());
        Assert.Equal(("Make checkout effortless", 1, "2026 Q4", "Ship mobile ordering"), (published.Value!.Title, published.Value.KeyResults,
            published.Value.CycleName, published.Value.ParentTitle));
        Assert.Equal(ObjectiveState.Published, (await InStoreAsync(db => db.Objectives.SingleAsync(o => o.Id == draft.ObjectiveId))).State);
        var audit = await InStoreAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == draft.ObjectiveId && a.Field == nameof(Objective.State)));
        Assert.Equal(("Draft", "Published", (Guid?)_alice.Id), (audit.OldValue, audit.NewValue, audit.ActorId));
        var bobSees = await new OkrQueryService(Store.Database, Store.Clock).ForPersonAsync(_org.ActorFor(_bob), _alice.Id);
        Assert.Contains(bobSees.Value!.Objectives, o => o.Id == draft.ObjectiveId);
        Assert.Equal(OkrErrorCode.Invalid, (await Service.UpdateDraftAsync(Alice, draft.ObjectiveId, new ObjectiveInput("Again"))).Error!.Code);
    }

    [Fact]
    public async Task Publishing_a_draft_without_key_results_or_with_one_that_is_not_valid_is_refused_and_it_stays_a_draft()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();

        var empty = await Service.PublishAsync(Alice, draft.ObjectiveId);
        await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("Improve NPS", KeyResultKind.Metric, 32, null));
        var invalid = await Service.PublishAsync(Alice, draft.ObjectiveId);

        Assert.Equal((OkrErrorCode.Invalid, "noKeyResults"), (empty.Error!.Code, empty.Error.Field));
        Assert.Equal((OkrErrorCode.Invalid, "notReady"), (invalid.Error!.Code, invalid.Error.Field));
        Assert.Equal(ObjectiveState.Draft, (await InStoreAsync(db => db.Objectives.SingleAsync(o => o.Id == draft.ObjectiveId))).State);
    }

    [Fact]
    public async Task A_draft_in_a_closed_cycle_cannot_be_published()
    {
        await ArrangeAsync();
        var draft = await DraftAsync();
        await Service.SaveKeyResultAsync(Alice, draft.ObjectiveId, null, new KeyResultInput("Cut steps from 7 to 3", KeyResultKind.Metric, 7, 3));
        await _org.SetCycleStateAsync(CycleState.Closed);

        var result = await Service.PublishAsync(Alice, draft.ObjectiveId);

        Assert.Equal(OkrErrorCode.CycleNotOpen, result.Error!.Code);
    }

    [Fact]
    public async Task My_drafts_lists_the_authors_drafts_newest_first_and_discarding_deletes_one()
    {
        await ArrangeAsync();
        var first = await DraftAsync("First");
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await DraftAsync("Second");
        await Service.SaveKeyResultAsync(Alice, second.ObjectiveId, null, new KeyResultInput("Cut steps from 7 to 3", KeyResultKind.Metric, 7, 3));
        await Service.CreateDraftAsync(_org.ActorFor(_bob), new ObjectiveInput("Bob's"));

        var drafts = (await Service.MyDraftsAsync(Alice)).Value!;

        Assert.Equal([("Second", 1, true), ("First", 0, false)], drafts.Select(d => (d.Title, d.KeyResults, d.IsReady)));
        Assert.Equal("First", (await Service.DiscardAsync(Alice, first.ObjectiveId)).Value);
        Assert.Equal(["Second"], (await Service.MyDraftsAsync(Alice)).Value!.Select(d => d.Title));
        Assert.Equal(OkrErrorCode.NotFound, (await Service.DiscardAsync(Alice, first.ObjectiveId)).Error!.Code);
    }

    [Fact]
    public async Task Objective_fields_that_are_missing_or_too_long_are_refused()
    {
        await ArrangeAsync();

        var noTitle = await Service.CreateDraftAsync(Alice, new ObjectiveInput(" "));
        var longDescription = await Service.CreateDraftAsync(Alice, new ObjectiveInput("T", new string('d', 2001)));
        var badVisibility = await Service.CreateDraftAsync(Alice, new ObjectiveInput("T", null, (Visibility)9));

        Assert.Equal("title", noTitle.Error!.Field);
        Assert.Equal("description", longDescription.Error!.Field);
        Assert.Equal("visibility", badVisibility.Error!.Field);
        Assert.Equal(0, await InStoreAsync(db => db.Objectives.CountAsync(o => o.OwnerPersonId == _alice.Id)));
    }
}
