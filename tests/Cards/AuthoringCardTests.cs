using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Jobs.Channels.Teams.Cards;
using static OkrBot.Tests.Cards.CardJson;
using Fs = OkrBot.Tests.Feishu.Cards.FeishuCardJson;

namespace OkrBot.Tests.Cards;

/// <summary>The drafting and key result change cards on both channels: the buttons and inputs the handlers read, the guidance shown.</summary>
public sealed class AuthoringCardTests
{
    private static View Sample(string language, string name) => CardSamples.All(language).Single(s => s.Name == name).View;

    private static JsonObject Teams(string language, string name) => AdaptiveCardRenderer.Render(Sample(language, name));

    private static JsonObject Feishu(string language, string name) => FeishuCardRenderer.Render(Sample(language, name));

    [Fact]
    public void The_draft_card_offers_each_step_and_edits_each_key_result_on_both_channels()
    {
        var draft = (DraftView)Sample("en", "draft");
        var id = draft.Draft.ObjectiveId.ToString("D");
        string[] perKr = [CardVerbs.DraftKrOpen, CardVerbs.DraftKrRemove];
        string[] steps = [CardVerbs.DraftPublish, CardVerbs.DraftKrOpen, CardVerbs.DraftAlignOpen, CardVerbs.DraftEdit, CardVerbs.DraftDiscard];
        var expected = draft.Draft.KeyResults.SelectMany(_ => perKr).Concat(steps).ToList();

        Assert.Equal(expected, Verbs(Teams("en", "draft")));
        Assert.Equal(expected, Fs.Verbs(Feishu("en", "draft")));
        Assert.All(Executes(Teams("en", "draft")), a => Assert.Equal(id, Data(a, CardVerbs.ObjectiveKey)));
        Assert.Equal(draft.Draft.KeyResults.Select(k => k.Id.ToString("D")),
            Executes(Teams("en", "draft")).Where(a => a["verb"]!.GetValue<string>() == CardVerbs.DraftKrRemove).Select(a => Data(a, CardVerbs.KeyResultKey)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void The_draft_card_shows_the_guidance_the_focus_and_the_alignment(string language)
    {
        var text = BotText.For(language);
        var draft = (DraftView)Sample(language, "draft");

        foreach (var texts in new[] { Texts(Teams(language, "draft")).ToList(), Fs.Texts(Feishu(language, "draft")).ToList() })
        {
            var all = string.Join("\n", texts);
            Assert.Contains(text.MeasurabilityHintText(MeasurabilityHint.VagueWithoutFigure), all);
            Assert.Contains(text.KeyResultProblemText(KeyResultProblem.TargetEqualsStart), all);
            Assert.Contains(text.FocusSummary(2, 3), all);
            Assert.Contains(text.AlignedTo(AlignmentKind.Objective, draft.Draft.Parent!.Title, draft.Draft.Parent.OwnerName), all);
            Assert.Contains(text.DraftNotReady, all);
        }
        var crowded = string.Join("\n", Texts(Teams(language, "draft-crowded-refused")));
        Assert.Contains(text.FocusWarningText(FocusWarning.TooManyObjectives), crowded);
        Assert.Contains(text.FocusWarningText(FocusWarning.TooManyKeyResults), crowded);
        Assert.Contains(text.Refusal(OkrErrorCode.Invalid, "notReady"), crowded);
        Assert.Contains(text.FocusAboveAim(true), string.Join("\n", Texts(Teams(language, "draft-above-aim"))));
        Assert.Contains(text.NotAligned, string.Join("\n", Texts(Teams(language, "draft-empty"))));
    }

    [Fact]
    public void The_key_result_form_asks_every_field_and_keeps_what_was_entered_after_a_refusal()
    {
        var teams = Teams("en", "kr-form-edit-refused");
        var feishu = Feishu("en", "kr-form-edit-refused");
        string[] ids = [CardVerbs.KrTitleInput, CardVerbs.KrKindInput, CardVerbs.KrStartInput, CardVerbs.KrTargetInput, CardVerbs.KrUnitInput,
            CardVerbs.KrWeightInput, CardVerbs.KrOwnerInput, CardVerbs.KrParticipantsInput];

        var inputs = Inputs(teams);
        Assert.Equal(ids.Order(), inputs.Keys.Order());
        Assert.Equal(["Metric", "Percentage", "Milestone"], Choices(inputs[CardVerbs.KrKindInput]));
        Assert.Equal((7m, 3m, 2m), (inputs[CardVerbs.KrStartInput]["value"]!.GetValue<decimal>(), inputs[CardVerbs.KrTargetInput]["value"]!.GetValue<decimal>(),
            inputs[CardVerbs.KrWeightInput]["value"]!.GetValue<decimal>()));
        var participants = inputs[CardVerbs.KrParticipantsInput];
        Assert.True(participants["isMultiSelect"]!.GetValue<bool>());
        Assert.Equal($"{CardSamples.ColleagueId:D},{CardSamples.ManagerId:D}", participants["value"]!.GetValue<string>());
        Assert.Equal(CardSamples.PersonId.ToString("D"), inputs[CardVerbs.KrOwnerInput]["value"]!.GetValue<string>());
        Assert.Contains(BotText.English.Refusal(OkrErrorCode.Invalid, "krValues"), Texts(teams));
        var save = Button(teams, CardVerbs.DraftKrSave);
        Assert.Equal((CardSamples.Id(800).ToString("D"), CardSamples.Id(801).ToString("D")), (Data(save, CardVerbs.ObjectiveKey), Data(save, CardVerbs.KeyResultKey)));

        var multi = Fs.OfTag(feishu, "multi_select_static").Single();
        Assert.Equal(CardVerbs.KrParticipantsInput, FeishuInputNames.Decode(multi["name"]!.GetValue<string>()));
        Assert.Equal([CardSamples.ColleagueId.ToString("D"), CardSamples.ManagerId.ToString("D")], multi["selected_values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(ids.Where(i => i != CardVerbs.KrParticipantsInput).Order(), Fs.Inputs(feishu).Keys.Order());
        Assert.Equal("7", Fs.Inputs(feishu)[CardVerbs.KrStartInput]["default_value"]!.GetValue<string>());
    }

    [Fact]
    public void The_alignment_picker_offers_nothing_first_then_each_choice_with_whose_it_is()
    {
        var teams = Teams("en", "align");
        var choices = Inputs(teams)[CardVerbs.AlignInput];
        var values = Choices(choices);

        Assert.Equal(CardVerbs.AlignNone, values[0]);
        Assert.Equal(CardVerbs.AlignmentValue(AlignmentKind.Objective, CardSamples.Id(900)), choices["value"]!.GetValue<string>());
        Assert.Equal(4, values.Count);
        Assert.All(values.Skip(1), v => Assert.True(CardVerbs.TryParseAlignment(v, out var target) && target is not null));
        Assert.StartsWith("Your manager's objective: ", choices["choices"]![1]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(values, Fs.Options(Fs.Inputs(Feishu("en", "align"))[CardVerbs.AlignInput]));
        Assert.Contains(BotText.Chinese.AlignNothingToChoose, Texts(Teams("zh", "align-nothing")));
    }

    [Fact]
    public void The_change_form_says_who_approves_and_a_milestone_can_only_be_deleted()
    {
        var approval = Teams("en", "kr-change-approval");
        var milestone = Teams("en", "kr-change-milestone-refused");

        Assert.Equal(["Target", "Delete"], Choices(Inputs(approval)[CardVerbs.ChangeKindInput]));
        Assert.Contains(BotText.English.KrChangeNeedsApproval(CardSamples.English.Manager), Texts(approval));
        Assert.Equal(BotText.English.ButtonAskApproval, Button(approval, CardVerbs.KrChangeSubmit)["title"]!.GetValue<string>());
        Assert.Equal(["Delete"], Choices(Inputs(milestone)[CardVerbs.ChangeKindInput]));
        Assert.DoesNotContain(CardVerbs.ChangeTargetInput, Inputs(milestone).Keys);
        Assert.Equal(BotText.English.ButtonApplyChange, Button(milestone, CardVerbs.KrChangeSubmit)["title"]!.GetValue<string>());
        Assert.Equal([CardVerbs.KrChangeSubmit, CardVerbs.KrShow], Fs.Verbs(Feishu("en", "kr-change-approval")));
    }

    [Fact]
    public void The_manager_decides_on_the_request_card_and_the_outcome_leads_back_to_the_key_result_while_it_exists()
    {
        var request = Teams("zh", "kr-change-request");

        Assert.Equal([CardVerbs.Approve, CardVerbs.Reject], Choices(Inputs(request)[CardVerbs.DecisionChoiceInput]));
        Assert.Equal(["批准", "驳回"], Inputs(request)[CardVerbs.DecisionChoiceInput]["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        Assert.Equal(CardSamples.Id(700).ToString("D"), Data(Button(request, CardVerbs.KrChangeDecide), CardVerbs.ChangeKey));
        Assert.Equal([CardVerbs.KrChangeDecide, CardVerbs.KrShow], Fs.Verbs(Feishu("zh", "kr-change-request")));

        Assert.Equal([CardVerbs.KrShow, CardVerbs.MyOkrs], Verbs(Teams("en", "kr-change-approved")));
        Assert.Equal([CardVerbs.MyOkrs], Verbs(Teams("en", "kr-change-deleted")));
        var stale = string.Join("\n", Texts(Teams("en", "kr-change-stale")));
        Assert.Contains("was not applied", stale);
        Assert.Contains("4 steps", stale);
    }

    [Fact]
    public void A_key_result_the_viewer_may_change_offers_it_on_both_channels()
    {
        Assert.Contains(CardVerbs.KrChangeOpen, Verbs(Teams("en", "kr-changeable")));
        Assert.Contains(CardVerbs.KrChangeOpen, Fs.Verbs(Feishu("en", "kr-changeable")));
        Assert.DoesNotContain(CardVerbs.KrChangeOpen, Verbs(Teams("en", "kr")));
    }
}
