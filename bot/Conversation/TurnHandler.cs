using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rhythm;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Bot.Conversation;

/// <summary>
/// What the bot does with a turn, whatever the channel: one plain method per intent, each calling one core service
/// and answering with a view. Refusals come back as views too, never as exceptions.
/// </summary>
public sealed class TurnHandler(
    OkrQueryService okrs, CheckInService checkIns, RiskService risks, PeopleService people, DeliveryQueue deliveries, DeliveryNudge nudge,
    WrapUpService wrapUp, ReviewService reviews, ScoringService scores, PromptCards promptCards, SmallWinService wins, TimeProvider clock,
    AuthoringTurns authoring)
{
    /// <summary>The most names listed when a colleague's name matches several people.</summary>
    private const int MaxNamesListed = 5;

    public Task<TurnAnswer> HandleAsync(Turn turn, CancellationToken ct = default) => turn.Input switch
    {
        TurnInput.Text text => HandleTextAsync(turn, text.Value, ct),
        TurnInput.CardAction action => HandleActionAsync(turn, action, ct),
        _ => Task.FromResult(new TurnAnswer(new HelpView(turn.Locale))),
    };

    public TurnAnswer Welcome(Turn turn, string? userName) => new(new WelcomeView(
        turn.Locale, userName ?? turn.Person.DisplayName, turn.DemoPersonName));

    private Task<TurnAnswer> HandleTextAsync(Turn turn, string text, CancellationToken ct)
    {
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(turn.Person.TimeZoneId));
        return Commands.Parse(text, today) switch
        {
            Command.Help => Answer(new HelpView(turn.Locale)),
            Command.MyOkrs => MyOkrsAsync(turn, ct),
            Command.CheckIn => CheckInCardAsync(turn, ct),
            Command.Review => ReviewCardAsync(turn, null, ct),
            Command.Score => ScoringCardAsync(turn, null, ct),
            Command.MyTeam => MyTeamAsync(turn, ct),
            Command.ColleagueOkrs c => ColleagueOkrsAsync(turn, c.Name, ct),
            Command.AwayUntil a => SettingAsync(turn, people.SetAwayAsync(turn.Actor, a.Until, ct), t => t.AwaySet(a.Until)),
            Command.Back => SettingAsync(turn, people.SetAwayAsync(turn.Actor, null, ct), t => t.BackNow),
            Command.SetTimeZone z => SettingAsync(turn, people.SetTimeZoneAsync(turn.Actor, z.TimeZone, ct), t => t.TimeZoneSet(TimeZones.Find(z.TimeZone).Id)),
            Command.SetCheckInDay d => SettingAsync(turn, people.SetCheckInDayAsync(turn.Actor, d.Day, ct), t => t.CheckInDaySet(d.Day)),
            Command.Settings => Answer(Settings(turn)),
            Command.SmallWin w => SmallWinAsync(turn, w.Text, ct),
            Command.NewObjective => authoring.NewObjectiveAsync(turn, ct),
            Command.MyDrafts => authoring.MyDraftsAsync(turn, ct),
            Command.Unknown u => Answer(new HelpView(turn.Locale, u.Text)),
            _ => Answer(new HelpView(turn.Locale)),
        };
    }

    private Task<TurnAnswer> HandleActionAsync(Turn turn, TurnInput.CardAction action, CancellationToken ct)
    {
        var data = action.Data;
        Guid? kr = Guid.TryParse(data.GetValueOrDefault(CardVerbs.KeyResultKey), out var id) ? id : null;
        return (action.Verb, kr) switch
        {
            (CardVerbs.Help, _) => Answer(new HelpView(turn.Locale)),
            (CardVerbs.MyOkrs, _) => MyOkrsAsync(turn, ct),
            (CardVerbs.CheckInOpen, _) => CheckInCardAsync(turn, ct),
            (CardVerbs.CheckInSubmit, _) => SubmitCheckInAsync(turn, data, ct),
            (CardVerbs.KrShow, { } k) => KeyResultCardAsync(turn, k, null, ct),
            (CardVerbs.KrUpdate, { } k) => UpdateOneAsync(turn, k, ct),
            (CardVerbs.KrAtRiskOpen, { } k) => AtRiskFormAsync(turn, k, ct),
            (CardVerbs.KrAtRiskSubmit, { } k) => SubmitAtRiskAsync(turn, k, data, ct),
            (CardVerbs.ReviewOpen, _) when TryOptionalCycle(data, out var cycle) => ReviewCardAsync(turn, cycle, ct),
            (CardVerbs.ReviewSubmit, _) => SubmitReviewAsync(turn, data, ct),
            (CardVerbs.ScoringOpen, _) when TryOptionalCycle(data, out var cycle) => ScoringCardAsync(turn, cycle, ct),
            (CardVerbs.ScoringSubmit, _) => SubmitScoresAsync(turn, data, ct),
            (var verb, _) when AuthoringTurns.Handles(verb) => authoring.HandleAsync(turn, action, ct),
            // An unknown verb or a KR id that is not one: a card we did not make. Answer, change nothing.
            _ => Answer(NoticeView.Refusal(turn.Locale, new OkrError(OkrErrorCode.Invalid, "Unknown card action.", "action"))),
        };
    }

    private async Task<TurnAnswer> MyOkrsAsync(Turn turn, CancellationToken ct)
    {
        var list = await okrs.ForPersonAsync(turn.Actor, turn.Person.Id, ct);
        return list.Error is { } error ? Refused(turn, error) : new(new OkrListView(turn.Locale, OkrListSubject.Own, turn.Person.DisplayName, list.Value!));
    }

    private async Task<TurnAnswer> MyTeamAsync(Turn turn, CancellationToken ct)
    {
        if (await people.TeamOfAsync(turn.Actor, ct) is not { } team) return Notice(turn, NoticeKind.Info, t => t.NoTeam);
        var list = await okrs.ForTeamAsync(turn.Actor, team.Id, ct);
        return list.Error is { } error ? Refused(turn, error) : new(new OkrListView(turn.Locale, OkrListSubject.Team, team.Name, list.Value!));
    }

    private async Task<TurnAnswer> ColleagueOkrsAsync(Turn turn, string name, CancellationToken ct)
    {
        var found = await people.FindByNameAsync(turn.Actor, name, MaxNamesListed, ct);
        if (found.Error is { } error) return Refused(turn, error);
        var matches = found.Value!;
        var exact = matches.Where(p => string.Equals(p.DisplayName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var colleague = exact.Count == 1 ? exact[0] : matches.Count == 1 ? matches[0] : null;
        if (colleague is null)
            return matches.Count == 0
                ? Notice(turn, NoticeKind.Info, t => t.NobodyNamed(name))
                : Notice(turn, NoticeKind.Info, t => t.SeveralNamed(name, matches.Select(p => p.DisplayName).ToList()));
        var list = await okrs.ForPersonAsync(turn.Actor, colleague.Id, ct);
        var subject = colleague.Id == turn.Person.Id ? OkrListSubject.Own : OkrListSubject.Colleague;
        return list.Error is { } listError ? Refused(turn, listError) : new(new OkrListView(turn.Locale, subject, colleague.DisplayName, list.Value!));
    }

    private async Task<TurnAnswer> CheckInCardAsync(Turn turn, CancellationToken ct, OkrError? refusal = null, string? error = null)
    {
        var list = await okrs.ForPersonAsync(turn.Actor, turn.Person.Id, ct);
        if (list.Error is { } listError) return Refused(turn, listError);
        var card = CheckInCardView.For(turn.Locale, turn.Person.Id, turn.Person.DisplayName, list.Value!);
        if (refusal is not null) card = card.WithRefusal(refusal);
        if (error is not null) card = card with { Error = error };
        return new(card);
    }

    private async Task<TurnAnswer> SubmitCheckInAsync(Turn turn, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        if (!CardVerbs.TryParseWeek(data.GetValueOrDefault(CardVerbs.WeekKey), out var week)
            || !CardVerbs.TryParseKeyResultIds(data.GetValueOrDefault(CardVerbs.KeyResultsKey), out var ids) || ids.Count == 0)
            return Refused(turn, new OkrError(OkrErrorCode.Invalid, "The card does not say which key results it is for.", "items"));

        var blockers = data.GetValueOrDefault(CardVerbs.BlockersInput);
        var items = new List<CheckInInput>();
        foreach (var kr in ids)
        {
            if (!CardVerbs.TryParseNumber(data.GetValueOrDefault(CardVerbs.ValueInput(kr)), out var value))
                return await CheckInCardAsync(turn, ct, error: text.CardValueNotANumber);
            if (!CardVerbs.TryParseStatus(data.GetValueOrDefault(CardVerbs.StatusInput(kr)), out var status))
                return await CheckInCardAsync(turn, ct, refusal: new OkrError(OkrErrorCode.Invalid, "A status is missing.", "status"));
            int? confidence = null;
            if (data.GetValueOrDefault(CardVerbs.ConfidenceInput(kr)) is { Length: > 0 } c)
            {
                if (!CardVerbs.TryParseNumber(c, out var n) || n != decimal.Truncate(n) || n is < CheckInService.MinConfidence or > CheckInService.MaxConfidence)
                    return await CheckInCardAsync(turn, ct, refusal: new OkrError(OkrErrorCode.Invalid, "Confidence is 1-10.", "confidence"));
                confidence = (int)n;
            }
            items.Add(new CheckInInput(kr, value, status, confidence, data.GetValueOrDefault(CardVerbs.NoteInput(kr)), blockers));
        }

        var request = new CheckInRequest(items, week);
        var receipt = await checkIns.RecordAsync(turn.Actor, request, ct);
        if (receipt.Error is { Code: OkrErrorCode.StaleWeek } stale) return Refused(turn, stale);
        if (receipt.Error is { } refused) return await CheckInCardAsync(turn, ct, refusal: refused);
        // The prompt cards this answers now say so (the one acted on is replaced by the answer itself).
        if (await promptCards.CloseAsync(turn.Person, turn.Channel, receipt.Value!.WeekOf, turn.SourceMessageId, ct) > 0) nudge.Nudge();
        return new(CheckInDoneView.From(turn.Locale, turn.Person.DisplayName, receipt.Value!, request));
    }

    private async Task<TurnAnswer> KeyResultCardAsync(Turn turn, Guid keyResultId, string? message, CancellationToken ct)
    {
        var detail = await okrs.KeyResultAsync(turn.Actor, keyResultId, KeyResultCardView.MaxHistory, ct);
        if (detail.Error is { } error) return Refused(turn, error);
        var d = detail.Value!;
        return new(new KeyResultCardView(turn.Locale, d.KeyResult, d.ObjectiveTitle, d.CycleName, d.History, d.CanUpdate, message,
            await authoring.CanChangeAsync(turn, keyResultId, ct)));
    }

    private async Task<TurnAnswer> UpdateOneAsync(Turn turn, Guid keyResultId, CancellationToken ct)
    {
        var detail = await okrs.KeyResultAsync(turn.Actor, keyResultId, 0, ct);
        if (detail.Error is { } error) return Refused(turn, error);
        if (!detail.Value!.CanUpdate)
            return Refused(turn, new OkrError(OkrErrorCode.Forbidden, "Only the owner, participants and their managers can update it.", "keyResultId"));
        // The owner's list, as this viewer may see it: the KR with its real objective, in this viewer's week.
        var list = await okrs.ForPersonAsync(turn.Actor, detail.Value.KeyResult.OwnerId, ct);
        if (list.Error is { } listError) return Refused(turn, listError);
        return new(CheckInCardView.ForKeyResult(turn.Locale, turn.Person.DisplayName, list.Value!, keyResultId));
    }

    private async Task<TurnAnswer> AtRiskFormAsync(Turn turn, Guid keyResultId, CancellationToken ct)
    {
        var detail = await okrs.KeyResultAsync(turn.Actor, keyResultId, 0, ct);
        return detail.Error is { } error ? Refused(turn, error) : new(MarkAtRiskFormView.From(turn.Locale, detail.Value!.KeyResult));
    }

    private async Task<TurnAnswer> SubmitAtRiskAsync(Turn turn, Guid keyResultId, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var reason = data.GetValueOrDefault(CardVerbs.ReasonInput);
        var status = CardVerbs.TryParseStatus(data.GetValueOrDefault(CardVerbs.RiskStatusInput), out var s) ? s : KrStatus.AtRisk;
        var marked = await risks.MarkAtRiskAsync(turn.Actor, keyResultId, reason, status, ct);
        if (marked.Error is { } error)
        {
            var detail = await okrs.KeyResultAsync(turn.Actor, keyResultId, 0, ct);
            return detail.Error is not null || error.Code == OkrErrorCode.NotFound
                ? Refused(turn, error)
                : new(MarkAtRiskFormView.From(turn.Locale, detail.Value!.KeyResult).WithRefusal(error, reason));
        }

        var notice = marked.Value!;
        // One alert per person told, durable: sent by the dispatcher (here or on another node), retried as the
        // platform asks, and kept across a restart. The period key makes each raising of the flag its own alert.
        var raisedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var recipient in notice.NotifyIds)
            await deliveries.EnqueueAsync(new DeliveryRequest(turn.Person.TenantId, recipient, turn.Channel, DeliveryKind.AtRiskAlert,
                $"{notice.KeyResultId:N}-{raisedAt}").WithPayload(AtRiskAlertPayload.From(notice)), ct);
        if (notice.NotifyIds.Count > 0) nudge.Nudge();

        var told = await people.FindAsync(turn.Person.TenantId, [.. notice.NotifyIds], ct);
        var message = BotText.For(turn.Locale).MarkedAtRisk(notice.Status, told.Select(p => p.DisplayName).ToList());
        return await KeyResultCardAsync(turn, keyResultId, message, ct);
    }

    // ---- Mid-cycle review and end-of-cycle scoring --------------------------------------------------------------

    /// <summary>The review card of the given cycle (by default the current one), or a notice when there is nothing to review.</summary>
    private async Task<TurnAnswer> ReviewCardAsync(Turn turn, Guid? cycleId, CancellationToken ct)
    {
        var sheet = await wrapUp.ReviewSheetAsync(turn.Actor, cycleId, ct);
        if (sheet.Error is { } error) return Refused(turn, error);
        if (sheet.Value!.Items.Count == 0) return NothingToDo(turn, t => t.ReviewNothingToDo(sheet.Value.CycleName));
        return new(new ReviewCardView(turn.Locale, turn.Person.DisplayName, sheet.Value));
    }

    /// <summary>The scoring card of the given cycle (by default the one to score now), or a notice when there is nothing to score.</summary>
    private async Task<TurnAnswer> ScoringCardAsync(Turn turn, Guid? cycleId, CancellationToken ct)
    {
        var sheet = await wrapUp.ScoringSheetAsync(turn.Actor, cycleId, ct);
        if (sheet.Error is { } error) return Refused(turn, error);
        if (sheet.Value!.Items.Count == 0) return NothingToDo(turn, t => t.ScoringNothingToDo(sheet.Value.CycleName));
        return new(new ScoringCardView(turn.Locale, turn.Person.DisplayName, sheet.Value));
    }

    /// <summary>One KR's part of a review as the card sent it, read and checked.</summary>
    private sealed record ReviewAsk(ReviewItem Item, ReviewDecisionKind Decision, decimal? Target, string? Note);

    /// <summary>
    /// Every item is read and checked before anything is recorded, so a refusal records nothing: a KR not on the
    /// person's sheet of that cycle (another person's, another tenant's, a forged id), a decision that is not one, an
    /// adjusted milestone, a missing or impossible target, a missing or over-long note. A KR left undecided is skipped.
    /// Then each decision goes to the review service; should it still refuse one (the cycle closed meanwhile, a
    /// concurrent change), the card comes back saying which, and that those before it were saved.
    /// </summary>
    private async Task<TurnAnswer> SubmitReviewAsync(Turn turn, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        if (ReadCardIds(data) is not { } card) return Refused(turn, NoKeyResults);
        var (cycleId, ids) = card;
        var loaded = await wrapUp.ReviewSheetAsync(turn.Actor, cycleId, ct);
        if (loaded.Error is { } sheetError) return Refused(turn, sheetError);
        var sheet = loaded.Value!;
        var onSheet = sheet.Items.ToDictionary(i => i.KeyResult.Id);

        var asks = new List<ReviewAsk>();
        string? problem = null;
        foreach (var id in ids)
        {
            if (!onSheet.TryGetValue(id, out var item))
            {
                problem ??= text.Refusal(OkrErrorCode.Invalid, "card");
                continue;
            }
            var read = ReadReview(item, data, text);
            if (read.Problem is { } p) problem ??= text.ItemRefusal(item.KeyResult.Title, p);
            else if (read.Ask is { } ask) asks.Add(ask);
        }
        if (problem is null && asks.Count == 0) problem = text.Refusal(OkrErrorCode.Invalid, "decision");
        if (problem is not null) return new(ReviewAgain(turn, sheet, data, problem));

        var receipts = new List<ReviewReceipt>();
        foreach (var ask in asks)
        {
            var recorded = await reviews.RecordDecisionAsync(turn.Actor, ask.Item.KeyResult.Id, ask.Decision, ask.Note, ask.Target, ct);
            if (recorded.Error is { } refused)
            {
                if (receipts.Count == 0 && refused.Code is OkrErrorCode.CycleNotOpen) return Refused(turn, refused);
                var again = await wrapUp.ReviewSheetAsync(turn.Actor, cycleId, ct);
                if (again.Error is { } againError) return Refused(turn, againError);
                return new(ReviewAgain(turn, again.Value!, data, RefusedPartWay(text, ask.Item.KeyResult.Title, refused, receipts.Count)));
            }
            receipts.Add(recorded.Value!);
        }
        var notes = asks.ToDictionary(a => a.Item.KeyResult.Id, a => a.Note);
        return new(ReviewDoneView.From(turn.Locale, turn.Person.DisplayName, sheet, receipts, notes));
    }

    /// <summary>One KR's decision, target and note from the card: what to record, nothing (left undecided), or why not.</summary>
    private static (ReviewAsk? Ask, string? Problem) ReadReview(ReviewItem item, IReadOnlyDictionary<string, string> data, BotText text)
    {
        var kr = item.KeyResult;
        var decisionText = data.GetValueOrDefault(CardVerbs.DecisionInput(kr.Id));
        if (string.IsNullOrEmpty(decisionText)) return (null, null);
        if (!CardVerbs.TryParseDecision(decisionText, out var decision)) return (null, text.Refusal(OkrErrorCode.Invalid, "decision"));
        var note = data.GetValueOrDefault(CardVerbs.ReviewNoteInput(kr.Id));
        if (TooLong(note)) return (null, text.Refusal(OkrErrorCode.Invalid, "note"));

        decimal? target = null;
        if (decision == ReviewDecisionKind.Adjust)
        {
            if (kr.Kind == KeyResultKind.Milestone) return (null, text.Refusal(OkrErrorCode.Invalid, "decision"));
            var targetText = data.GetValueOrDefault(CardVerbs.TargetInput(kr.Id));
            if (string.IsNullOrWhiteSpace(targetText)) return (null, text.Refusal(OkrErrorCode.Invalid, "targetMissing"));
            if (!CardVerbs.TryParseNumber(targetText, out var parsed)) return (null, text.CardValueNotANumber);
            if (!TargetWorks(kr, parsed)) return (null, text.Refusal(OkrErrorCode.Invalid, "newTarget"));
            target = parsed;
        }
        if (decision != ReviewDecisionKind.Keep && string.IsNullOrWhiteSpace(note)) return (null, text.Refusal(OkrErrorCode.Invalid, "note"));
        return (new ReviewAsk(item, decision, target, note), null);
    }

    /// <summary>What the review service accepts as a KR's new target (only what the new target can break counts).</summary>
    private static bool TargetWorks(KeyResultView kr, decimal target)
    {
        var probe = new KeyResult
        {
            Title = kr.Title, Kind = kr.Kind, Direction = kr.Direction, StartValue = kr.StartValue, TargetValue = target,
            CurrentValue = kr.CurrentValue, Weight = kr.Weight,
        };
        return !KeyResultRules.Validate(probe).Any(p => p is KeyResultProblem.TargetEqualsStart or KeyResultProblem.TargetAgainstDirection
            or KeyResultProblem.PercentageOutOfRange or KeyResultProblem.ValueTooLarge);
    }

    /// <summary>The review card again with the refusal, keeping what the person chose and wrote where it can be shown.</summary>
    private static ReviewCardView ReviewAgain(Turn turn, ReviewSheet sheet, IReadOnlyDictionary<string, string> data, string problem)
    {
        var items = sheet.Items.Select(item =>
        {
            var id = item.KeyResult.Id;
            var decision = CardVerbs.TryParseDecision(data.GetValueOrDefault(CardVerbs.DecisionInput(id)), out var d) ? d : item.Decision;
            var target = CardVerbs.TryParseNumber(data.GetValueOrDefault(CardVerbs.TargetInput(id)), out var t) && Math.Abs(t) <= KeyResultRules.MaxMagnitude
                ? t : item.NewTarget;
            var note = data.TryGetValue(CardVerbs.ReviewNoteInput(id), out var n) ? n : item.Note;
            return item with { Decision = decision, NewTarget = target, Note = note };
        }).ToList();
        return new ReviewCardView(turn.Locale, turn.Person.DisplayName, sheet with { Items = items }, problem);
    }

    /// <summary>One KR's score and reason as the card sent them, read and checked.</summary>
    private sealed record ScoreAsk(ScoringItem Item, decimal Score, string Reason);

    /// <summary>
    /// As <see cref="SubmitReviewAsync"/>: every KR on the card needs a score of 0.0-1.0 in tenths and a reason, and
    /// must be on the person's sheet of that cycle (theirs, not dropped); any refusal records nothing.
    /// </summary>
    private async Task<TurnAnswer> SubmitScoresAsync(Turn turn, IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var text = BotText.For(turn.Locale);
        if (ReadCardIds(data) is not { } card) return Refused(turn, NoKeyResults);
        var (cycleId, ids) = card;
        var loaded = await wrapUp.ScoringSheetAsync(turn.Actor, cycleId, ct);
        if (loaded.Error is { } sheetError) return Refused(turn, sheetError);
        var sheet = loaded.Value!;
        var onSheet = sheet.Items.ToDictionary(i => i.KeyResult.Id);

        var asks = new List<ScoreAsk>();
        string? problem = null;
        foreach (var id in ids)
        {
            if (!onSheet.TryGetValue(id, out var item))
            {
                problem ??= text.Refusal(OkrErrorCode.Invalid, "card");
                continue;
            }
            if (!TryReadScore(data.GetValueOrDefault(CardVerbs.ScoreInput(id)), out var score))
            {
                problem ??= text.ItemRefusal(item.KeyResult.Title, text.Refusal(OkrErrorCode.Invalid, "score"));
                continue;
            }
            var reason = data.GetValueOrDefault(CardVerbs.ScoreReasonInput(id));
            if (string.IsNullOrWhiteSpace(reason) || TooLong(reason))
            {
                problem ??= text.ItemRefusal(item.KeyResult.Title, text.Refusal(OkrErrorCode.Invalid, "reason"));
                continue;
            }
            asks.Add(new ScoreAsk(item, score, reason));
        }
        if (problem is not null) return new(ScoringAgain(turn, sheet, data, problem));

        var receipts = new List<ScoreReceipt>();
        foreach (var ask in asks)
        {
            var recorded = await scores.RecordScoreAsync(turn.Actor, ask.Item.KeyResult.Id, ask.Score, ask.Reason, ct);
            if (recorded.Error is { } refused)
            {
                if (receipts.Count == 0 && refused.Code is OkrErrorCode.CycleNotOpen) return Refused(turn, refused);
                var again = await wrapUp.ScoringSheetAsync(turn.Actor, cycleId, ct);
                if (again.Error is { } againError) return Refused(turn, againError);
                return new(ScoringAgain(turn, again.Value!, data, RefusedPartWay(text, ask.Item.KeyResult.Title, refused, receipts.Count)));
            }
            receipts.Add(recorded.Value!);
        }
        var reasons = asks.ToDictionary(a => a.Item.KeyResult.Id, a => (string?)a.Reason);
        return new(ScoringDoneView.From(turn.Locale, turn.Person.DisplayName, sheet, receipts, reasons));
    }

    /// <summary>A score exactly as the scoring service takes it: a number from 0.0 to 1.0 in tenths ("0.7"; not "NaN", "1.5" or "0.75").</summary>
    private static bool TryReadScore(string? value, out decimal score) =>
        CardVerbs.TryParseNumber(value, out score) && score is >= 0m and <= 1m && score % ScoreGuidance.Step == 0m;

    /// <summary>The scoring card again with the refusal, keeping the scores and reasons the person gave where they can be shown.</summary>
    private static ScoringCardView ScoringAgain(Turn turn, ScoringSheet sheet, IReadOnlyDictionary<string, string> data, string problem)
    {
        var items = sheet.Items.Select(item =>
        {
            var id = item.KeyResult.Id;
            var score = TryReadScore(data.GetValueOrDefault(CardVerbs.ScoreInput(id)), out var s) ? s : item.Score;
            var reason = data.TryGetValue(CardVerbs.ScoreReasonInput(id), out var r) ? r : item.Reason;
            return item with { Score = score, Reason = reason };
        }).ToList();
        return new ScoringCardView(turn.Locale, turn.Person.DisplayName, sheet with { Items = items }, problem);
    }

    /// <summary>The cycle and the KR ids a wrap-up card says it is for: each id once, at most as many as one card holds.</summary>
    private static (Guid CycleId, IReadOnlyList<Guid> Ids)? ReadCardIds(IReadOnlyDictionary<string, string> data)
    {
        if (!CardVerbs.TryParseCycle(data.GetValueOrDefault(CardVerbs.CycleKey), out var cycleId)) return null;
        if (!CardVerbs.TryParseKeyResultIds(data.GetValueOrDefault(CardVerbs.KeyResultsKey), out var ids)) return null;
        if (ids.Count is 0 or > CheckInService.MaxItems || ids.Distinct().Count() != ids.Count) return null;
        return (cycleId, ids);
    }

    /// <summary>The optional cycle of an open button: none, or an id; anything else is not a card of ours.</summary>
    private static bool TryOptionalCycle(IReadOnlyDictionary<string, string> data, out Guid? cycleId)
    {
        cycleId = null;
        if (!data.TryGetValue(CardVerbs.CycleKey, out var value) || string.IsNullOrEmpty(value)) return true;
        if (!CardVerbs.TryParseCycle(value, out var id)) return false;
        cycleId = id;
        return true;
    }

    /// <summary>Longer than the services store (they trim first, so do we).</summary>
    private static bool TooLong(string? text) => text is not null && text.Trim().Length > CardVerbs.MaxTextLength;

    private static string RefusedPartWay(BotText text, string keyResultTitle, OkrError refused, int saved)
    {
        var message = text.ItemRefusal(keyResultTitle, text.Refusal(refused));
        return saved == 0 ? message : message + " " + text.PartlySaved(saved);
    }

    private static readonly OkrError NoKeyResults = new(OkrErrorCode.Invalid, "The card does not say which cycle and key results it is for.", "items");

    private static TurnAnswer NothingToDo(Turn turn, Func<BotText, string> message)
    {
        var text = BotText.For(turn.Locale);
        return new(new NoticeView(turn.Locale, NoticeKind.Info, message(text), [new CardButton(text.ButtonMyOkrs, CardVerbs.MyOkrsAction())]));
    }

    private async Task<TurnAnswer> SmallWinAsync(Turn turn, string text, CancellationToken ct)
    {
        var recorded = await wins.RecordAsync(turn.Actor, text, ct);
        return recorded.Error is { } error ? Refused(turn, error) : Notice(turn, NoticeKind.Success, t => t.SmallWinRecorded);
    }

    private async Task<TurnAnswer> SettingAsync(Turn turn, Task<Result<Person>> change, Func<BotText, string> done)
    {
        var result = await change;
        return result.Error is { } error ? Refused(turn, error) : Notice(turn, NoticeKind.Success, done);
    }

    private NoticeView Settings(Turn turn)
    {
        var text = BotText.For(turn.Locale);
        var p = turn.Person;
        return new NoticeView(turn.Locale, NoticeKind.Info, text.SettingsSummary(p.TimeZoneId, p.CheckInDay, p.AwayUntil) + " " + text.SettingsHowTo);
    }

    private DateOnly Today(Turn turn) => Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(turn.Person.TimeZoneId));

    private static Task<TurnAnswer> Answer(View view) => Task.FromResult(new TurnAnswer(view));

    private static TurnAnswer Refused(Turn turn, OkrError error) => new(NoticeView.Refusal(turn.Locale, error));

    private static TurnAnswer Notice(Turn turn, NoticeKind kind, Func<BotText, string> message) =>
        new(new NoticeView(turn.Locale, kind, message(BotText.For(turn.Locale))));
}
