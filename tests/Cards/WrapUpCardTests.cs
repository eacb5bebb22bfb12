using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams.Cards;
using static OkrBot.Tests.Cards.CardJson;

namespace OkrBot.Tests.Cards;

/// <summary>The cards of the cycle's wrap-up (review, scoring, their confirmations) and of the digests and the planning reminder.</summary>
public sealed class WrapUpCardTests
{
    private static readonly Guid Metric = CardSamples.Id(2);
    private static readonly Guid Percentage = CardSamples.Id(3);
    private static readonly Guid Milestone = CardSamples.Id(4);
    private static readonly Guid SecondMetric = CardSamples.Id(6);
    private static readonly Guid Dropped = CardSamples.Id(8);

    private static JsonObject Render(string language, string name) =>
        AdaptiveCardRenderer.Render(CardSamples.All(language).Single(s => s.Name == name).View);

    private static JsonObject RenderBig(string language, string name) =>
        AdaptiveCardRenderer.Render(CardSamples.Big(language).Single(s => s.Name == name).View);

    public static TheoryData<string, string> BigSamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "en", "zh" })
            foreach (var sample in CardSamples.Big(language)) data.Add(language, sample.Name);
        return data;
    }

    [Fact]
    public void The_review_card_submits_its_cycle_and_every_key_result_with_a_decision_and_a_note_each_and_a_target_for_all_but_milestones()
    {
        var card = Render("en", "review");
        var own = new[] { Metric, Percentage, Milestone, SecondMetric, Dropped };

        var submit = Button(card, CardVerbs.ReviewSubmit);
        Assert.Equal(CardSamples.Id(100).ToString("D"), Data(submit, CardVerbs.CycleKey));
        Assert.Equal(own, CardVerbs.ParseKeyResultIds(Data(submit, CardVerbs.KeyResultsKey)));
        Assert.Equal("positive", submit["style"]!.GetValue<string>());
        var expected = own.SelectMany(id => new[] { CardVerbs.DecisionInput(id), CardVerbs.ReviewNoteInput(id) })
            .Concat(own.Where(id => id != Milestone).Select(CardVerbs.TargetInput));
        Assert.Equal(expected.Order(), Inputs(card).Keys.Order());
        Assert.Equal("none", Button(card, CardVerbs.MyOkrs)["associatedInputs"]!.GetValue<string>());
        Assert.Contains(BotText.English.ReviewIntro, Texts(card));
        Assert.Contains("Alex Chen \u00b7 2026 Q4 \u00b7 halfway on 15 Nov 2026", Texts(card));
    }

    [Fact]
    public void Each_decision_is_prefilled_with_the_one_recorded_and_an_undecided_key_result_starts_at_keep()
    {
        var inputs = Inputs(Render("en", "review"));
        string Decision(Guid id) => inputs[CardVerbs.DecisionInput(id)]["value"]!.GetValue<string>();

        Assert.Equal(("Adjust", "Keep", "Keep", "Keep", "Drop"), (Decision(Metric), Decision(Percentage), Decision(Milestone), Decision(SecondMetric), Decision(Dropped)));
        var decision = inputs[CardVerbs.DecisionInput(Metric)];
        Assert.Equal(["Keep", "Adjust", "Drop"], Choices(decision));
        Assert.Equal(["Keep", "Adjust the target", "Drop"], decision["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        Assert.Equal(("expanded", true), (decision["style"]!.GetValue<string>(), decision["isRequired"]!.GetValue<bool>()));
        Assert.All(Choices(decision), v => Assert.True(CardVerbs.TryParseDecision(v, out _)));
        // A milestone has no target to adjust: keep or drop.
        Assert.Equal(["Keep", "Drop"], Choices(inputs[CardVerbs.DecisionInput(Milestone)]));
        // The adjusted metric shows its new target and note; the others start empty.
        var target = inputs[CardVerbs.TargetInput(Metric)];
        Assert.Equal(("Input.Number", 2m, "New target in steps (when you adjust)"), (Type(target), target["value"]!.GetValue<decimal>(), target["label"]!.GetValue<string>()));
        Assert.Null(target["isRequired"]);
        Assert.Null(inputs[CardVerbs.TargetInput(SecondMetric)]["value"]);
        Assert.Equal(CardSamples.English.Notes[1], inputs[CardVerbs.ReviewNoteInput(Metric)]["value"]!.GetValue<string>());
        Assert.Null(inputs[CardVerbs.ReviewNoteInput(Percentage)]["value"]);
        var percentage = inputs[CardVerbs.TargetInput(Percentage)];
        Assert.Equal((0m, 100m), (percentage["min"]!.GetValue<decimal>(), percentage["max"]!.GetValue<decimal>()));
        var note = inputs[CardVerbs.ReviewNoteInput(Metric)];
        Assert.Equal((CardVerbs.MaxTextLength, true), (note["maxLength"]!.GetValue<int>(), note["isMultiline"]!.GetValue<bool>()));
    }

    [Fact]
    public void The_review_card_shows_where_each_key_result_stands_against_its_target()
    {
        var texts = Texts(Render("zh", "review")).ToList();

        Assert.Contains("  \u00b7  当前 4秒，目标 3秒", texts);
        Assert.Contains("  \u00b7  当前 97.9%，目标 99.5%", texts);
        Assert.Contains("  \u00b7  未完成", texts);
        Assert.Contains("调整目标", texts);
        Assert.Contains(BotText.Chinese.ReviewAlreadyDone, texts);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_review_or_scoring_card_sent_again_says_it_is_a_reminder_and_one_refused_says_why_above_the_inputs(string language)
    {
        var text = BotText.For(language);

        Assert.Contains(text.ReviewReminder, Texts(Render(language, "review-reminder")));
        Assert.DoesNotContain(text.ReviewReminder, Texts(Render(language, "review")));
        Assert.Contains(text.ScoringReminder, Texts(Render(language, "scoring-reminder")));
        Assert.DoesNotContain(text.ScoringReminder, Texts(Render(language, "scoring")));
        Assert.Contains(text.Refusal(OkrErrorCode.Invalid, "newTarget"), Texts(Render(language, "review-refused")));
        Assert.Contains(text.Refusal(OkrErrorCode.Invalid, "reason"), Texts(Render(language, "scoring-refused")));
        Assert.Equal(Inputs(Render(language, "review")).Keys.Order(), Inputs(Render(language, "review-refused")).Keys.Order());
    }

    [Fact]
    public void A_review_or_scoring_card_with_nothing_on_it_says_so_and_offers_no_submit()
    {
        var review = Render("en", "review-nothing");
        var scoring = Render("zh", "scoring-nothing");

        Assert.Contains(BotText.English.ReviewNothingToDo("2026 Q4"), Texts(review));
        Assert.Contains(BotText.Chinese.ScoringNothingToDo("2026年第四季度"), Texts(scoring));
        Assert.Equal([CardVerbs.MyOkrs, CardVerbs.Help], Verbs(review));
        Assert.Equal([CardVerbs.MyOkrs, CardVerbs.Help], Verbs(scoring));
        Assert.Empty(Inputs(review));
    }

    [Fact]
    public void The_review_done_card_says_what_was_decided_on_each_key_result()
    {
        var card = Render("en", "review-done");
        var texts = Texts(card).ToList();

        Assert.Contains("\u2714 Review recorded", texts);
        Assert.Contains("3 key results reviewed for 2026 Q4. Thank you!", texts);
        Assert.Contains("Target adjusted from 3 steps to 2 steps", texts);
        Assert.Contains(BotText.English.ReviewKept, texts);
        Assert.Contains(BotText.English.ReviewDropped, texts);
        Assert.Contains("  \u00b7  updated again", texts);
        Assert.Contains("\u201c" + CardSamples.English.Notes[0] + "\u201d", texts);
        // The second metric was neither decided before nor now.
        Assert.Contains("1 key result has no decision yet.", texts);
        Assert.Equal([CardVerbs.ReviewOpen, CardVerbs.MyOkrs], Verbs(card));
        Assert.Equal(CardSamples.Id(100).ToString("D"), Data(Button(card, CardVerbs.ReviewOpen), CardVerbs.CycleKey));
        Assert.Empty(Inputs(card));
    }

    [Fact]
    public void The_scoring_card_asks_a_score_in_tenths_from_0_to_1_and_a_required_reason_for_every_key_result()
    {
        var card = Render("en", "scoring");
        var own = new[] { Metric, Percentage, Milestone, SecondMetric };

        var submit = Button(card, CardVerbs.ScoringSubmit);
        Assert.Equal(CardSamples.Id(100).ToString("D"), Data(submit, CardVerbs.CycleKey));
        Assert.Equal(own, CardVerbs.ParseKeyResultIds(Data(submit, CardVerbs.KeyResultsKey)));
        Assert.Equal(own.SelectMany(id => new[] { CardVerbs.ScoreInput(id), CardVerbs.ScoreReasonInput(id) }).Order(), Inputs(card).Keys.Order());

        var score = Inputs(card)[CardVerbs.ScoreInput(Percentage)];
        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0"], Choices(score));
        Assert.Equal(("Score (0.7 is the healthy aim)", true), (score["label"]!.GetValue<string>(), score["isRequired"]!.GetValue<bool>()));
        var reason = Inputs(card)[CardVerbs.ScoreReasonInput(Percentage)];
        Assert.Equal((true, "Every score needs a reason.", CardVerbs.MaxTextLength),
            (reason["isRequired"]!.GetValue<bool>(), reason["errorMessage"]!.GetValue<string>(), reason["maxLength"]!.GetValue<int>()));
        Assert.Contains(BotText.English.ScoringIntro, Texts(card));
        Assert.Contains(Texts(card), t => t.Contains("0.7 is the healthy aim", StringComparison.Ordinal));
    }

    [Fact]
    public void A_score_is_prefilled_with_the_one_given_else_with_the_score_the_progress_suggests()
    {
        var card = Render("en", "scoring");
        var inputs = Inputs(card);
        var sheet = CardSamples.ScoringSheet(CardSamples.English, CardSamples.List(CardSamples.English));

        Assert.Equal("0.6", inputs[CardVerbs.ScoreInput(Metric)]["value"]!.GetValue<string>());
        Assert.Equal(CardSamples.English.Reason, inputs[CardVerbs.ScoreReasonInput(Metric)]["value"]!.GetValue<string>());
        var percentage = sheet.Items.Single(i => i.KeyResult.Id == Percentage);
        Assert.Equal(CardVerbs.ScoreValue(percentage.SuggestedScore), inputs[CardVerbs.ScoreInput(Percentage)]["value"]!.GetValue<string>());
        Assert.Null(inputs[CardVerbs.ScoreReasonInput(Percentage)]["value"]);
        Assert.Contains(BotText.English.SuggestedScore(BotText.English.Score(percentage.SuggestedScore)), Texts(card));
        Assert.Contains(BotText.English.ScoringAlreadyDone, Texts(card));
    }

    [Fact]
    public void The_scoring_done_card_shows_each_score_against_its_suggestion_with_the_rules_hint()
    {
        var en = Texts(Render("en", "scoring-done")).ToList();
        var zh = Texts(Render("zh", "scoring-done")).ToList();

        Assert.Contains("\u2714 Scores recorded", en);
        Assert.Contains("4 key results scored for 2026 Q4. Thank you!", en);
        Assert.Contains("Score 1.0 \u00b7 suggested 0.2", en);
        Assert.Contains("A full 1.0: was the target too low? Aim higher next cycle.", en);
        Assert.Contains("A 0: explain what happened, so the team can learn from it.", en);
        Assert.Contains(BotText.English.ScoreHintText(ScoreHint.Healthy), en);
        Assert.Contains(BotText.English.ScoreHintText(ScoreHint.BelowAim), en);
        Assert.Contains("评分 0.7 · 建议 0.8", zh);
        Assert.Contains("满分 1.0：目标是否定得太低了？下个周期可以更有挑战。", zh);
        Assert.Contains("0 分：请说明发生了什么，便于团队从中学习。", zh);
        Assert.Equal([CardVerbs.ScoringOpen, CardVerbs.MyOkrs], Verbs(Render("en", "scoring-done")));
    }

    [Fact]
    public void The_manager_digest_says_how_many_checked_in_and_who_has_not()
    {
        var texts = Texts(Render("en", "digest")).ToList();

        Assert.Contains("7 of 9 checked in", texts);
        Assert.Contains("Liam Brown", texts.SelectMany(t => t.Split(", ")));
        Assert.Contains("Chloe Martin, Liam Brown", texts);
        Assert.Contains("Away: ", texts);
        Assert.Contains("Alex Chen", texts);
        Assert.Contains("9 人中已有 7 人更新进展", Texts(Render("zh", "digest")));
        Assert.Contains("吴婷、郑浩", Texts(Render("zh", "digest")));
        Assert.Contains("尚未更新：", Texts(Render("zh", "digest")));
    }

    [Fact]
    public void Each_risk_in_the_digest_has_its_reason_and_a_button_that_opens_the_key_result()
    {
        var card = Render("en", "digest");
        var digest = CardSamples.Digest(CardSamples.English);

        var opens = Executes(card).Where(a => a["verb"]!.GetValue<string>() == CardVerbs.KrShow).Select(a => Data(a, CardVerbs.KeyResultKey));
        Assert.Equal(digest.Risks.Select(r => r.KeyResultId.ToString("D")), opens);
        Assert.Contains("At risk or off track (3)", Texts(card));
        Assert.Contains(CardSamples.English.Reason, Texts(card));
        Assert.Contains("\u25cf Off track", Texts(card));
        Assert.Equal([CardVerbs.MyOkrs], Buttons(card).Select(b => b["verb"]!.GetValue<string>()));
    }

    [Fact]
    public void The_digest_shows_the_biggest_movers_up_and_down_and_each_objective_as_a_progress_bar()
    {
        var en = Texts(Render("en", "digest")).ToList();
        var zh = Texts(Render("zh", "digest")).ToList();

        Assert.Contains("+15 pts (40% \u2192 55%)", en);
        Assert.Contains("\u221210 pts (50% \u2192 40%)", en);
        Assert.Contains("+15 个百分点（40% → 55%）", zh);
        Assert.Contains("\u2593\u2593\u2593\u2593\u2593\u2593\u2593\u2593\u2593\u2591 ", en);
        Assert.Contains("90%", en);
        Assert.Contains(CardSamples.English.Objectives[0], en);
    }

    [Fact]
    public void A_quiet_week_says_nobody_was_expected_no_risks_no_movers_and_no_objectives()
    {
        var texts = Texts(Render("zh", "digest-quiet")).ToList();

        Assert.Contains(BotText.Chinese.DigestNobodyExpected, texts);
        Assert.Contains(BotText.Chinese.DigestNoRisks, texts);
        Assert.Contains(BotText.Chinese.DigestNoMovers, texts);
        Assert.Contains(BotText.Chinese.DigestNoObjectives, texts);
    }

    [Fact]
    public void The_results_show_each_objective_with_its_score_and_each_key_result_with_progress_score_and_reason()
    {
        var card = Render("en", "results-team");
        var texts = Texts(card).ToList();
        var results = CardSamples.Results(CardSamples.English, CardSamples.List(CardSamples.English), "Product");

        Assert.Contains("Results of 2026 Q4", texts);
        Assert.Contains("The Product team and its members", texts);
        Assert.Contains($"{results.ScoredCount} of 5 key results scored", texts);
        Assert.Contains($"Score {BotText.English.Score(results.Objectives[0].Score!.Value)}", texts);
        Assert.Equal(2, texts.Count(t => t == "Not scored yet"));
        Assert.Contains("\u201c" + CardSamples.English.Notes[0] + "\u201d", texts);
        Assert.Contains("Your objectives", Texts(Render("en", "results-own")));
        Assert.Contains(BotText.English.ResultsEmpty, Texts(Render("en", "results-empty")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(card));
    }

    [Fact]
    public void The_planning_reminder_names_the_end_of_this_cycle_and_the_next_one_when_there_is_one()
    {
        var en = Texts(Render("en", "planning")).ToList();
        var zh = Texts(Render("zh", "planning-no-next-cycle")).ToList();

        Assert.Contains("2026 Q4 ends on 31 Dec 2026.", en);
        Assert.Contains("Draft your OKRs for 2027 Q1, which starts on 1 Jan 2027.", en);
        Assert.Contains(BotText.English.PlanningTips, en);
        Assert.Contains("2026年第四季度将于2026年12月31日结束。", zh);
        Assert.Contains(BotText.Chinese.PlanningNoNextCycle, zh);
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Render("en", "planning")));
    }

    [Theory]
    [MemberData(nameof(BigSamples))]
    public void Every_big_wrap_up_card_stays_under_80_KB(string language, string name)
    {
        var card = RenderBig(language, name);

        Assert.True(CardSize.Of(card) <= CardSize.Limit, $"{language}-{name}: {CardSize.Of(card)} bytes");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_review_and_a_scoring_of_15_key_results_with_paragraph_notes_fit_whole(string language)
    {
        var review = RenderBig(language, "review-15");
        var scoring = RenderBig(language, "scoring-15");

        Assert.Equal(15, CardVerbs.ParseKeyResultIds(Data(Button(review, CardVerbs.ReviewSubmit), CardVerbs.KeyResultsKey)).Count);
        Assert.Equal(15, CardVerbs.ParseKeyResultIds(Data(Button(scoring, CardVerbs.ScoringSubmit), CardVerbs.KeyResultsKey)).Count);
        Assert.Equal(15 * 2, Inputs(scoring).Count);
        Assert.Equal(15, Inputs(review).Keys.Count(k => k.StartsWith("reviewnote:", StringComparison.Ordinal)));
        Assert.DoesNotContain(Texts(review), t => t == BotText.For(language).MoreNotShown(1));
    }

    [Theory]
    [InlineData("review-15-longest-notes", CardVerbs.ReviewSubmit, "decision:")]
    [InlineData("scoring-15-longest-reasons", CardVerbs.ScoringSubmit, "score:")]
    public void A_card_whose_prefilled_notes_do_not_all_fit_keeps_them_whole_for_the_key_results_it_shows_and_says_how_many_it_left_out(
        string name, string submitVerb, string inputPrefix)
    {
        var view = CardSamples.Big("zh").Single(s => s.Name == name).View;
        var card = AdaptiveCardRenderer.Render(view);

        var submitted = CardVerbs.ParseKeyResultIds(Data(Button(card, submitVerb), CardVerbs.KeyResultsKey));
        Assert.InRange(submitted.Count, 1, 14);
        Assert.Equal(submitted.Select(id => inputPrefix + id.ToString("D")).Order(), Inputs(card).Keys.Where(k => k.StartsWith(inputPrefix, StringComparison.Ordinal)).Order());
        Assert.Contains(BotText.Chinese.MoreNotShown(15 - submitted.Count), Texts(card));
        // A prefilled note is never clipped: sending the card back must not cut what was written.
        var written = view switch
        {
            ReviewCardView r => r.Sheet.Items[0].Note!,
            ScoringCardView c => c.Sheet.Items[0].Reason!,
            _ => throw new InvalidOperationException(name),
        };
        Assert.True(written.Length > 1900, $"{written.Length} characters");
        Assert.All(Inputs(card).Values.Where(i => Type(i) == "Input.Text"), i => Assert.Equal(written, i["value"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_digest_for_40_reports_names_everyone_missing_and_keeps_the_risks_and_objectives_that_fit(string language)
    {
        var view = (ManagerDigestView)CardSamples.Big(language).Single(s => s.Name == "digest-40").View;
        var card = AdaptiveCardRenderer.Render(view);
        var text = BotText.For(language);

        Assert.Contains(text.DigestCompletion(31, 39), Texts(card));
        Assert.Contains(text.Names(view.Digest.Missing.Select(r => r.Name)), Texts(card));
        var risks = Executes(card).Count(a => a["verb"]!.GetValue<string>() == CardVerbs.KrShow);
        Assert.InRange(risks, 20, view.Digest.Risks.Count);
        if (risks < view.Digest.Risks.Count) Assert.Contains(text.MoreNotShown(view.Digest.Risks.Count - risks), Texts(card));
        Assert.Equal(2, Texts(card).Count(t => t.Contains('\u2192')));
    }

    [Fact]
    public void What_people_wrote_on_the_wrap_up_cards_is_shown_verbatim_never_read_as_markdown()
    {
        const string sneaky = "**Urgent** [click here](https://example.invalid/login)";
        var words = CardSamples.English with
        {
            KeyResults = [.. CardSamples.English.KeyResults.Select(_ => sneaky)],
            Objectives = [.. CardSamples.English.Objectives.Select(_ => sneaky)],
            Person = sneaky, Manager = sneaky, Cycle = sneaky, NextCycle = sneaky, Team = sneaky,
            Notes = [sneaky, sneaky, sneaky],
            Reason = sneaky,
            Reports = [sneaky, sneaky, sneaky, sneaky, sneaky, sneaky, sneaky, sneaky, sneaky, sneaky],
        };
        var list = CardSamples.List(words);
        var review = CardSamples.ReviewSheet(words, list);
        var scoring = CardSamples.ScoringSheet(words, list);
        var receipts = new List<ReviewReceipt> { new(Metric, ReviewDecisionKind.Adjust, 2, false) };
        var scores = new List<ScoreReceipt> { new(Metric, 0.7m, 0.7m, [ScoreHint.Healthy], false) };

        var cards = new View[]
        {
            new ReviewCardView("en", sneaky, review, Error: null),
            ReviewDoneView.From("en", sneaky, review, receipts, new Dictionary<Guid, string?> { [Metric] = sneaky }),
            new ScoringCardView("en", sneaky, scoring),
            ScoringDoneView.From("en", sneaky, scoring, scores, new Dictionary<Guid, string?> { [Metric] = sneaky }),
            new ManagerDigestView("en", CardSamples.Digest(words)),
            new ResultsDigestView("en", CardSamples.Results(words, list, sneaky)),
            new PlanningReminderView("en", sneaky, new DateOnly(2026, 12, 31), sneaky, null),
        }.Select(AdaptiveCardRenderer.Render);

        foreach (var card in cards)
        {
            Assert.DoesNotContain(OfType(card, "TextBlock").Select(b => b["text"]!.GetValue<string>()), t => t.Contains("click here", StringComparison.Ordinal));
            Assert.Contains(OfType(card, "TextRun").Select(r => r["text"]!.GetValue<string>()), t => t.Contains("[click here]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Decisions_and_scores_round_trip_through_the_verbs_parsers()
    {
        foreach (var decision in Enum.GetValues<ReviewDecisionKind>())
            Assert.True(CardVerbs.TryParseDecision(CardVerbs.DecisionValue(decision), out var back) && back == decision);
        Assert.False(CardVerbs.TryParseDecision("1", out _));
        Assert.False(CardVerbs.TryParseDecision("keep", out _));
        Assert.False(CardVerbs.TryParseDecision(null, out _));
        Assert.Equal(11, CardVerbs.ScoreSteps.Count);
        Assert.All(CardVerbs.ScoreSteps, s => Assert.True(CardVerbs.TryParseNumber(CardVerbs.ScoreValue(s), out var n) && n == s && s % ScoreGuidance.Step == 0m));
        Assert.Equal("1.0", CardVerbs.ScoreValue(1m));
        var keys = new[] { CardVerbs.CycleKey, CardVerbs.VerbKey, CardVerbs.KeyResultKey, CardVerbs.KeyResultsKey, CardVerbs.WeekKey };
        var id = CardSamples.Id(2);
        var inputs = new[] { CardVerbs.DecisionInput(id), CardVerbs.TargetInput(id), CardVerbs.ReviewNoteInput(id), CardVerbs.ScoreInput(id), CardVerbs.ScoreReasonInput(id),
            CardVerbs.ValueInput(id), CardVerbs.StatusInput(id), CardVerbs.ConfidenceInput(id), CardVerbs.NoteInput(id) };
        Assert.Equal(keys.Length + inputs.Length, keys.Concat(inputs).Distinct().Count());
    }
}
