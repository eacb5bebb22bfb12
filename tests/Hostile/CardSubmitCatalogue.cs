using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Tests.Hostile;

/// <summary>
/// The hostile input catalogue, card submits (Teams Action.Execute invokes with a valid token, as a forged or replayed card
/// would send them): values out of range, NaN and Infinity, negatives where none are allowed, KRs of someone else, of another
/// tenant, of a closed cycle, deleted ones, and replays. Each is answered with the card again (or a notice) saying what is
/// wrong, and records nothing; a replay records nothing new.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class CardSubmitCatalogue(HostileWorld world)
{
    public const string Area = "Card submits";

    private static readonly BotText En = BotText.English;

    public static IReadOnlyList<HostileCase> Cases { get; } =
    [
        CheckIn("a value of NaN", w => [(w.Nps, "NaN", "OnTrack")], En.CardValueNotANumber),
        CheckIn("a value of Infinity", w => [(w.Nps, "Infinity", "OnTrack")], En.CardValueNotANumber),
        CheckIn("a value of -Infinity", w => [(w.Nps, "-Infinity", "OnTrack")], En.CardValueNotANumber),
        CheckIn("a value of 1e400 (beyond any number type)", w => [(w.Nps, "1e400", "OnTrack")], En.CardValueNotANumber),
        CheckIn("a value in words", w => [(w.Nps, "twelve", "OnTrack")], En.CardValueNotANumber),
        CheckIn("a percentage of 150", w => [(w.Coverage, "150", "OnTrack")], Refusal(OkrErrorCode.Invalid, "value")),
        CheckIn("a negative percentage", w => [(w.Coverage, "-5", "OnTrack")], Refusal(OkrErrorCode.Invalid, "value")),
        CheckIn("a milestone value of 2", w => [(w.Launch, "2", "OnTrack")], Refusal(OkrErrorCode.Invalid, "value")),
        CheckIn("a metric value of 10^13 (a typo, not a measurement)", w => [(w.Nps, "10000000000000", "OnTrack")], Refusal(OkrErrorCode.Invalid, "value")),
        CheckIn("a confidence of 0", w => [(w.Nps, "20", "OnTrack")], Refusal(OkrErrorCode.Invalid, "confidence"), d => d[Confidence(d)] = "0"),
        CheckIn("a confidence of 5.5", w => [(w.Nps, "20", "OnTrack")], Refusal(OkrErrorCode.Invalid, "confidence"), d => d[Confidence(d)] = "5.5"),
        CheckIn("a status that is not one", w => [(w.Nps, "20", "Great")], Refusal(OkrErrorCode.Invalid, "status")),
        CheckIn("a status given as a number", w => [(w.Nps, "20", "1")], Refusal(OkrErrorCode.Invalid, "status")),
        CheckIn("a note of 2,001 characters", w => [(w.Nps, "20", "OnTrack")], Refusal(OkrErrorCode.Invalid, "note"),
            d => d[CardVerbs.NoteInput(Ids(d)[0])] = new string('n', 2001)),
        CheckIn("a KR of a colleague who did not make them a participant", w => [(w.BlakesPublic, "5", "OnTrack")],
            Refusal(OkrErrorCode.Forbidden, "keyResultId")),
        CheckIn("a colleague's private KR", w => [(w.BlakesPrivate, "5", "OnTrack")], Refusal(OkrErrorCode.NotFound, "keyResultId")),
        CheckIn("a KR of another tenant", w => [(w.EvesKr, "99", "OnTrack")], Refusal(OkrErrorCode.NotFound, "keyResultId")),
        CheckIn("a KR of a closed cycle", w => [(w.LastQuarters, "50", "OnTrack")], Refusal(OkrErrorCode.CycleNotOpen)),
        new(Area, "a KR that was deleted", 200, "the check-in card again: that KR does not exist", w =>
            w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.CheckInSubmit, new JsonObject
            {
                [CardVerbs.WeekKey] = "2026-11-16", [CardVerbs.KeyResultsKey] = w.DeletedKr.ToString(),
                [CardVerbs.ValueInput(w.DeletedKr)] = "5", [CardVerbs.StatusInput(w.DeletedKr)] = "OnTrack",
            })))
        {
            Check = (_, a) => a.AssertSays(Refusal(OkrErrorCode.NotFound, "keyResultId")),
        },
        CheckIn("the same KR twice on one card", w => [(w.Nps, "20", "OnTrack"), (w.Nps, "30", "OnTrack")], Refusal(OkrErrorCode.Invalid, "items")),
        Notice("KR ids that are not ids", w => new JsonObject { [CardVerbs.WeekKey] = "2026-11-16", [CardVerbs.KeyResultsKey] = "1 OR 1=1" },
            Refusal(OkrErrorCode.Invalid, "items")),
        CheckIn("51 KRs on one card", _ => [.. Enumerable.Range(0, 51).Select(_ => (Forged(), "1", "OnTrack"))], Refusal(OkrErrorCode.Invalid, "items")),
        Notice("a week that is not a date", w => Data(w, [(w.Nps, "20", "OnTrack")], week: "next week"), Refusal(OkrErrorCode.Invalid, "items")),
        Notice("a card from last week", w => Data(w, [(w.Nps, "20", "OnTrack")], week: "2026-11-09"), Refusal(OkrErrorCode.StaleWeek)),
        new(Area, "a check-in submit replayed", 200, "the same confirmation", w => w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.CheckInSubmit, Replayed(w))))
        {
            Arrange = async w => Assert.Contains(En.CheckInDoneTitle,
                await (await w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.CheckInSubmit, Replayed(w)))).Content.ReadAsStringAsync()),
            Check = (_, a) => a.AssertSays(En.CheckInDoneTitle),
            Database = "unchanged (no new revision, no audit entry)",
        },
        AtRisk("marking at risk without a reason", w => w.Nps, "  ", "AtRisk", Refusal(OkrErrorCode.Invalid, "reason")),
        AtRisk("marking at risk with a reason of 2,001 characters", w => w.Nps, new string('r', 2001), "AtRisk", Refusal(OkrErrorCode.Invalid, "reason")),
        AtRisk("marking at risk with the status on track", w => w.Nps, "Vendor slipped", "OnTrack", Refusal(OkrErrorCode.Invalid, "status")),
        AtRisk("marking a colleague's private KR at risk", w => w.BlakesPrivate, "Looks late", "AtRisk", Refusal(OkrErrorCode.NotFound, "keyResultId")),
        AtRisk("marking another tenant's KR at risk", w => w.EvesKr, "Looks late", "AtRisk", Refusal(OkrErrorCode.NotFound, "keyResultId")),
        AtRisk("marking a KR of a closed cycle at risk", w => w.LastQuarters, "Too late now", "AtRisk", Refusal(OkrErrorCode.CycleNotOpen)),
        new(Area, "a mark-at-risk submit replayed", 200, "the KR card, saying it is marked at risk", w => w.PostTeamsAsync(AtRiskSubmit(w, "Supplier is late")))
        {
            Arrange = async w =>
            {
                Assert.Contains("Casey Jordan will hear about it", await (await w.PostTeamsAsync(AtRiskSubmit(w, "Supplier is late"))).Content.ReadAsStringAsync());
                // A replay comes later: its alert would have a period key of its own.
                w.Store.Clock.Advance(TimeSpan.FromMinutes(1));
            },
            Check = (_, a) => a.AssertSays("Marked at risk."),
            Database = "unchanged (no second alert to the manager)",
        },
        new(Area, "a note with NUL, bell and escape characters", 200, "the confirmation", w =>
        {
            var data = Data(w, [(w.Coverage, "30", "OnTrack")]);
            data[CardVerbs.NoteInput(w.Coverage.Id)] = "Half\u0000way\u0007 there\u001B[31m";
            return w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.CheckInSubmit, data));
        })
        {
            Check = (_, a) => a.AssertSays(En.CheckInDoneTitle),
            Database = "the check-in recorded, the control characters left out",
            Changes = async (w, before, after) =>
            {
                after.AssertOnlyChangedSince(before, "a note with control characters", "CheckIns", "KeyResults", "AuditEntries");
                await using var db = w.Store.Database.Open();
                var checkIn = await db.CheckIns.AsNoTracking().SingleAsync(c => c.KeyResultId == w.Coverage.Id && c.WeekOf == HostileWorld.ThisWeek);
                Assert.Equal("Halfway there[31m", checkIn.Note);
            },
        },
        Scoring("a score of 1.5", "1.5", Refusal(OkrErrorCode.Invalid, "score")),
        Scoring("a score of NaN", "NaN", Refusal(OkrErrorCode.Invalid, "score")),
        Scoring("a score of -0.1", "-0.1", Refusal(OkrErrorCode.Invalid, "score")),
        new(Area, "a review decision for another tenant's KR", 200, "the review card again: it no longer matches the person's KRs", w =>
            w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.ReviewSubmit, new JsonObject
            {
                [CardVerbs.CycleKey] = w.Contoso.Quarter.Id.ToString(), [CardVerbs.KeyResultsKey] = w.EvesKr.Id.ToString(),
                [CardVerbs.DecisionInput(w.EvesKr.Id)] = "Drop", [CardVerbs.ReviewNoteInput(w.EvesKr.Id)] = "Not mine, dropped anyway",
            })))
        {
            Check = (_, a) => a.AssertSays(Refusal(OkrErrorCode.Invalid, "card")),
        },
        new(Area, "a review decision that is not one", 200, "the review card again: choose keep, adjust or drop", w =>
            w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.ReviewSubmit, new JsonObject
            {
                [CardVerbs.CycleKey] = w.Contoso.Quarter.Id.ToString(), [CardVerbs.KeyResultsKey] = w.Nps.Id.ToString(),
                [CardVerbs.DecisionInput(w.Nps.Id)] = "Explode",
            })))
        {
            Check = (_, a) => a.AssertSays(Refusal(OkrErrorCode.Invalid, "decision")),
        },
        new(Area, "a verb no card of ours has", 200, "a notice: something is missing", w => w.PostTeamsAsync(w.Invoke(w.Alex, "admin.deleteEverything", new JsonObject())))
        {
            Check = (_, a) => a.AssertSays(Refusal(OkrErrorCode.Invalid, "action")),
        },
        new(Area, "a KR id that is not an id on the show-KR button", 200, "a notice: something is missing",
            w => w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.KrShow, new JsonObject { [CardVerbs.KeyResultKey] = "../../etc/passwd" })))
        {
            Check = (_, a) => a.AssertSays(Refusal(OkrErrorCode.Invalid, "action")),
        },
        new(Area, "an invoke without a verb", 200, "an invoke error response (statusCode 400)", w =>
        {
            var invoke = w.Invoke(w.Alex, "x", new JsonObject());
            invoke["value"]!["action"]!.AsObject().Remove("verb");
            return w.PostTeamsAsync(invoke);
        })
        {
            Check = (_, a) => Assert.Equal((400, "application/vnd.microsoft.error"), ((int)a.Json!["statusCode"]!, (string)a.Json["type"]!)),
        },
        new(Area, "an Action.Submit fallback with a value of NaN", 200, "the card replaced in place by the card again, saying what is wrong", w =>
        {
            var data = Data(w, [(w.Nps, "NaN", "OnTrack")]);
            data[CardVerbs.VerbKey] = CardVerbs.CheckInSubmit;
            return w.PostTeamsAsync(w.Submit(w.Alex, data, replyToId: "activity-card-1"));
        })
        {
            Replies = 1,
            Check = (w, _) =>
            {
                var update = w.Bot.Connector.ConnectorRequests[^1];
                Assert.Equal(("PUT", "activity-card-1"), (update.Method, update.ActivityId));
                Assert.Contains("not a number", update.Body);
            },
        },
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public Task Answered_with_what_is_wrong_and_nothing_recorded(string @case) => Cases.Single(c => c.Name == @case).RunAsync(world);

    private static string Refusal(OkrErrorCode code, string? field = null) => En.Refusal(code, field);

    private static Guid Forged() => Guid.NewGuid();

    /// <summary>A check-in submit by Alex for <paramref name="items"/>, answered with the check-in card again, saying <paramref name="says"/>.</summary>
    private static HostileCase CheckIn(string name, Func<HostileWorld, (object Kr, string Value, string Status)[]> items, string says,
        Action<JsonObject>? change = null) =>
        new(Area, name, 200, $"the check-in card again: \"{says}\"", w =>
        {
            var data = Data(w, items(w));
            change?.Invoke(data);
            return w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.CheckInSubmit, data));
        })
        {
            Check = (_, a) =>
            {
                a.AssertSays(says);
                Assert.Contains(CardVerbs.CheckInSubmit, a.Card!.ToJsonString());
            },
        };

    /// <summary>A check-in submit answered with a notice (not the card): the card itself is not one of ours.</summary>
    private static HostileCase Notice(string name, Func<HostileWorld, JsonObject> data, string says) =>
        new(Area, name, 200, $"a notice: \"{says}\"", w => w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.CheckInSubmit, data(w))))
        {
            Check = (_, a) => a.AssertSays(says),
        };

    private static HostileCase AtRisk(string name, Func<HostileWorld, KeyResult> kr, string reason, string status, string says) =>
        new(Area, name, 200, $"the at-risk form again, or a notice: \"{says}\"", w => w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.KrAtRiskSubmit,
            new JsonObject { [CardVerbs.KeyResultKey] = kr(w).Id.ToString(), [CardVerbs.ReasonInput] = reason, [CardVerbs.RiskStatusInput] = status })))
        {
            Check = (_, a) => a.AssertSays(says),
        };

    private static HostileCase Scoring(string name, string score, string says) =>
        new(Area, name, 200, $"the scoring card again: \"{says}\"", w => w.PostTeamsAsync(w.Invoke(w.Alex, CardVerbs.ScoringSubmit, new JsonObject
        {
            [CardVerbs.CycleKey] = w.Contoso.Quarter.Id.ToString(), [CardVerbs.KeyResultsKey] = w.Nps.Id.ToString(),
            [CardVerbs.ScoreInput(w.Nps.Id)] = score, [CardVerbs.ScoreReasonInput(w.Nps.Id)] = "Most of it landed",
        })))
        {
            Check = (_, a) => a.AssertSays(says),
        };

    private static JsonObject AtRiskSubmit(HostileWorld w, string reason) => w.Invoke(w.Alex, CardVerbs.KrAtRiskSubmit, new JsonObject
    {
        [CardVerbs.KeyResultKey] = w.Coverage.Id.ToString(), [CardVerbs.ReasonInput] = reason, [CardVerbs.RiskStatusInput] = "AtRisk",
    });

    /// <summary>Alex's check-in of NPS at 42, with a confidence, a note and blockers: the same data every time.</summary>
    private static JsonObject Replayed(HostileWorld w)
    {
        var data = Data(w, [(w.Nps, "42", "AtRisk")]);
        data[CardVerbs.ConfidenceInput(w.Nps.Id)] = "6";
        data[CardVerbs.NoteInput(w.Nps.Id)] = "Survey results came in";
        data[CardVerbs.BlockersInput] = "Waiting on the survey vendor";
        return data;
    }

    /// <summary>A check-in card's submit data: the week, the KR ids, a value and status for each (KRs given as KeyResult or Guid).</summary>
    private static JsonObject Data(HostileWorld w, (object Kr, string Value, string Status)[] items, string week = "2026-11-16")
    {
        var ids = items.Select(i => i.Kr is KeyResult kr ? kr.Id : (Guid)i.Kr).ToList();
        var data = new JsonObject { [CardVerbs.WeekKey] = week, [CardVerbs.KeyResultsKey] = string.Join(',', ids) };
        for (var i = 0; i < items.Length; i++)
        {
            data[CardVerbs.ValueInput(ids[i])] = items[i].Value;
            data[CardVerbs.StatusInput(ids[i])] = items[i].Status;
        }
        return data;
    }

    private static IReadOnlyList<Guid> Ids(JsonObject data) => CardVerbs.ParseKeyResultIds((string?)data[CardVerbs.KeyResultsKey]);

    private static string Confidence(JsonObject data) => CardVerbs.ConfidenceInput(Ids(data)[0]);
}
