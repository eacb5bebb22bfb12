using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
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
    TimeProvider clock)
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
            Command.MyTeam => MyTeamAsync(turn, ct),
            Command.ColleagueOkrs c => ColleagueOkrsAsync(turn, c.Name, ct),
            Command.AwayUntil a => SettingAsync(turn, people.SetAwayAsync(turn.Actor, a.Until, ct), t => t.AwaySet(a.Until)),
            Command.Back => SettingAsync(turn, people.SetAwayAsync(turn.Actor, null, ct), t => t.BackNow),
            Command.SetTimeZone z => SettingAsync(turn, people.SetTimeZoneAsync(turn.Actor, z.TimeZone, ct), t => t.TimeZoneSet(TimeZones.Find(z.TimeZone).Id)),
            Command.SetCheckInDay d => SettingAsync(turn, people.SetCheckInDayAsync(turn.Actor, d.Day, ct), t => t.CheckInDaySet(d.Day)),
            Command.Settings => Answer(Settings(turn)),
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

        var list = await okrs.ForPersonAsync(turn.Actor, turn.Person.Id, ct);
        var krs = list.Value?.KeyResults ?? [];
        return new(CheckInDoneView.From(turn.Locale, turn.Person.DisplayName, receipt.Value!, request, krs));
    }

    private async Task<TurnAnswer> KeyResultCardAsync(Turn turn, Guid keyResultId, string? message, CancellationToken ct)
    {
        var detail = await okrs.KeyResultAsync(turn.Actor, keyResultId, KeyResultCardView.MaxHistory, ct);
        if (detail.Error is { } error) return Refused(turn, error);
        var d = detail.Value!;
        return new(new KeyResultCardView(turn.Locale, d.KeyResult, d.ObjectiveTitle, d.CycleName, d.History, d.CanUpdate, message));
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
