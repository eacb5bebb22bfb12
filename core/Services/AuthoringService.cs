using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;

namespace OkrBot.Core.Services;

/// <summary>
/// Drafting OKRs in chat, the way the practice goes: create -> refine -> align -> finalize -> publish. A draft is an
/// <see cref="Objective"/> in state <see cref="ObjectiveState.Draft"/>, saved on every step, so nothing is lost between
/// turns; only its author changes it. Each method validates, authorises, writes in one transaction and returns the draft
/// as its card shows it, with the guidance (3×3, "is it measurable?").
/// </summary>
public sealed class AuthoringService(OkrDatabase database, TimeProvider clock)
{
    /// <summary>A hard limit well above the 3×3 guidance, so a card always holds a whole objective.</summary>
    public const int MaxKeyResults = 10;
    public const int MaxParticipants = 10;
    public const int UnitLength = 32;
    public const int TitleLength = OkrModel.TitleLength;
    public const decimal MaxWeight = 100m;
    /// <summary>The most people offered as owners and participants, and alignment choices offered.</summary>
    public const int MaxPeopleChoices = 25;
    public const int MaxAlignmentChoices = 30;
    public const int MaxDraftsListed = 20;

    // ---- Create and refine the objective -------------------------------------------------------------------------

    /// <summary>The form for a new objective (<paramref name="objectiveId"/> null) or for one of the actor's drafts.</summary>
    public async Task<Result<ObjectiveForm>> ObjectiveFormAsync(Actor actor, Guid? objectiveId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var cycles = await OpenCyclesAsync(db, me.Value!, ct);
        if (objectiveId is { } id)
        {
            var own = await OwnDraftAsync(db, actor, id, ct);
            if (own.Error is { } notOwn) return notOwn;
            var o = own.Value!;
            if (cycles.All(c => c.Id != o.CycleId))
            {
                var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == o.CycleId, ct);
                cycles = [new CycleChoice(cycle.Id, cycle.Name, cycle.State), .. cycles];
            }
            return new ObjectiveForm(o.Id, o.Title, o.Description, o.Visibility, o.CycleId, cycles);
        }
        if (cycles.Count == 0) return NoOpenCycle;
        return new ObjectiveForm(null, null, null, Visibility.Public, cycles[0].Id, cycles);
    }

    /// <summary>Creates a draft objective owned by the actor.</summary>
    public async Task<Result<Draft>> CreateDraftAsync(Actor actor, ObjectiveInput input, CancellationToken ct = default)
    {
        if (Validate(input) is { } invalid) return invalid;
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var cycle = await CycleForAsync(db, me.Value!, input.CycleId, ct);
        if (cycle.Error is { } cycleError) return cycleError;

        var objective = new Objective
        {
            TenantId = actor.TenantId, CycleId = cycle.Value!.Id, Title = input.Title!.Trim(), Description = Text.Clean(input.Description),
            OwnerPersonId = actor.PersonId, Visibility = input.Visibility, State = ObjectiveState.Draft, CreatedAt = clock.GetUtcNow(),
        };
        db.Objectives.Add(objective);
        await db.SaveChangesAsync(ct);
        return await DraftOfAsync(db, objective, ct);
    }

    /// <summary>Changes a draft's title, description, visibility or cycle.</summary>
    public async Task<Result<Draft>> UpdateDraftAsync(Actor actor, Guid objectiveId, ObjectiveInput input, CancellationToken ct = default)
    {
        if (Validate(input) is { } invalid) return invalid;
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var objective = own.Value!;
        if (input.CycleId is { } cycleId && cycleId != objective.CycleId)
        {
            var cycle = await CycleForAsync(db, me.Value!, cycleId, ct);
            if (cycle.Error is { } cycleError) return cycleError;
            objective.CycleId = cycleId;
            // An alignment belongs to the cycle it was made in.
            objective.ParentObjectiveId = null;
            objective.ParentKeyResultId = null;
        }
        objective.Title = input.Title!.Trim();
        objective.Description = Text.Clean(input.Description);
        objective.Visibility = input.Visibility;
        await db.SaveChangesAsync(ct);
        return await DraftOfAsync(db, objective, ct);
    }

    /// <summary>One of the actor's drafts as its card shows it.</summary>
    public async Task<Result<Draft>> DraftAsync(Actor actor, Guid objectiveId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        return await DraftOfAsync(db, own.Value!, ct);
    }

    /// <summary>The actor's drafts in cycles that are still open, newest first.</summary>
    public async Task<Result<IReadOnlyList<DraftSummary>>> MyDraftsAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var drafts = await db.Objectives.AsNoTracking().Include(o => o.KeyResults)
            .Where(o => o.TenantId == actor.TenantId && o.OwnerPersonId == actor.PersonId && o.State == ObjectiveState.Draft)
            .Where(o => db.Cycles.Any(c => c.Id == o.CycleId && c.State != CycleState.Closed))
            .OrderByDescending(o => o.CreatedAt).Take(MaxDraftsListed).ToListAsync(ct);
        var cycleIds = drafts.Select(d => d.CycleId).Distinct().ToList();
        var cycles = await db.Cycles.AsNoTracking().Where(c => cycleIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return drafts.Select(d => new DraftSummary(d.Id, d.Title, cycles.GetValueOrDefault(d.CycleId, "?"), d.KeyResults.Count,
            d.KeyResults.Count > 0 && d.KeyResults.All(k => KeyResultRules.Validate(k).Count == 0), d.CreatedAt)).ToList();
    }

    /// <summary>Deletes one of the actor's drafts with its key results.</summary>
    public async Task<Result<string>> DiscardAsync(Actor actor, Guid objectiveId, CancellationToken ct = default)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        db.Objectives.Remove(own.Value!);
        await db.SaveChangesAsync(ct);
        return own.Value!.Title;
    }

    // ---- Key results ----------------------------------------------------------------------------------------------

    /// <summary>The form for a new key result of a draft (<paramref name="keyResultId"/> null) or for one of its key results.</summary>
    public async Task<Result<KeyResultForm>> KeyResultFormAsync(Actor actor, Guid objectiveId, Guid? keyResultId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var objective = own.Value!;
        KeyResult? kr = null;
        if (keyResultId is { } id)
        {
            kr = await db.KeyResults.AsNoTracking().Include(k => k.Participants).FirstOrDefaultAsync(k => k.Id == id && k.ObjectiveId == objective.Id, ct);
            if (kr is null) return NoKeyResult;
        }
        else if (await db.KeyResults.CountAsync(k => k.ObjectiveId == objective.Id, ct) >= MaxKeyResults)
        {
            return TooManyKeyResults;
        }
        var people = await PeopleChoicesAsync(db, me.Value!, kr is null ? [] : [kr.OwnerId, .. kr.Participants.Select(p => p.PersonId)], ct);
        return kr is null
            ? new KeyResultForm(objective.Id, objective.Title, null, null, KeyResultKind.Metric, 0m, null, null, 1m, actor.PersonId, [], people)
            : new KeyResultForm(objective.Id, objective.Title, kr.Id, kr.Title, kr.Kind, kr.StartValue, kr.Kind == KeyResultKind.Milestone || kr.TargetValue != kr.StartValue ? kr.TargetValue : null,
                kr.Unit, kr.Weight, kr.OwnerId, kr.Participants.Select(p => p.PersonId).ToList(), people);
    }

    /// <summary>
    /// Adds a key result to a draft (<paramref name="keyResultId"/> null) or changes one. Values a key result can never
    /// take are refused; a key result that is not measurable yet (no target, a vague title) is saved, and the draft card
    /// says what to refine.
    /// </summary>
    public async Task<Result<Draft>> SaveKeyResultAsync(Actor actor, Guid objectiveId, Guid? keyResultId, KeyResultInput input, CancellationToken ct = default)
    {
        if (Validate(input) is { } invalid) return invalid;
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var objective = own.Value!;

        KeyResult kr;
        if (keyResultId is { } id)
        {
            var found = await db.KeyResults.Include(k => k.Participants).FirstOrDefaultAsync(k => k.Id == id && k.ObjectiveId == objective.Id, ct);
            if (found is null) return NoKeyResult;
            kr = found;
        }
        else
        {
            if (await db.KeyResults.CountAsync(k => k.ObjectiveId == objective.Id, ct) >= MaxKeyResults) return TooManyKeyResults;
            kr = new KeyResult { TenantId = actor.TenantId, ObjectiveId = objective.Id, Title = "" };
            db.KeyResults.Add(kr);
        }

        var ownerId = input.OwnerId ?? actor.PersonId;
        var participantIds = (input.ParticipantIds ?? []).Distinct().Where(p => p != ownerId).ToList();
        var wanted = participantIds.Append(ownerId).ToList();
        var active = await db.People.Where(p => p.TenantId == actor.TenantId && p.IsActive && wanted.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        if (!active.Contains(ownerId))
            return Result<Draft>.Fail(OkrErrorCode.NotFound, "The owner must be an active person in this organisation.", "owner");
        if (participantIds.Any(p => !active.Contains(p)))
            return Result<Draft>.Fail(OkrErrorCode.Invalid, "Every participant must be an active person in this organisation.", "participants");

        var (start, target) = input.Kind switch
        {
            KeyResultKind.Milestone => (0m, 1m),
            _ => (input.Start ?? 0m, input.Target ?? input.Start ?? 0m),
        };
        kr.Title = input.Title!.Trim();
        kr.Kind = input.Kind;
        kr.StartValue = start;
        kr.TargetValue = target;
        kr.CurrentValue = start;
        kr.Direction = target < start ? Direction.Decrease : Direction.Increase;
        kr.Unit = input.Kind switch
        {
            KeyResultKind.Milestone => null,
            KeyResultKind.Percentage => "%",
            _ => Text.Clean(input.Unit),
        };
        kr.Weight = input.Weight ?? 1m;
        kr.OwnerId = ownerId;
        kr.UpdatedAt = clock.GetUtcNow();
        kr.Version++;
        kr.Participants.RemoveAll(p => !participantIds.Contains(p.PersonId));
        foreach (var p in participantIds.Where(p => kr.Participants.All(x => x.PersonId != p)))
            kr.Participants.Add(new KeyResultParticipant { KeyResultId = kr.Id, PersonId = p });

        await db.SaveChangesAsync(ct);
        return await DraftOfAsync(db, objective, ct);
    }

    /// <summary>Takes a key result out of a draft.</summary>
    public async Task<Result<Draft>> RemoveKeyResultAsync(Actor actor, Guid objectiveId, Guid keyResultId, CancellationToken ct = default)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var kr = await db.KeyResults.FirstOrDefaultAsync(k => k.Id == keyResultId && k.ObjectiveId == objectiveId, ct);
        if (kr is null) return NoKeyResult;
        db.KeyResults.Remove(kr);
        await db.SaveChangesAsync(ct);
        return await DraftOfAsync(db, own.Value!, ct);
    }

    // ---- Align ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// What a draft can align to: the published objectives (and their key results) of the author's manager and of their
    /// team and the teams above it, in the draft's cycle or the cycle it belongs to (a quarter's year), as the author may see them.
    /// </summary>
    public async Task<Result<AlignmentChoices>> AlignmentChoicesAsync(Actor actor, Guid objectiveId, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var draft = own.Value!;
        var person = me.Value!;

        var cycles = await AlignableCyclesAsync(db, draft.CycleId, ct);
        var teams = person.TeamId is { } teamId ? await TeamChainAsync(db, actor.TenantId, teamId, ct) : [];
        var managerId = person.ManagerId;
        var candidates = await db.Objectives.AsNoTracking().Include(o => o.KeyResults).ThenInclude(k => k.Participants)
            .Where(o => o.TenantId == actor.TenantId && o.State == ObjectiveState.Published && o.Id != draft.Id && cycles.Contains(o.CycleId)
                        && ((managerId != null && o.OwnerPersonId == managerId) || (o.OwnerTeamId != null && teams.Contains(o.OwnerTeamId.Value))))
            .OrderBy(o => o.CreatedAt).ToListAsync(ct);

        var names = await NamesAsync(db, candidates, ct);
        var choices = new List<AlignmentChoice>();
        // The manager's first, then the team's, then the teams above it: nearest first.
        foreach (var o in candidates.OrderBy(o => o.OwnerPersonId == managerId ? -1 : teams.IndexOf(o.OwnerTeamId ?? Guid.Empty)))
        {
            if (choices.Count >= MaxAlignmentChoices) break;
            if (!await Audiences.VisibleToAsync(db, actor.TenantId, actor.PersonId, o, ct)) continue;
            var source = o.OwnerPersonId == managerId ? AlignmentSource.Manager : AlignmentSource.Team;
            var owner = names.GetValueOrDefault(o.Id, "?");
            choices.Add(new AlignmentChoice(AlignmentKind.Objective, o.Id, o.Title, owner, null, source));
            foreach (var k in o.KeyResults.Where(k => !k.IsDropped).OrderBy(k => k.Title, StringComparer.Ordinal))
                if (choices.Count < MaxAlignmentChoices) choices.Add(new AlignmentChoice(AlignmentKind.KeyResult, k.Id, k.Title, owner, o.Title, source));
        }
        return new AlignmentChoices(draft.Id, draft.Title, await ParentOfAsync(db, draft, ct), choices);
    }

    /// <summary>
    /// Aligns a draft to a published objective or key result the author may see, of the draft's cycle or the cycle it
    /// belongs to; <paramref name="target"/> null aligns it to nothing (a top-level objective).
    /// </summary>
    public async Task<Result<Draft>> AlignAsync(Actor actor, Guid objectiveId, AlignTarget? target, CancellationToken ct = default)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var draft = own.Value!;

        Guid? parentObjective = null, parentKeyResult = null;
        if (target is not null)
        {
            var objectiveOfTarget = target.Kind == AlignmentKind.Objective
                ? target.Id
                : await db.KeyResults.Where(k => k.Id == target.Id && k.TenantId == actor.TenantId && !k.IsDropped).Select(k => (Guid?)k.ObjectiveId).FirstOrDefaultAsync(ct);
            var parent = objectiveOfTarget is { } pid
                ? await db.Objectives.AsNoTracking().Include(o => o.KeyResults).ThenInclude(k => k.Participants)
                    .FirstOrDefaultAsync(o => o.Id == pid && o.TenantId == actor.TenantId && o.State == ObjectiveState.Published && o.Id != draft.Id, ct)
                : null;
            if (parent is null || !await Audiences.VisibleToAsync(db, actor.TenantId, actor.PersonId, parent, ct))
                return Result<Draft>.Fail(OkrErrorCode.NotFound, "Nothing published by that id to align to.", "parent");
            if (!(await AlignableCyclesAsync(db, draft.CycleId, ct)).Contains(parent.CycleId))
                return Result<Draft>.Fail(OkrErrorCode.Invalid, "Align to an objective of the same cycle or of the cycle it belongs to.", "parentCycle");
            if (target.Kind == AlignmentKind.Objective) parentObjective = parent.Id;
            else parentKeyResult = target.Id;
        }
        draft.ParentObjectiveId = parentObjective;
        draft.ParentKeyResultId = parentKeyResult;
        await db.SaveChangesAsync(ct);
        return await DraftOfAsync(db, draft, ct);
    }

    // ---- Publish --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Publishes a draft: it needs at least one key result and every key result valid (<see cref="KeyResultRules"/>);
    /// otherwise nothing changes and the draft card shows what to fix. The cycle must not be closed.
    /// </summary>
    public Task<Result<PublishReceipt>> PublishAsync(Actor actor, Guid objectiveId, CancellationToken ct = default) =>
        Conflicts.RetryAsync(() => PublishOnceAsync(actor, objectiveId, ct), ct);

    private async Task<Result<PublishReceipt>> PublishOnceAsync(Actor actor, Guid objectiveId, CancellationToken ct)
    {
        await using var db = database.Open(actor.PersonId);
        var me = await Lookups.ActorAsync(db, actor, ct);
        if (me.Error is { } error) return error;
        var own = await OwnDraftAsync(db, actor, objectiveId, ct);
        if (own.Error is { } notOwn) return notOwn;
        var draft = own.Value!;
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == draft.CycleId, ct);
        if (cycle.State == CycleState.Closed)
            return Result<PublishReceipt>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is closed.");
        var krs = await db.KeyResults.Where(k => k.ObjectiveId == draft.Id).ToListAsync(ct);
        if (krs.Count == 0)
            return Result<PublishReceipt>.Fail(OkrErrorCode.Invalid, "An objective needs at least one key result to be published.", "noKeyResults");
        if (krs.Any(k => KeyResultRules.Validate(k).Count > 0))
            return Result<PublishReceipt>.Fail(OkrErrorCode.Invalid, "Some key results are not ready to be published.", "notReady");

        draft.State = ObjectiveState.Published;
        await db.SaveChangesAsync(ct);
        var parent = await ParentOfAsync(db, draft, ct);
        return new PublishReceipt(draft.Id, draft.Title, krs.Count, cycle.Name, draft.Visibility, parent?.Title);
    }

    // ---- Shared ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// A draft of the actor's, tracked. Someone else's draft is "not found" when the actor may not see it, and
    /// "forbidden" when they may (their manager): only its author refines a draft.
    /// </summary>
    private static async Task<Result<Objective>> OwnDraftAsync(OkrDbContext db, Actor actor, Guid objectiveId, CancellationToken ct)
    {
        var objective = await db.Objectives.Include(o => o.KeyResults).ThenInclude(k => k.Participants)
            .FirstOrDefaultAsync(o => o.Id == objectiveId && o.TenantId == actor.TenantId, ct);
        if (objective is null || !await Audiences.VisibleToAsync(db, actor.TenantId, actor.PersonId, objective, ct))
            return Result<Objective>.Fail(OkrErrorCode.NotFound, "No such draft.", "objectiveId");
        if (objective.OwnerPersonId != actor.PersonId)
            return Result<Objective>.Fail(OkrErrorCode.Forbidden, "Only its author can change a draft.", "objectiveId");
        if (objective.State != ObjectiveState.Draft)
            return Result<Objective>.Fail(OkrErrorCode.Invalid, "This objective is published already.", "published");
        return objective;
    }

    /// <summary>The draft as its card shows it: key results with their problems and hints, alignment, focus.</summary>
    private static async Task<Result<Draft>> DraftOfAsync(OkrDbContext db, Objective objective, CancellationToken ct)
    {
        var krs = await db.KeyResults.AsNoTracking().Include(k => k.Participants).Where(k => k.ObjectiveId == objective.Id).ToListAsync(ct);
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == objective.CycleId, ct);
        var ids = krs.SelectMany(k => k.Participants.Select(p => p.PersonId).Append(k.OwnerId)).Append(objective.OwnerPersonId ?? Guid.Empty).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        string Name(Guid id) => names.GetValueOrDefault(id, "?");

        var objectives = await db.Objectives.CountAsync(o => o.TenantId == objective.TenantId && o.CycleId == objective.CycleId
                                                              && o.OwnerPersonId == objective.OwnerPersonId, ct);
        var focus = new FocusCheck(objectives, krs.Count, ThreeByThree.Check(objectives, krs.Count));
        var rows = krs.OrderBy(k => k.Title, StringComparer.Ordinal).ThenBy(k => k.Id).Select(k => new DraftKeyResult(
            k.Id, k.Title, k.Kind, k.Direction, k.StartValue, k.TargetValue, k.Unit, k.Weight, k.OwnerId, Name(k.OwnerId),
            k.Participants.Select(p => new PersonChoice(p.PersonId, Name(p.PersonId))).OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            KeyResultRules.Validate(k), Measurability.Check(k))).ToList();
        return new Draft(objective.Id, objective.Title, objective.Description, objective.Visibility, objective.State, cycle.Id, cycle.Name,
            Name(objective.OwnerPersonId ?? Guid.Empty), await ParentOfAsync(db, objective, ct), rows, focus);
    }

    /// <summary>What an objective aligns to, as a choice; null when nothing.</summary>
    private static async Task<AlignmentChoice?> ParentOfAsync(OkrDbContext db, Objective objective, CancellationToken ct)
    {
        Objective? parent;
        KeyResult? kr = null;
        if (objective.ParentKeyResultId is { } krId)
        {
            kr = await db.KeyResults.AsNoTracking().FirstOrDefaultAsync(k => k.Id == krId, ct);
            parent = kr is null ? null : await db.Objectives.AsNoTracking().FirstOrDefaultAsync(o => o.Id == kr.ObjectiveId, ct);
        }
        else if (objective.ParentObjectiveId is { } oid)
        {
            parent = await db.Objectives.AsNoTracking().FirstOrDefaultAsync(o => o.Id == oid, ct);
        }
        else
        {
            return null;
        }
        if (parent is null) return null;
        var owner = (await NamesAsync(db, [parent], ct)).GetValueOrDefault(parent.Id, "?");
        return kr is null
            ? new AlignmentChoice(AlignmentKind.Objective, parent.Id, parent.Title, owner, null, parent.OwnerTeamId is null ? AlignmentSource.Manager : AlignmentSource.Team)
            : new AlignmentChoice(AlignmentKind.KeyResult, kr.Id, kr.Title, owner, parent.Title, parent.OwnerTeamId is null ? AlignmentSource.Manager : AlignmentSource.Team);
    }

    /// <summary>Each objective's owner name: the person's, or the team's.</summary>
    private static async Task<Dictionary<Guid, string>> NamesAsync(OkrDbContext db, IReadOnlyList<Objective> objectives, CancellationToken ct)
    {
        var personIds = objectives.Select(o => o.OwnerPersonId).OfType<Guid>().Distinct().ToList();
        var teamIds = objectives.Select(o => o.OwnerTeamId).OfType<Guid>().Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        return objectives.ToDictionary(o => o.Id, o => o.OwnerPersonId is { } p ? people.GetValueOrDefault(p, "?") : teams.GetValueOrDefault(o.OwnerTeamId ?? Guid.Empty, "?"));
    }

    /// <summary>The draft's cycle and the cycle it belongs to (a quarter's year): what it may align to.</summary>
    private static async Task<List<Guid>> AlignableCyclesAsync(OkrDbContext db, Guid cycleId, CancellationToken ct)
    {
        var parent = await db.Cycles.Where(c => c.Id == cycleId).Select(c => c.ParentCycleId).FirstOrDefaultAsync(ct);
        return parent is { } p ? [cycleId, p] : [cycleId];
    }

    /// <summary>A team and the teams above it, nearest first (bounded: a loop in the data must not hang a request).</summary>
    private static async Task<List<Guid>> TeamChainAsync(OkrDbContext db, Guid tenantId, Guid teamId, CancellationToken ct)
    {
        var chain = new List<Guid> { teamId };
        for (var i = 0; i < 16; i++)
        {
            var current = chain[^1];
            var parent = await db.Teams.Where(t => t.Id == current && t.TenantId == tenantId).Select(t => t.ParentTeamId).FirstOrDefaultAsync(ct);
            if (parent is not { } next || chain.Contains(next)) break;
            chain.Add(next);
        }
        return chain;
    }

    /// <summary>
    /// Who a key result can be given to or shared with: the author, their manager, their team and their reports, and
    /// whoever the key result already names; active people only, the author first.
    /// </summary>
    private static async Task<IReadOnlyList<PersonChoice>> PeopleChoicesAsync(OkrDbContext db, Person me, IReadOnlyList<Guid> named, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking()
            .Where(p => p.TenantId == me.TenantId && p.IsActive
                        && (p.Id == me.Id || p.Id == me.ManagerId || p.ManagerId == me.Id || (me.TeamId != null && p.TeamId == me.TeamId) || named.Contains(p.Id)))
            .OrderBy(p => p.DisplayName).Take(MaxPeopleChoices + named.Count + 1).ToListAsync(ct);
        return people.OrderBy(p => p.Id == me.Id ? 0 : named.Contains(p.Id) ? 1 : 2).ThenBy(p => p.DisplayName, StringComparer.Ordinal)
            .Take(Math.Max(MaxPeopleChoices, named.Count + 1)).Select(p => new PersonChoice(p.Id, p.DisplayName)).ToList();
    }

    /// <summary>
    /// The cycles a draft can be for, the current one first: active or planned, not yet over in the person's calendar;
    /// shorter cycles before longer ones (a quarter before its year).
    /// </summary>
    private async Task<List<CycleChoice>> OpenCyclesAsync(OkrDbContext db, Person person, CancellationToken ct)
    {
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(person.TimeZoneId));
        var current = await Lookups.CurrentCycleAsync(db, person.TenantId, today, ct);
        var open = await db.Cycles.AsNoTracking()
            .Where(c => c.TenantId == person.TenantId && (c.State == CycleState.Active || c.State == CycleState.Planning) && c.EndDate >= today)
            .ToListAsync(ct);
        return open.OrderBy(c => c.Id == current?.Id ? 0 : 1).ThenBy(c => c.StartDate).ThenBy(c => c.LengthInDays)
            .Select(c => new CycleChoice(c.Id, c.Name, c.State)).ToList();
    }

    private async Task<Result<Cycle>> CycleForAsync(OkrDbContext db, Person person, Guid? cycleId, CancellationToken ct)
    {
        var open = await OpenCyclesAsync(db, person, ct);
        if (cycleId is null)
        {
            if (open.Count == 0) return NoOpenCycle;
            return await db.Cycles.FirstAsync(c => c.Id == open[0].Id, ct);
        }
        var cycle = await db.Cycles.FirstOrDefaultAsync(c => c.Id == cycleId && c.TenantId == person.TenantId, ct);
        if (cycle is null) return Result<Cycle>.Fail(OkrErrorCode.NotFound, "No such cycle.", "cycleId");
        if (open.All(c => c.Id != cycle.Id))
            return Result<Cycle>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is not open for new objectives.");
        return cycle;
    }

    private static OkrError? Validate(ObjectiveInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > OkrModel.TitleLength)
            return new(OkrErrorCode.Invalid, $"An objective needs a title of at most {OkrModel.TitleLength} characters.", "title");
        if (Text.TooLong(input.Description))
            return new(OkrErrorCode.Invalid, $"The description can be at most {OkrModel.TextLength} characters.", "description");
        if (!Enum.IsDefined(input.Visibility))
            return new(OkrErrorCode.Invalid, "Visibility is public or private.", "visibility");
        return null;
    }

    private static OkrError? Validate(KeyResultInput input)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > OkrModel.TitleLength)
            return new(OkrErrorCode.Invalid, $"A key result needs a title of at most {OkrModel.TitleLength} characters.", "title");
        if (!Enum.IsDefined(input.Kind))
            return new(OkrErrorCode.Invalid, "A key result is a metric, a percentage or a milestone.", "kind");
        if (input.Kind != KeyResultKind.Milestone)
        {
            var values = new[] { input.Start, input.Target }.OfType<decimal>().ToList();
            if (values.Any(v => Math.Abs(v) > KeyResultRules.MaxMagnitude)
                || (input.Kind == KeyResultKind.Percentage && values.Any(v => v is < 0m or > 100m)))
                return new(OkrErrorCode.Invalid, "A start or target is out of range.", "krValues");
        }
        if (input.Weight is { } w && (w <= 0m || w > MaxWeight))
            return new(OkrErrorCode.Invalid, $"A weight is above 0 and at most {MaxWeight}.", "weight");
        if (input.Unit is { } unit && unit.Trim().Length > UnitLength)
            return new(OkrErrorCode.Invalid, $"A unit has at most {UnitLength} characters.", "unit");
        if (input.ParticipantIds is { Count: > MaxParticipants })
            return new(OkrErrorCode.Invalid, $"A key result has at most {MaxParticipants} participants.", "participants");
        return null;
    }

    private static OkrError NoOpenCycle => new(OkrErrorCode.NotFound, "There is no open OKR cycle to draft objectives for.", "cycle");

    private static OkrError NoKeyResult => new(OkrErrorCode.NotFound, "That key result is not in this draft.", "keyResultId");

    private static OkrError TooManyKeyResults => new(OkrErrorCode.Invalid, $"A draft holds at most {MaxKeyResults} key results.", "keyResults");
}
