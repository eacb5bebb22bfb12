using System.Globalization;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Messages;

/// <summary>A button's action, channel-neutral: a verb saying what to do and the data it needs (all strings).</summary>
public sealed record CardAction(string Verb, IReadOnlyDictionary<string, string> Data)
{
    public CardAction(string verb) : this(verb, new Dictionary<string, string>()) { }
}

/// <summary>A button whose title is already in the viewer's language (only <see cref="NoticeView"/> carries these).</summary>
public sealed record CardButton(string Title, CardAction Action);

/// <summary>
/// The contract between the cards and the handlers: every verb a button can send, the data each carries, and the
/// ids of the inputs whose values come back with it.
/// </summary>
/// <remarks>
/// <para>How it arrives. Teams, <c>Action.Execute</c> (invoke <c>adaptiveCard/action</c>): the verb is
/// <c>value.action.verb</c>; <c>value.action.data</c> holds the data below with the card's input values merged in,
/// keyed by input id. Hosts without Universal Actions use the <c>Action.Submit</c> fallback: a <c>message</c> whose
/// <c>value</c> holds the same data, the same inputs, and the verb under <see cref="VerbKey"/>. Feishu will put the
/// data in <c>action.value</c> and the inputs in <c>action.form_value</c>.</para>
/// <para>Every value is a string, inputs included (Teams sends Input.Number values as strings): parse numbers with
/// the invariant culture. An input left empty may be missing or empty. Data keys and input ids never collide.</para>
/// <para>Everything that comes back is untrusted: the handler validates ids, the week and every value as it would
/// typed text; the services refuse what is wrong and change nothing.</para>
/// </remarks>
public static partial class CardVerbs
{
    /// <summary>The data key that carries the verb in the <c>Action.Submit</c> fallback (Action.Execute has its own <c>verb</c>).</summary>
    public const string VerbKey = "verb";

    /// <summary>Show the help card. Data: none.</summary>
    public const string Help = "help";

    /// <summary>Show the viewer's own OKRs this cycle (an <see cref="OkrListView"/>). Data: none.</summary>
    public const string MyOkrs = "okrs.mine";

    /// <summary>Send the viewer this week's check-in card (a <see cref="CheckInCardView"/>). Data: none.</summary>
    public const string CheckInOpen = "checkin.open";

    /// <summary>
    /// Record a weekly check-in. Data: <see cref="WeekKey"/> (the Monday the card was made for, yyyy-MM-dd; pass it
    /// as <c>CheckInRequest.ForWeek</c> so a stale card is refused) and <see cref="KeyResultsKey"/> (the KR ids on
    /// the card, comma-separated; <see cref="ParseKeyResultIds"/>). Inputs, for each KR id:
    /// <see cref="ValueInput"/> (a number; for a milestone <see cref="MilestoneDone"/> or <see cref="MilestoneNotDone"/>),
    /// <see cref="StatusInput"/> (a <see cref="KrStatus"/> name, <see cref="TryParseStatus"/>),
    /// <see cref="ConfidenceInput"/> (1-10, optional), <see cref="NoteInput"/> (optional); once per card:
    /// <see cref="BlockersInput"/> (optional; give it to every item of the request).
    /// Answer with a <see cref="CheckInDoneView"/> that replaces the card, or the card again with an error.
    /// </summary>
    public const string CheckInSubmit = "checkin.submit";

    /// <summary>Show one key result (a <see cref="KeyResultCardView"/>). Data: <see cref="KeyResultKey"/>.</summary>
    public const string KrShow = "kr.show";

    /// <summary>
    /// Update one key result now: answer with a <see cref="CheckInCardView"/> holding just that KR (its submit is
    /// <see cref="CheckInSubmit"/>). Data: <see cref="KeyResultKey"/>.
    /// </summary>
    public const string KrUpdate = "kr.update";

    /// <summary>Open the form that marks a KR at risk (a <see cref="MarkAtRiskFormView"/>). Data: <see cref="KeyResultKey"/>.</summary>
    public const string KrAtRiskOpen = "kr.atrisk.open";

    /// <summary>
    /// Mark a KR at risk or off track (<c>RiskService.MarkAtRiskAsync</c>). Data: <see cref="KeyResultKey"/>.
    /// Inputs: <see cref="ReasonInput"/> (required), <see cref="RiskStatusInput"/> (<c>AtRisk</c> or <c>OffTrack</c>).
    /// Answer with the <see cref="KeyResultCardView"/>, then send each notified person an <see cref="AtRiskAlertView"/>.
    /// </summary>
    public const string KrAtRiskSubmit = "kr.atrisk.submit";

    /// <summary>Send the viewer their mid-cycle review card (a <see cref="ReviewCardView"/>). Data: <see cref="CycleKey"/> (optional: the current cycle).</summary>
    public const string ReviewOpen = "review.open";

    /// <summary>
    /// Record the mid-cycle review (<c>ReviewService.RecordDecisionAsync</c> for each KR). Data: <see cref="CycleKey"/>,
    /// <see cref="KeyResultsKey"/>. Inputs, for each KR id: <see cref="DecisionInput"/> (a <c>ReviewDecisionKind</c> name;
    /// a KR left undecided is skipped), <see cref="TargetInput"/> (the new target, for Adjust), <see cref="ReviewNoteInput"/>
    /// (required for Adjust and Drop). Every item is checked before any is recorded: a KR not on the person's sheet of
    /// that cycle, or any item that is wrong, brings the card back with the error and records nothing. Answer with a
    /// <see cref="ReviewDoneView"/> that replaces the card, or the card again with an error.
    /// </summary>
    public const string ReviewSubmit = "review.submit";

    /// <summary>Send the viewer their scoring card (a <see cref="ScoringCardView"/>). Data: <see cref="CycleKey"/> (optional: the cycle to score now).</summary>
    public const string ScoringOpen = "scoring.open";

    /// <summary>
    /// Record end-of-cycle scores (<c>ScoringService.RecordScoreAsync</c> for each KR). Data: <see cref="CycleKey"/>,
    /// <see cref="KeyResultsKey"/>. Inputs, for each KR id: <see cref="ScoreInput"/> (0.0-1.0 in tenths), <see cref="ScoreReasonInput"/>
    /// (required). As with <see cref="ReviewSubmit"/>, every item is checked before any is recorded. Answer with a
    /// <see cref="ScoringDoneView"/> that replaces the card, or the card again with an error.
    /// </summary>
    public const string ScoringSubmit = "scoring.submit";

    /// <summary>Every verb, for handlers that route by table and for tests.</summary>
    public static readonly IReadOnlyList<string> All =
        [Help, MyOkrs, CheckInOpen, CheckInSubmit, KrShow, KrUpdate, KrAtRiskOpen, KrAtRiskSubmit, ReviewOpen, ReviewSubmit, ScoringOpen, ScoringSubmit,
         DraftNew, DraftEdit, DraftSave, DraftOpen, DraftsMine, DraftKrOpen, DraftKrSave, DraftKrRemove, DraftAlignOpen, DraftAlignSave, DraftPublish,
         DraftDiscard, KrChangeOpen, KrChangeSubmit, KrChangeDecide];

    /// <summary>Data key: a cycle id.</summary>
    public const string CycleKey = "cycle";

    /// <summary>Data key: one key result id.</summary>
    public const string KeyResultKey = "kr";

    /// <summary>Data key: several key result ids, comma-separated.</summary>
    public const string KeyResultsKey = "krs";

    /// <summary>Data key: the Monday of a check-in week, yyyy-MM-dd.</summary>
    public const string WeekKey = "week";

    /// <summary>Input id: the blockers of a whole check-in (free text).</summary>
    public const string BlockersInput = "blockers";

    /// <summary>Input id: why a KR is at risk (free text, required).</summary>
    public const string ReasonInput = "reason";

    /// <summary>Input id: the status chosen when marking at risk.</summary>
    public const string RiskStatusInput = "status";

    /// <summary>The longest free text (note, blockers, reason) the inputs take; the services refuse longer ones.</summary>
    public const int MaxTextLength = OkrModel.TextLength;

    /// <summary>The value of a milestone that is done, as the milestone input sends it.</summary>
    public const string MilestoneDone = "1";

    /// <summary>The value of a milestone that is not done.</summary>
    public const string MilestoneNotDone = "0";

    private const string ValuePrefix = "value:";
    private const string DecisionPrefix = "decision:";
    private const string TargetPrefix = "target:";
    private const string ReviewNotePrefix = "reviewnote:";
    private const string ScorePrefix = "score:";
    private const string ScoreReasonPrefix = "scorereason:";
    private const string StatusPrefix = "status:";
    private const string ConfidencePrefix = "confidence:";
    private const string NotePrefix = "note:";

    /// <summary>Input id of a KR's new value in a check-in: <c>value:{krId}</c>.</summary>
    public static string ValueInput(Guid keyResultId) => ValuePrefix + Id(keyResultId);

    /// <summary>Input id of a KR's status in a check-in: <c>status:{krId}</c>.</summary>
    public static string StatusInput(Guid keyResultId) => StatusPrefix + Id(keyResultId);

    /// <summary>Input id of a KR's confidence (1-10) in a check-in: <c>confidence:{krId}</c>.</summary>
    public static string ConfidenceInput(Guid keyResultId) => ConfidencePrefix + Id(keyResultId);

    /// <summary>Input id of a KR's note in a check-in: <c>note:{krId}</c>.</summary>
    public static string NoteInput(Guid keyResultId) => NotePrefix + Id(keyResultId);

    /// <summary>Input id of a KR's review decision: <c>decision:{krId}</c>.</summary>
    public static string DecisionInput(Guid keyResultId) => DecisionPrefix + Id(keyResultId);

    /// <summary>Input id of a KR's new target at review: <c>target:{krId}</c>.</summary>
    public static string TargetInput(Guid keyResultId) => TargetPrefix + Id(keyResultId);

    /// <summary>Input id of a KR's review note: <c>reviewnote:{krId}</c>.</summary>
    public static string ReviewNoteInput(Guid keyResultId) => ReviewNotePrefix + Id(keyResultId);

    /// <summary>Input id of a KR's end-of-cycle score: <c>score:{krId}</c>.</summary>
    public static string ScoreInput(Guid keyResultId) => ScorePrefix + Id(keyResultId);

    /// <summary>Input id of the reason for a KR's score: <c>scorereason:{krId}</c>.</summary>
    public static string ScoreReasonInput(Guid keyResultId) => ScoreReasonPrefix + Id(keyResultId);

    public static CardAction HelpAction() => new(Help);

    public static CardAction MyOkrsAction() => new(MyOkrs);

    public static CardAction CheckInOpenAction() => new(CheckInOpen);

    public static CardAction CheckInSubmitAction(DateOnly week, IEnumerable<Guid> keyResultIds) => new(CheckInSubmit, new Dictionary<string, string>
    {
        [WeekKey] = Week(week),
        [KeyResultsKey] = string.Join(',', keyResultIds.Select(Id)),
    });

    public static CardAction ReviewOpenAction(Guid? cycleId = null) => OnCycle(ReviewOpen, cycleId);

    public static CardAction ScoringOpenAction(Guid? cycleId = null) => OnCycle(ScoringOpen, cycleId);

    public static CardAction ReviewSubmitAction(Guid cycleId, IEnumerable<Guid> keyResultIds) => OnCycleKeyResults(ReviewSubmit, cycleId, keyResultIds);

    public static CardAction ScoringSubmitAction(Guid cycleId, IEnumerable<Guid> keyResultIds) => OnCycleKeyResults(ScoringSubmit, cycleId, keyResultIds);

    /// <summary>The cycle of <see cref="CycleKey"/>.</summary>
    public static bool TryParseCycle(string? value, out Guid cycleId) => Guid.TryParse(value, out cycleId);

    public static CardAction KrShowAction(Guid keyResultId) => OnKeyResult(KrShow, keyResultId);

    public static CardAction KrUpdateAction(Guid keyResultId) => OnKeyResult(KrUpdate, keyResultId);

    public static CardAction KrAtRiskOpenAction(Guid keyResultId) => OnKeyResult(KrAtRiskOpen, keyResultId);

    public static CardAction KrAtRiskSubmitAction(Guid keyResultId) => OnKeyResult(KrAtRiskSubmit, keyResultId);

    /// <summary>The KR ids of <see cref="KeyResultsKey"/>; false when any is not an id.</summary>
    public static bool TryParseKeyResultIds(string? value, out IReadOnlyList<Guid> ids)
    {
        var list = new List<Guid>();
        ids = list;
        if (string.IsNullOrWhiteSpace(value)) return false;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, out var id)) return false;
            list.Add(id);
        }
        return true;
    }

    /// <summary>The KR ids of <see cref="KeyResultsKey"/>, or an empty list when the value is not a list of ids.</summary>
    public static IReadOnlyList<Guid> ParseKeyResultIds(string? value) => TryParseKeyResultIds(value, out var ids) ? ids : [];

    /// <summary>The week of <see cref="WeekKey"/>.</summary>
    public static bool TryParseWeek(string? value, out DateOnly week) =>
        DateOnly.TryParseExact(value, WeekFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out week);

    /// <summary>The value a status input sends for <paramref name="status"/>: the enum member's name.</summary>
    public static string StatusValue(KrStatus status) => status.ToString();

    /// <summary>A status input's value: exactly a <see cref="KrStatus"/> member's name (no numbers).</summary>
    public static bool TryParseStatus(string? value, out KrStatus status)
    {
        status = default;
        return value is not null && Enum.GetNames<KrStatus>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out status);
    }

    /// <summary>The value a decision input sends for <paramref name="decision"/>: the enum member's name.</summary>
    public static string DecisionValue(ReviewDecisionKind decision) => decision.ToString();

    /// <summary>A decision input's value: exactly a <see cref="ReviewDecisionKind"/> member's name (no numbers).</summary>
    public static bool TryParseDecision(string? value, out ReviewDecisionKind decision)
    {
        decision = default;
        return value is not null && Enum.GetNames<ReviewDecisionKind>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out decision);
    }

    /// <summary>
    /// The scores a score input offers, 0.0 to 1.0 in tenths. A list rather than a number input: Adaptive Cards 1.5 has
    /// no step for Input.Number, so hosts would step by 1 and take 0.75; with the tenths as the only choices, a score
    /// the scoring service refuses cannot be picked.
    /// </summary>
    public static IReadOnlyList<decimal> ScoreSteps { get; } = Enumerable.Range(0, 11).Select(i => i / 10m).ToList();

    /// <summary>The value a score input sends for <paramref name="score"/>: one decimal, invariant culture ("0.7").</summary>
    public static string ScoreValue(decimal score) => score.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A number input's value (invariant culture, as the hosts send it).</summary>
    public static bool TryParseNumber(string? value, out decimal number) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    private const string WeekFormat = "yyyy-MM-dd";

    private static string Week(DateOnly week) => week.ToString(WeekFormat, CultureInfo.InvariantCulture);

    private static string Id(Guid id) => id.ToString("D");

    private static CardAction OnCycle(string verb, Guid? cycleId) =>
        cycleId is { } id ? new(verb, new Dictionary<string, string> { [CycleKey] = Id(id) }) : new(verb);

    private static CardAction OnCycleKeyResults(string verb, Guid cycleId, IEnumerable<Guid> keyResultIds) => new(verb, new Dictionary<string, string>
    {
        [CycleKey] = Id(cycleId),
        [KeyResultsKey] = string.Join(',', keyResultIds.Select(Id)),
    });

    private static CardAction OnKeyResult(string verb, Guid keyResultId) =>
        new(verb, new Dictionary<string, string> { [KeyResultKey] = Id(keyResultId) });
}
