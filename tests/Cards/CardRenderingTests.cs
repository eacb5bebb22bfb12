using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Teams.Cards;
using static OkrBot.Tests.Cards.CardJson;

namespace OkrBot.Tests.Cards;

public sealed partial class CardRenderingTests
{
    public static TheoryData<string, string> AllSamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "en", "zh" })
            foreach (var sample in CardSamples.All(language)) data.Add(language, sample.Name);
        return data;
    }

    private static JsonObject Render(string language, string name) =>
        AdaptiveCardRenderer.Render(CardSamples.All(language).Single(s => s.Name == name).View);

    [Fact]
    public void Every_kind_of_view_has_samples_in_both_languages_and_renders_as_an_adaptive_card_1_5()
    {
        var kinds = typeof(View).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(View)) && !t.IsAbstract).ToHashSet();

        foreach (var language in new[] { "en", "zh" })
        {
            var samples = CardSamples.All(language);
            Assert.Equal(kinds.OrderBy(t => t.Name), samples.Select(s => s.View.GetType()).Distinct().OrderBy(t => t.Name));
            foreach (var sample in samples)
            {
                var card = AdaptiveCardRenderer.Render(sample.View);
                Assert.Equal(("http://adaptivecards.io/schemas/adaptive-card.json", "AdaptiveCard", "1.5"),
                    (card["$schema"]!.GetValue<string>(), card["type"]!.GetValue<string>(), card["version"]!.GetValue<string>()));
                Assert.NotEmpty(card["body"]!.AsArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_text_is_filled_and_in_the_viewers_language(string language, string name)
    {
        var texts = Texts(Render(language, name)).ToList();

        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.False(string.IsNullOrWhiteSpace(t), $"An empty text in {language}-{name}"));
        Assert.All(texts, t => Assert.DoesNotMatch(@"\{\w*\}|\{\d", t));
        if (language == "zh")
        {
            // The sample data is Chinese too: a Latin letter here is a text of ours that was not translated.
            var english = texts.Select(t => BotTextTests.AllowedLatin().Replace(t, "")).Where(t => t.Any(char.IsAsciiLetter)).ToList();
            Assert.True(english.Count == 0, $"English in the Chinese card {name}: {string.Join(" | ", english)}");
        }
        else
        {
            var chinese = texts.Where(t => t.Any(IsCjk)).ToList();
            Assert.True(chinese.Count == 0, $"Chinese in the English card {name}: {string.Join(" | ", chinese)}");
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_button_is_a_universal_action_with_a_known_verb_and_a_submit_fallback_that_carries_it(string language, string name)
    {
        var card = Render(language, name);

        Assert.DoesNotContain(OfType(card, "Action.Submit"), s => !Executes(card).Any(e => ReferenceEquals(e["fallback"], s)));
        foreach (var action in Executes(card))
        {
            var verb = action["verb"]!.GetValue<string>();
            Assert.Contains(verb, CardVerbs.All);
            var fallback = action["fallback"]!.AsObject();
            Assert.Equal("Action.Submit", Type(fallback));
            Assert.Equal(verb, fallback["data"]![CardVerbs.VerbKey]!.GetValue<string>());
            foreach (var (key, value) in action["data"]!.AsObject())
                Assert.Equal(value!.GetValue<string>(), fallback["data"]![key]!.GetValue<string>());
            Assert.Equal(action["associatedInputs"]?.GetValue<string>(), fallback["associatedInputs"]?.GetValue<string>());
        }
    }

    [Fact]
    public void The_check_in_card_submits_the_week_and_every_own_key_result_with_inputs_named_by_key_result()
    {
        var card = Render("en", "checkin");
        var own = new[] { 2, 3, 4, 6 }.Select(CardSamples.Id).ToList();

        var submit = Button(card, CardVerbs.CheckInSubmit);
        Assert.Equal("2026-11-16", Data(submit, CardVerbs.WeekKey));
        Assert.Equal(own, CardVerbs.ParseKeyResultIds(Data(submit, CardVerbs.KeyResultsKey)));
        Assert.Equal("positive", submit["style"]!.GetValue<string>());
        var expected = own.SelectMany(id => new[] { CardVerbs.ValueInput(id), CardVerbs.StatusInput(id), CardVerbs.ConfidenceInput(id), CardVerbs.NoteInput(id) })
            .Append(CardVerbs.BlockersInput);
        Assert.Equal(expected.Order(), Inputs(card).Keys.Order());
        Assert.Equal($"value:{own[0]:D}", CardVerbs.ValueInput(own[0]));
        // Only the submit checks and sends the inputs; the way out does not.
        Assert.Equal("none", Button(card, CardVerbs.MyOkrs)["associatedInputs"]!.GetValue<string>());
        Assert.Null(submit["associatedInputs"]);
        // An ordinary check-in fits with every detail: the intro and the placeholders are there.
        Assert.Contains(BotText.English.CheckInIntro, Texts(card));
        Assert.Equal(own.Count, Texts(card).Count(t => t == BotText.English.PlaceholderNote));
    }

    [Fact]
    public void A_milestone_is_asked_done_or_not_done_a_percentage_0_to_100_and_a_metric_any_number()
    {
        var inputs = Inputs(Render("en", "checkin"));
        var metric = inputs[CardVerbs.ValueInput(CardSamples.Id(2))];
        var percentage = inputs[CardVerbs.ValueInput(CardSamples.Id(3))];
        var milestone = inputs[CardVerbs.ValueInput(CardSamples.Id(4))];

        Assert.Equal(("Input.Number", 4m, null, null), (Type(metric), metric["value"]!.GetValue<decimal>(), metric["min"], metric["max"]));
        Assert.Equal("Current value (steps)", metric["label"]!.GetValue<string>());
        Assert.Equal(("Input.Number", 97.9m, 0m, 100m),
            (Type(percentage), percentage["value"]!.GetValue<decimal>(), percentage["min"]!.GetValue<decimal>(), percentage["max"]!.GetValue<decimal>()));
        Assert.Equal("Input.ChoiceSet", Type(milestone));
        Assert.Equal([CardVerbs.MilestoneDone, CardVerbs.MilestoneNotDone], Choices(milestone));
        Assert.Equal(["Done", "Not done"], milestone["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        Assert.Equal((CardVerbs.MilestoneNotDone, "expanded"), (milestone["value"]!.GetValue<string>(), milestone["style"]!.GetValue<string>()));
        Assert.All(new[] { metric, percentage, milestone }, i =>
        {
            Assert.True(i["isRequired"]!.GetValue<bool>());
            Assert.False(string.IsNullOrWhiteSpace(i["errorMessage"]!.GetValue<string>()));
        });
        Assert.Equal(BotText.English.ErrorPercentage, percentage["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public void Status_confidence_and_note_inputs_carry_what_the_handlers_parse()
    {
        var inputs = Inputs(Render("zh", "checkin"));
        var id = CardSamples.Id(2);

        var status = inputs[CardVerbs.StatusInput(id)];
        Assert.Equal(["OnTrack", "AtRisk", "OffTrack"], Choices(status));
        Assert.Equal(["可控", "有风险", "失控"], status["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        Assert.Equal("AtRisk", status["value"]!.GetValue<string>());
        Assert.True(status["isRequired"]!.GetValue<bool>());
        Assert.All(Choices(status), v => Assert.True(CardVerbs.TryParseStatus(v, out _)));

        var confidence = inputs[CardVerbs.ConfidenceInput(id)];
        Assert.Equal(("Input.Number", 6m, 1m, 10m, null),
            (Type(confidence), confidence["value"]!.GetValue<decimal>(), confidence["min"]!.GetValue<decimal>(), confidence["max"]!.GetValue<decimal>(), confidence["isRequired"]));
        Assert.Null(inputs[CardVerbs.ConfidenceInput(CardSamples.Id(3))]["value"]);

        var note = inputs[CardVerbs.NoteInput(id)];
        Assert.Equal(("Input.Text", CardVerbs.MaxTextLength), (Type(note), note["maxLength"]!.GetValue<int>()));
        var blockers = inputs[CardVerbs.BlockersInput];
        Assert.True(blockers["isMultiline"]!.GetValue<bool>());
    }

    [Fact]
    public void A_check_in_already_made_this_week_is_announced_and_its_note_prefilled_so_submitting_again_keeps_it()
    {
        var card = Render("en", "checkin");

        Assert.Contains(BotText.English.CheckInAlreadyDone, Texts(card));
        Assert.Equal(CardSamples.English.Notes[1], Inputs(card)[CardVerbs.NoteInput(CardSamples.Id(2))]["value"]!.GetValue<string>());
        // Last week's note, by a colleague, is shown but not prefilled.
        Assert.Null(Inputs(card)[CardVerbs.NoteInput(CardSamples.Id(3))]["value"]);
        Assert.Contains(Texts(card), t => t.Contains(CardSamples.English.Notes[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_reminder_is_the_check_in_card_with_a_reminder_line_and_the_prompt_has_none(string language)
    {
        var text = BotText.For(language);
        Assert.Contains(text.CheckInReminder, Texts(Render(language, "checkin-reminder")));
        Assert.DoesNotContain(text.CheckInReminder, Texts(Render(language, "checkin")));
        Assert.Equal(Inputs(Render(language, "checkin")).Keys.Order(), Inputs(Render(language, "checkin-reminder")).Keys.Order());
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_check_in_of_5_objectives_with_5_key_results_each_and_the_longest_notes_stays_under_80_KB(string language)
    {
        var words = CardSamples.For(language);
        var view = CardSamples.BigCheckIn(words, titleLength: 60);

        var card = AdaptiveCardRenderer.Render(view);

        Assert.True(CardSize.Of(card) <= CardSize.Limit, $"{CardSize.Of(card)} bytes");
        Assert.Equal(25, CardVerbs.ParseKeyResultIds(Data(Button(card, CardVerbs.CheckInSubmit), CardVerbs.KeyResultsKey)).Count);
        Assert.Equal(25 * 4 + 1, Inputs(card).Count);
        // Every KR still shows the start of its last note.
        Assert.Equal(25, Texts(card).Count(t => t.Contains(words.Notes[1][..10], StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void Even_with_300_character_titles_all_25_key_results_fit_under_80_KB(string language)
    {
        var card = AdaptiveCardRenderer.Render(CardSamples.BigCheckIn(CardSamples.For(language), titleLength: 300));

        Assert.True(CardSize.Of(card) <= CardSize.Limit, $"{CardSize.Of(card)} bytes");
        Assert.Equal(25 * 4 + 1, Inputs(card).Count);
    }

    [Fact]
    public void A_check_in_too_big_for_one_card_keeps_what_fits_and_says_how_many_are_left_out()
    {
        var view = CardSamples.BigCheckIn(CardSamples.Chinese, objectives: 10, keyResults: 5, titleLength: 300);

        var card = AdaptiveCardRenderer.Render(view);

        Assert.True(CardSize.Of(card) <= CardSize.Limit, $"{CardSize.Of(card)} bytes");
        var submitted = CardVerbs.ParseKeyResultIds(Data(Button(card, CardVerbs.CheckInSubmit), CardVerbs.KeyResultsKey));
        Assert.InRange(submitted.Count, 20, 49);
        Assert.Equal(view.KeyResults.Select(k => k.Id).Take(submitted.Count), submitted);
        Assert.Equal(submitted.Select(CardVerbs.ValueInput).Order(), Inputs(card).Keys.Where(k => k.StartsWith("value:", StringComparison.Ordinal)).Order());
        Assert.Contains(BotText.Chinese.MoreNotShown(50 - submitted.Count), Texts(card));
    }

    [Fact]
    public void The_check_in_done_card_shows_each_recorded_value_status_and_progress()
    {
        var card = Render("en", "checkin-done");
        var texts = Texts(card).ToList();

        Assert.Contains("\u2714 Check-in recorded", texts);
        Assert.Contains("3 key results updated for the week of 16 Nov 2026. Thank you!", texts);
        Assert.Contains("4 steps  ", texts);
        Assert.Contains("98.4%  ", texts);
        Assert.Contains("Done  ", texts);
        Assert.Contains("75%", texts);
        Assert.Contains("\u25cf At risk", texts);
        Assert.Contains("  \u00b7  updated again", texts);
        Assert.Contains(texts, t => t.Contains(CardSamples.English.Notes[2], StringComparison.Ordinal));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(card));
    }

    [Fact]
    public void The_key_result_card_offers_update_only_to_those_who_may_and_no_action_on_a_dropped_one()
    {
        var kr = Render("en", "kr");
        var id = CardSamples.Id(2).ToString("D");
        Assert.Equal([CardVerbs.KrUpdate, CardVerbs.KrAtRiskOpen, CardVerbs.MyOkrs], Verbs(kr));
        Assert.Equal(id, Data(Button(kr, CardVerbs.KrUpdate), CardVerbs.KeyResultKey));
        Assert.Equal(id, Data(Button(kr, CardVerbs.KrAtRiskOpen), CardVerbs.KeyResultKey));
        Assert.Contains(Texts(kr), t => t.StartsWith("Week of 2 Nov 2026: 5 steps, on track (Priya Nair)", StringComparison.Ordinal));
        Assert.Contains(CardSamples.English.Reason, Texts(kr));

        Assert.Equal([CardVerbs.KrAtRiskOpen, CardVerbs.MyOkrs], Verbs(Render("en", "kr-read-only")));
        Assert.Contains(BotText.English.ReadOnlyNote, Texts(Render("en", "kr-read-only")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Render("en", "kr-dropped")));
    }

    [Fact]
    public void The_key_result_card_shows_at_most_five_check_ins()
    {
        var list = CardSamples.List(CardSamples.English);
        var history = Enumerable.Range(1, 8).Select(i => new LastCheckInView(i, KrStatus.OnTrack, $"note {i}", CardSamples.Week.AddDays(-7 * i),
            DateTimeOffset.UnixEpoch, "Alex Chen")).ToList();

        var card = AdaptiveCardRenderer.Render(new KeyResultCardView("en-US", list.KeyResults.First(), "O", "Q4", history, CanUpdate: true));

        Assert.Equal(KeyResultCardView.MaxHistory, Texts(card).Count(t => t.StartsWith("Week of", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_at_risk_form_asks_a_required_reason_and_at_risk_or_off_track_and_cancel_sends_no_inputs()
    {
        var card = Render("en", "atrisk-form");
        var id = CardSamples.Id(2).ToString("D");

        var inputs = Inputs(card);
        Assert.Equal([CardVerbs.ReasonInput, CardVerbs.RiskStatusInput], inputs.Keys.Order());
        var reason = inputs[CardVerbs.ReasonInput];
        Assert.Equal((true, true, CardVerbs.MaxTextLength, "Say why it is at risk."),
            (reason["isRequired"]!.GetValue<bool>(), reason["isMultiline"]!.GetValue<bool>(), reason["maxLength"]!.GetValue<int>(), reason["errorMessage"]!.GetValue<string>()));
        Assert.Equal(CardSamples.English.Reason, reason["value"]!.GetValue<string>());
        Assert.Equal(["AtRisk", "OffTrack"], Choices(inputs[CardVerbs.RiskStatusInput]));
        Assert.Equal("AtRisk", inputs[CardVerbs.RiskStatusInput]["value"]!.GetValue<string>());
        Assert.Equal(id, Data(Button(card, CardVerbs.KrAtRiskSubmit), CardVerbs.KeyResultKey));
        var cancel = Button(card, CardVerbs.KrShow);
        Assert.Equal((id, "none"), (Data(cancel, CardVerbs.KeyResultKey), cancel["associatedInputs"]!.GetValue<string>()));

        var refused = Render("zh", "atrisk-form-refused");
        Assert.Contains(BotText.Chinese.Refusal(OkrErrorCode.Invalid, "reason"), Texts(refused));
    }

    [Fact]
    public void The_at_risk_alert_leads_back_to_the_key_result_and_speaks_to_the_owner_or_to_the_manager()
    {
        var manager = Render("zh", "atrisk-alert-manager");
        var owner = Render("zh", "atrisk-alert-owner");

        Assert.Equal(CardSamples.Id(2).ToString("D"), Data(Button(manager, CardVerbs.KrShow), CardVerbs.KeyResultKey));
        Assert.Contains("有关键结果已失控", Texts(manager).Select(t => t.TrimStart('\u26a0', ' ')));
        Assert.Contains($"李娜 将 王芳 的关键结果“{CardSamples.Chinese.KeyResults[0]}”标记为失控。", Texts(manager));
        Assert.Contains($"李娜 将你的关键结果“{CardSamples.Chinese.KeyResults[0]}”标记为失控。", Texts(owner));
        Assert.Contains(CardSamples.Chinese.Reason, Texts(owner));
    }

    [Fact]
    public void Each_key_result_in_a_list_opens_its_card_and_the_buttons_fit_whose_list_it_is()
    {
        var own = Render("en", "okrs-own");

        var opens = Executes(own).Where(a => a["verb"]!.GetValue<string>() == CardVerbs.KrShow).Select(a => Data(a, CardVerbs.KeyResultKey));
        Assert.Equal(CardSamples.List(CardSamples.English).KeyResults.Select(k => k.Id.ToString("D")), opens);
        Assert.Equal([CardVerbs.CheckInOpen, CardVerbs.Help], Buttons(own).Select(b => b["verb"]!.GetValue<string>()));
        Assert.Equal([CardVerbs.MyOkrs, CardVerbs.Help], Buttons(Render("en", "okrs-colleague")).Select(b => b["verb"]!.GetValue<string>()));
        Assert.Contains("Priya Nair's OKRs", Texts(Render("en", "okrs-colleague")));
        Assert.Contains("产品团队的 OKR", Texts(Render("zh", "okrs-team")));
        Assert.Contains("Private", Texts(own).SelectMany(t => t.Split("  \u00b7  ")));
        Assert.Contains(BotText.English.OkrListEmpty, Texts(Render("en", "okrs-empty")));
    }

    [Fact]
    public void A_long_list_of_key_results_keeps_what_fits_and_says_how_many_are_left_out()
    {
        var big = CardSamples.BigCheckIn(CardSamples.Chinese, objectives: 20, keyResults: 5, titleLength: 300);
        var list = new OkrList(CardSamples.Id(100), "Q4", CardSamples.Week, CardSamples.Week, big.Objectives);

        var card = AdaptiveCardRenderer.Render(new OkrListView("zh-CN", OkrListSubject.Team, "产品", list));

        Assert.True(CardSize.Of(card) <= CardSize.Limit, $"{CardSize.Of(card)} bytes");
        var shown = Executes(card).Count(a => a["verb"]!.GetValue<string>() == CardVerbs.KrShow);
        Assert.InRange(shown, 20, 99);
        Assert.Contains(BotText.Chinese.MoreNotShown(100 - shown), Texts(card));
    }

    [Fact]
    public void The_welcome_names_the_demo_person_being_played_and_offers_the_first_steps()
    {
        var card = Render("en", "welcome-demo");

        Assert.Contains("Welcome, Priya Nair", Texts(card));
        Assert.Contains(Texts(card), t => t.Contains("you are playing Alex Chen", StringComparison.Ordinal));
        Assert.Equal([CardVerbs.CheckInOpen, CardVerbs.MyOkrs, CardVerbs.Help], Verbs(card));
        Assert.DoesNotContain(Texts(Render("en", "welcome")), t => t.Contains("playing", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_repeats_what_was_not_understood_and_lists_the_commands()
    {
        var card = Render("zh", "help-not-understood");

        Assert.Contains("抱歉，我没有理解“随便说说”。", Texts(card));
        Assert.All(BotText.Chinese.HelpEntries, e => Assert.Contains(e.Command, Texts(card)));
        Assert.Equal([CardVerbs.CheckInOpen, CardVerbs.MyOkrs], Verbs(card));
    }

    [Fact]
    public void A_refusal_is_shown_in_the_viewers_language_never_as_the_services_english_message()
    {
        var error = new OkrError(OkrErrorCode.StaleWeek, "This check-in card is for the week of 2026-11-09; that week is over.");

        var zh = AdaptiveCardRenderer.Render(NoticeView.Refusal("zh-CN", error));
        var en = AdaptiveCardRenderer.Render(NoticeView.Refusal("en-GB", error));

        Assert.Contains(BotText.Chinese.Refusal(error), Texts(zh));
        Assert.DoesNotContain(error.Message, Texts(zh));
        Assert.DoesNotContain(error.Message, Texts(en));
        Assert.Equal([CardVerbs.CheckInOpen], Verbs(zh));
        Assert.Equal("打开本周的进展更新", Button(zh, CardVerbs.CheckInOpen)["title"]!.GetValue<string>());
        Assert.Equal(NoticeKind.Error, NoticeView.Refusal("en", new OkrError(OkrErrorCode.Forbidden, "x", "keyResultId")).Kind);
        Assert.Empty(Verbs(Render("en", "notice-refusal-forbidden")));
    }

    [Fact]
    public void What_people_wrote_is_shown_verbatim_never_read_as_markdown()
    {
        const string sneaky = "**Urgent** [click here](https://example.invalid/login)";
        var words = CardSamples.English with
        {
            KeyResults = [sneaky, .. CardSamples.English.KeyResults[1..]],
            Objectives = [sneaky, .. CardSamples.English.Objectives[1..]],
            Person = sneaky,
            Notes = [sneaky, sneaky, sneaky],
            Reason = sneaky,
        };
        var list = CardSamples.List(words);

        var cards = new View[]
        {
            new WelcomeView("en", sneaky, sneaky),
            new HelpView("en", sneaky),
            new OkrListView("en", OkrListSubject.Colleague, sneaky, list),
            CheckInCardView.For("en", CardSamples.PersonId, sneaky, list),
            new KeyResultCardView("en", list.KeyResults.First() with { StatusReason = sneaky }, sneaky, sneaky,
                [new(1, KrStatus.AtRisk, sneaky, CardSamples.Week, DateTimeOffset.UnixEpoch, sneaky)], CanUpdate: true),
            MarkAtRiskFormView.From("en", list.KeyResults.First()),
            new AtRiskAlertView("en", CardSamples.Id(2), sneaky, sneaky, sneaky, KrStatus.AtRisk, sneaky, false),
        }.Select(AdaptiveCardRenderer.Render);

        foreach (var card in cards)
        {
            Assert.DoesNotContain(OfType(card, "TextBlock").Select(b => b["text"]!.GetValue<string>()), t => t.Contains("click here", StringComparison.Ordinal));
            Assert.Contains(OfType(card, "TextRun").Select(r => r["text"]!.GetValue<string>()), t => t.Contains("[click here]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_attachment_wraps_the_card_with_the_adaptive_card_content_type()
    {
        var card = Render("en", "help");

        var attachment = AdaptiveCardRenderer.Attachment(card);
        var again = AdaptiveCardRenderer.Attachment(card);

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Same(card, attachment["content"]);
        Assert.True(JsonNode.DeepEquals(card, again["content"]));
        Assert.NotSame(card, again["content"]);
    }

    [Fact]
    public void Card_size_counts_the_bytes_of_the_card_with_every_non_ascii_character_escaped()
    {
        Assert.Equal("""{"a":"\u4E2D"}""".Length, CardSize.Of(new JsonObject { ["a"] = "中" }));
        Assert.Equal(80 * 1024, CardSize.Limit);
        Assert.All(new[] { "en", "zh" }.SelectMany(CardSamples.All), s => Assert.True(CardSize.IsWithinLimit(AdaptiveCardRenderer.Render(s.View)), s.Name));
    }

    [Fact]
    public void Progress_reads_as_a_bar_of_ten_cells_and_a_percentage()
    {
        var texts = Texts(Render("en", "kr")).ToList();

        Assert.Contains("\u2593\u2593\u2593\u2593\u2593\u2593\u2593\u2593\u2591\u2591 ", texts);
        Assert.Contains("75%", texts);
    }

    private static bool IsCjk(char c) => c is >= '\u3000' and <= '\u9fff' or >= '\uff00' and <= '\uffef';

}
