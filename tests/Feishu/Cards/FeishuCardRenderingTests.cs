using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Tests.Cards;
using static OkrBot.Tests.Feishu.Cards.FeishuCardJson;

namespace OkrBot.Tests.Feishu.Cards;

public sealed class FeishuCardRenderingTests
{
    /// <summary>Every sample of tests/Cards, the big ones included, and check-ins and lists bigger than any card holds.</summary>
    private static IReadOnlyList<CardSample> Samples(string language)
    {
        var words = CardSamples.For(language);
        var huge = CardSamples.BigCheckIn(words, objectives: 20, keyResults: 5, titleLength: 300);
        return
        [
            .. CardSamples.All(language),
            .. CardSamples.Big(language),
            new("checkin-25", CardSamples.BigCheckIn(words)),
            new("checkin-25-longest-titles", CardSamples.BigCheckIn(words, titleLength: 300)),
            new("checkin-50", CardSamples.BigCheckIn(words, objectives: 10, keyResults: 5, titleLength: 300)),
            new("okrs-100", new OkrListView(words.Locale, OkrListSubject.Team, words.Team,
                new OkrList(CardSamples.Id(100), words.Cycle, CardSamples.Week, CardSamples.Week, huge.Objectives))),
        ];
    }

    public static TheoryData<string, string> AllSamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "en", "zh" })
            foreach (var sample in Samples(language)) data.Add(language, sample.Name);
        return data;
    }

    private static View View(string language, string name) => Samples(language).Single(s => s.Name == name).View;

    private static JsonObject Render(string language, string name) => FeishuCardRenderer.Render(View(language, name));

    [Fact]
    public void Every_kind_of_view_renders_as_a_shared_card_json_2_0_in_both_languages()
    {
        var kinds = typeof(View).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(View)) && !t.IsAbstract).ToHashSet();

        foreach (var language in new[] { "en", "zh" })
        {
            var samples = Samples(language);
            Assert.Equal(kinds.OrderBy(t => t.Name), samples.Select(s => s.View.GetType()).Distinct().OrderBy(t => t.Name));
            foreach (var sample in samples)
            {
                var card = FeishuCardRenderer.Render(sample.View);
                Assert.Equal("2.0", card["schema"]!.GetValue<string>());
                Assert.True(card["config"]!["update_multi"]!.GetValue<bool>());
                Assert.Equal("plain_text", card["header"]!["title"]!["tag"]!.GetValue<string>());
                Assert.NotEmpty(card["body"]!["elements"]!.AsArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_card_uses_only_the_components_and_properties_feishu_documents(string language, string name)
    {
        var problems = FeishuCardSchema.Problems(Render(language, name));

        Assert.True(problems.Count == 0, $"{language}-{name}:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void The_schema_check_catches_an_unknown_property_an_unknown_component_and_a_misplaced_form()
    {
        var card = Render("en", "atrisk-form");
        Assert.Empty(FeishuCardSchema.Problems(card));

        var unknownProperty = card.DeepClone().AsObject();
        OfTag(unknownProperty, "input").First()["isMultiline"] = true;
        var unknownComponent = card.DeepClone().AsObject();
        unknownComponent["body"]!["elements"]!.AsArray().Add(new JsonObject { ["tag"] = "TextBlock", ["text"] = "x" });
        var nestedForm = card.DeepClone().AsObject();
        var form = OfTag(nestedForm, "form").Single();
        form["elements"]!.AsArray().Add(new JsonObject { ["tag"] = "form", ["name"] = "inner", ["elements"] = new JsonArray() });

        Assert.Contains(FeishuCardSchema.Problems(unknownProperty), p => p.Contains("unknown property \"isMultiline\"", StringComparison.Ordinal));
        Assert.Contains(FeishuCardSchema.Problems(unknownComponent), p => p.Contains("\"TextBlock\"", StringComparison.Ordinal));
        Assert.Contains(FeishuCardSchema.Problems(nestedForm), p => p.Contains("root of the body", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_card_stays_within_30_KB_and_200_elements(string language, string name)
    {
        var view = View(language, name);
        var content = FeishuCardRenderer.Content(view);

        var bytes = Encoding.UTF8.GetByteCount(content);
        Assert.True(bytes <= 30_000, $"{language}-{name}: {bytes} bytes");
        Assert.Equal(bytes, FeishuCardSize.Of(FeishuCardRenderer.Render(view)));
        // Feishu counts text elements too: every tagged object, plain_text included.
        var elements = FeishuCardJson.Objects(FeishuCardRenderer.Render(view)).Count(x => Tag(x.Node) is not null);
        Assert.True(elements <= 200, $"{language}-{name}: {elements} elements");
        Assert.Equal(elements, FeishuCardSize.Elements(FeishuCardRenderer.Render(view)));
    }

    [Fact]
    public void Content_is_the_card_as_json_with_chinese_characters_as_they_are()
    {
        var view = View("zh", "checkin");

        var content = FeishuCardRenderer.Content(view);

        Assert.True(JsonNode.DeepEquals(FeishuCardRenderer.Render(view), JsonNode.Parse(content)));
        Assert.Contains(CardSamples.Chinese.KeyResults[0], content, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", content, StringComparison.Ordinal);
        // A Chinese character counts three bytes, as Feishu counts it.
        Assert.Equal(8 + 3, FeishuCardSize.Of(new JsonObject { ["a"] = "中" }));
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
    public void Every_button_calls_back_with_a_known_verb_and_its_data_as_strings(string language, string name)
    {
        var card = Render(language, name);

        foreach (var (button, form) in FeishuCardJson.Objects(card).Where(x => Tag(x.Node) == "button"))
        {
            var behaviors = button["behaviors"]!.AsArray();
            Assert.Single(behaviors);
            Assert.Equal("callback", behaviors[0]!["type"]!.GetValue<string>());
            var value = Callback(button);
            Assert.Contains(value[CardVerbs.VerbKey]!.GetValue<string>(), CardVerbs.All);
            Assert.All(value, p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
            // Inside a form a button submits it; outside, a button only navigates and sends no inputs.
            Assert.Equal(form is null ? null : "submit", button["form_action_type"]?.GetValue<string>());
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_input_sits_in_a_form_under_a_unique_valid_name_and_every_form_has_a_submit(string language, string name)
    {
        var card = Render(language, name);
        var all = FeishuCardJson.Objects(card).ToList();

        var inputs = all.Where(x => Tag(x.Node) is "input" or "select_static" or "multi_select_static").ToList();
        Assert.All(inputs, x => Assert.NotNull(x.Form));
        var names = all.Where(x => x.Form is not null && Tag(x.Node) is "input" or "select_static" or "multi_select_static" or "button")
            .Select(x => x.Node["name"]!.GetValue<string>())
            .Concat(all.Where(x => Tag(x.Node) == "form").Select(x => x.Node["name"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches(FeishuCardSchema.Name(), n));
        Assert.All(inputs, x => Assert.True(FeishuInputNames.TryDecode(x.Node["name"]!.GetValue<string>(), out _)));

        var forms = all.Where(x => Tag(x.Node) == "form").Select(x => x.Node).ToList();
        Assert.True(forms.Count <= 1, "One form per card: its submit sends every input");
        Assert.All(forms, form => Assert.Contains(card["body"]!["elements"]!.AsArray(), e => ReferenceEquals(e, form)));
        foreach (var form in forms)
        {
            var submit = Assert.Single(OfTag(form, "button"));
            Assert.Equal("submit", submit["form_action_type"]!.GetValue<string>());
            Assert.Contains(Verb(submit), new[] { CardVerbs.CheckInSubmit, CardVerbs.KrAtRiskSubmit, CardVerbs.ReviewSubmit, CardVerbs.ScoringSubmit,
                CardVerbs.DraftSave, CardVerbs.DraftKrSave, CardVerbs.DraftAlignSave, CardVerbs.KrChangeSubmit, CardVerbs.KrChangeDecide });
        }
        Assert.Equal(forms.Count > 0, inputs.Count > 0);
    }

    [Fact]
    public void The_check_in_input_names_decode_to_the_ids_the_turn_handler_reads()
    {
        var card = Render("en", "checkin");
        var own = new[] { 2, 3, 4, 6 }.Select(CardSamples.Id).ToList();

        var submit = Button(card, CardVerbs.CheckInSubmit);
        Assert.Equal("2026-11-16", Data(submit, CardVerbs.WeekKey));
        var submitted = CardVerbs.ParseKeyResultIds(Data(submit, CardVerbs.KeyResultsKey));
        Assert.Equal(own, submitted);
        // What TurnHandler.SubmitCheckInAsync looks up for each KR the submit names, and the blockers once.
        var expected = submitted.SelectMany(id => new[] { CardVerbs.ValueInput(id), CardVerbs.StatusInput(id), CardVerbs.ConfidenceInput(id), CardVerbs.NoteInput(id) })
            .Append(CardVerbs.BlockersInput);
        var decoded = OfTag(card, "input").Concat(OfTag(card, "select_static")).Select(i => i["name"]!.GetValue<string>()).Select(n =>
        {
            Assert.True(FeishuInputNames.TryDecode(n, out var id), n);
            return id;
        });
        Assert.Equal(expected.Order(), decoded.Order());
        Assert.Equal(FeishuInputNames.Encode(CardVerbs.ValueInput(own[0])), OfTag(card, "input").First()["name"]!.GetValue<string>());
    }

    [Fact]
    public void The_check_in_is_prefilled_with_the_current_value_status_confidence_and_this_weeks_note()
    {
        var inputs = Inputs(Render("zh", "checkin"));
        var id = CardSamples.Id(2);

        var metric = inputs[CardVerbs.ValueInput(id)];
        Assert.Equal(("input", "4", true), (Tag(metric), metric["default_value"]!.GetValue<string>(), metric["required"]!.GetValue<bool>()));
        Assert.Equal("当前数值（秒）", metric["label"]!["content"]!.GetValue<string>());
        Assert.Equal("97.9", inputs[CardVerbs.ValueInput(CardSamples.Id(3))]["default_value"]!.GetValue<string>());
        var milestone = inputs[CardVerbs.ValueInput(CardSamples.Id(4))];
        Assert.Equal(("select_static", CardVerbs.MilestoneNotDone), (Tag(milestone), milestone["initial_option"]!.GetValue<string>()));
        Assert.Equal([CardVerbs.MilestoneDone, CardVerbs.MilestoneNotDone], Options(milestone));

        var status = inputs[CardVerbs.StatusInput(id)];
        Assert.Equal(["OnTrack", "AtRisk", "OffTrack"], Options(status));
        Assert.Equal(["可控", "有风险", "失控"], status["options"]!.AsArray().Select(o => o!["text"]!["content"]!.GetValue<string>()));
        Assert.Equal("AtRisk", status["initial_option"]!.GetValue<string>());
        Assert.All(Options(status), v => Assert.True(CardVerbs.TryParseStatus(v, out _)));

        // Confidence is a number, like the value: a text input prefilled with it, optional.
        var confidence = inputs[CardVerbs.ConfidenceInput(id)];
        Assert.Equal(("input", "6", null), (Tag(confidence), confidence["default_value"]!.GetValue<string>(), confidence["required"]));
        Assert.Equal(BotText.Chinese.LabelConfidence, confidence["label"]!["content"]!.GetValue<string>());
        Assert.Null(inputs[CardVerbs.ConfidenceInput(CardSamples.Id(3))]["default_value"]);

        // This week's own note is prefilled, so submitting again keeps it; last week's note, by a colleague, is not.
        Assert.Equal(CardSamples.Chinese.Notes[1], inputs[CardVerbs.NoteInput(id)]["default_value"]!.GetValue<string>());
        Assert.Null(inputs[CardVerbs.NoteInput(CardSamples.Id(3))]["default_value"]);
        Assert.Equal("multiline_text", inputs[CardVerbs.BlockersInput]["input_type"]!.GetValue<string>());
    }

    [Fact]
    public void A_check_in_too_big_for_one_card_keeps_what_fits_and_says_how_many_are_left_out()
    {
        var view = CardSamples.BigCheckIn(CardSamples.Chinese, objectives: 10, keyResults: 5, titleLength: 300);

        var card = FeishuCardRenderer.Render(view);

        var submitted = CardVerbs.ParseKeyResultIds(Data(Button(card, CardVerbs.CheckInSubmit), CardVerbs.KeyResultsKey));
        Assert.InRange(submitted.Count, 10, 49);
        Assert.Equal(view.KeyResults.Select(k => k.Id).Take(submitted.Count), submitted);
        Assert.Equal(submitted.Select(CardVerbs.ValueInput).Order(), Inputs(card).Keys.Where(k => k.StartsWith("value:", StringComparison.Ordinal)).Order());
        Assert.Contains(BotText.Chinese.MoreNotShown(50 - submitted.Count), Texts(card));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void A_check_in_of_three_objectives_with_three_key_results_each_fits_whole_with_every_detail(string language)
    {
        var view = CardSamples.BigCheckIn(CardSamples.For(language), objectives: 3, keyResults: 3);

        var card = FeishuCardRenderer.Render(view);

        Assert.Equal(9, CardVerbs.ParseKeyResultIds(Data(Button(card, CardVerbs.CheckInSubmit), CardVerbs.KeyResultsKey)).Count);
        var text = BotText.For(language);
        Assert.Contains(text.CheckInIntro, Texts(card));
        Assert.Equal(9, Texts(card).Count(t => t == text.PlaceholderNote));
        Assert.DoesNotContain(Texts(card), t => t.StartsWith(text.MoreNotShown(1)[..4], StringComparison.Ordinal));
    }

    [Fact]
    public void A_scoring_sheet_too_long_for_eleven_choices_a_key_result_asks_the_score_as_typed_text()
    {
        var card = Render("en", "scoring-15");

        var score = Inputs(card)[CardVerbs.ScoreInput(CardSamples.Id(2000))];
        Assert.Equal(("input", "0.7", true), (Tag(score), score["default_value"]!.GetValue<string>(), score["required"]!.GetValue<bool>()));
        Assert.StartsWith(BotText.English.LabelScore, score["label"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(15, CardVerbs.ParseKeyResultIds(Data(Button(card, CardVerbs.ScoringSubmit), CardVerbs.KeyResultsKey)).Count);
    }

    [Fact]
    public void Notes_longer_than_a_feishu_input_takes_are_prefilled_with_their_first_thousand_characters()
    {
        var card = Render("en", "review-15-longest-notes");

        var notes = Inputs(card).Where(i => i.Key.StartsWith("reviewnote:", StringComparison.Ordinal)).Select(i => i.Value["default_value"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.Equal((1000, '\u2026'), (n.Length, n[^1])));
        Assert.All(OfTag(card, "input"), i => Assert.Equal(1000, i["max_length"]!.GetValue<int>()));
    }

    [Fact]
    public void Buttons_that_only_navigate_sit_outside_the_form_so_they_send_no_inputs()
    {
        foreach (var (name, verb) in new[] { ("checkin", CardVerbs.MyOkrs), ("atrisk-form", CardVerbs.KrShow), ("review", CardVerbs.MyOkrs), ("scoring", CardVerbs.MyOkrs) })
        {
            var card = Render("en", name);
            var form = OfTag(card, "form").Single();
            Assert.DoesNotContain(OfTag(form, "button"), b => Verb(b) == verb);
            Assert.Contains(Buttons(card), b => Verb(b) == verb);
        }
    }

    [Fact]
    public void The_buttons_are_those_of_the_teams_cards()
    {
        Assert.Equal([CardVerbs.CheckInOpen, CardVerbs.MyOkrs, CardVerbs.Help], Verbs(Render("en", "welcome")));
        Assert.Equal([CardVerbs.CheckInOpen, CardVerbs.MyOkrs], Verbs(Render("en", "help")));
        Assert.Equal([CardVerbs.CheckInOpen], Verbs(Render("zh", "notice-refusal-stale-week")));
        Assert.Empty(Verbs(Render("en", "notice-refusal-forbidden")));
        Assert.Equal([CardVerbs.KrUpdate, CardVerbs.KrAtRiskOpen, CardVerbs.MyOkrs], Verbs(Render("en", "kr")));
        Assert.Equal([CardVerbs.KrAtRiskOpen, CardVerbs.MyOkrs], Verbs(Render("en", "kr-read-only")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Render("en", "kr-dropped")));
        Assert.Equal([CardVerbs.KrAtRiskSubmit, CardVerbs.KrShow], Verbs(Render("en", "atrisk-form")));
        Assert.Equal([CardVerbs.KrShow], Verbs(Render("en", "atrisk-alert-owner")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Render("en", "checkin-done")));
        Assert.Equal([CardVerbs.MyOkrs, CardVerbs.Help], Verbs(Render("en", "checkin-nothing")));
        Assert.Equal([CardVerbs.ReviewOpen, CardVerbs.MyOkrs], Verbs(Render("en", "review-done")));
        Assert.Equal([CardVerbs.ScoringOpen, CardVerbs.MyOkrs], Verbs(Render("en", "scoring-done")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Render("en", "planning")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Render("en", "results-team")));

        var own = Render("en", "okrs-own");
        Assert.Equal(CardSamples.List(CardSamples.English).KeyResults.Select(k => k.Id.ToString("D")),
            Buttons(own).Where(b => Verb(b) == CardVerbs.KrShow).Select(b => Data(b, CardVerbs.KeyResultKey)));
        Assert.Equal([CardVerbs.CheckInOpen, CardVerbs.Help], Verbs(own).Where(v => v != CardVerbs.KrShow));
        Assert.Equal([CardVerbs.MyOkrs, CardVerbs.Help], Verbs(Render("en", "okrs-colleague")).Where(v => v != CardVerbs.KrShow));

        var digest = Render("en", "digest");
        Assert.Equal(CardSamples.Digest(CardSamples.English).Risks.Select(r => r.KeyResultId.ToString("D")),
            Buttons(digest).Where(b => Verb(b) == CardVerbs.KrShow).Select(b => Data(b, CardVerbs.KeyResultKey)));
        Assert.Equal(CardVerbs.MyOkrs, Verbs(digest)[^1]);
    }

    [Fact]
    public void The_wrap_up_forms_carry_the_cycle_and_prefill_what_was_decided_and_scored()
    {
        var review = Render("en", "review");
        var sheet = CardSamples.ReviewSheet(CardSamples.English, CardSamples.List(CardSamples.English));
        var submit = Button(review, CardVerbs.ReviewSubmit);
        Assert.Equal(sheet.CycleId.ToString("D"), Data(submit, CardVerbs.CycleKey));
        Assert.Equal(sheet.Items.Select(i => i.KeyResult.Id), CardVerbs.ParseKeyResultIds(Data(submit, CardVerbs.KeyResultsKey)));
        var inputs = Inputs(review);
        var adjusted = CardSamples.Id(2);
        Assert.Equal("Adjust", inputs[CardVerbs.DecisionInput(adjusted)]["initial_option"]!.GetValue<string>());
        Assert.Equal("2", inputs[CardVerbs.TargetInput(adjusted)]["default_value"]!.GetValue<string>());
        Assert.Equal(CardSamples.English.Notes[1], inputs[CardVerbs.ReviewNoteInput(adjusted)]["default_value"]!.GetValue<string>());
        // A milestone has no target to adjust: keep or drop, no target input.
        Assert.Equal(["Keep", "Drop"], Options(inputs[CardVerbs.DecisionInput(CardSamples.Id(4))]));
        Assert.False(inputs.ContainsKey(CardVerbs.TargetInput(CardSamples.Id(4))));
        Assert.All(Options(inputs[CardVerbs.DecisionInput(adjusted)]), v => Assert.True(CardVerbs.TryParseDecision(v, out _)));

        var scoring = Render("en", "scoring");
        var scores = Inputs(scoring);
        Assert.Equal(CardVerbs.ScoreSteps.Select(CardVerbs.ScoreValue), Options(scores[CardVerbs.ScoreInput(adjusted)]));
        Assert.Equal("0.6", scores[CardVerbs.ScoreInput(adjusted)]["initial_option"]!.GetValue<string>());
        var reason = scores[CardVerbs.ScoreReasonInput(adjusted)];
        Assert.Equal((true, CardSamples.English.Reason), (reason["required"]!.GetValue<bool>(), reason["default_value"]!.GetValue<string>()));
        Assert.Contains(BotText.English.ScoringIntro, Texts(scoring));
    }

    [Fact]
    public void What_people_wrote_is_shown_as_plain_text_never_read_as_markdown()
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
        }.Select(FeishuCardRenderer.Render);

        foreach (var card in cards)
        {
            Assert.DoesNotContain(OfTag(card, "markdown").Select(m => m["content"]!.GetValue<string>()), t => t.Contains("click here", StringComparison.Ordinal));
            Assert.DoesNotContain(OfTag(card, "lark_md").Select(m => m["content"]!.GetValue<string>()), t => t.Contains("click here", StringComparison.Ordinal));
            Assert.Contains(OfTag(card, "plain_text").Select(r => r["content"]!.GetValue<string>()), t => t.Contains("[click here]", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_refusal_and_the_texts_of_a_card_come_from_the_viewers_language()
    {
        var zh = Render("zh", "notice-refusal-stale-week");

        Assert.Equal(BotText.Chinese.NoticeTitle(NoticeKind.Info), zh["header"]!["title"]!["content"]!.GetValue<string>());
        Assert.Contains(BotText.Chinese.Refusal(new OkrError(OkrErrorCode.StaleWeek, "x")), Texts(zh));
        Assert.Equal(BotText.Chinese.ButtonOpenThisWeek, Button(zh, CardVerbs.CheckInOpen)["text"]!["content"]!.GetValue<string>());
        Assert.Contains(BotText.Chinese.Refusal(OkrErrorCode.Invalid, "reason"), Texts(Render("zh", "atrisk-form-refused")));
        Assert.Contains("\u2714 " + BotText.English.CheckInDoneTitle, Texts(Render("en", "checkin-done")));
    }

    private static bool IsCjk(char c) => c is >= '\u3000' and <= '\u9fff' or >= '\uff00' and <= '\uffef';
}
