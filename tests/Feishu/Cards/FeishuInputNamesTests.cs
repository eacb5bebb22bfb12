using OkrBot.Core.Messages;
using OkrBot.Jobs.Channels.Feishu.Cards;
using OkrBot.Tests.Cards;

namespace OkrBot.Tests.Feishu.Cards;

public sealed class FeishuInputNamesTests
{
    public static TheoryData<string> InputIds()
    {
        var id = CardSamples.Id(2);
        return new TheoryData<string>
        {
            CardVerbs.ValueInput(id), CardVerbs.StatusInput(id), CardVerbs.ConfidenceInput(id), CardVerbs.NoteInput(id),
            CardVerbs.DecisionInput(id), CardVerbs.TargetInput(id), CardVerbs.ReviewNoteInput(id), CardVerbs.ScoreInput(id),
            CardVerbs.ScoreReasonInput(id), CardVerbs.BlockersInput, CardVerbs.ReasonInput, CardVerbs.RiskStatusInput,
            "a_b", "x1", "Zz9", "aé:ü", "a中文", "a b\n", "a_5f", "a_u0041",
        };
    }

    [Theory]
    [MemberData(nameof(InputIds))]
    public void Every_input_id_encodes_to_a_letter_digit_underscore_name_that_decodes_back(string inputId)
    {
        var name = FeishuInputNames.Encode(inputId);

        Assert.Matches(FeishuCardSchema.Name(), name);
        Assert.True(FeishuInputNames.TryDecode(name, out var decoded));
        Assert.Equal(inputId, decoded);
        Assert.Equal(inputId, FeishuInputNames.Decode(name));
    }

    [Fact]
    public void An_id_of_letters_stays_as_it_is_and_the_others_are_escaped_by_hex_code()
    {
        Assert.Equal("blockers", FeishuInputNames.Encode(CardVerbs.BlockersInput));
        Assert.Equal("value_3a0196a0a0_2d0000_2d7000_2d8000_2d000000000002", FeishuInputNames.Encode(CardVerbs.ValueInput(CardSamples.Id(2))));
        Assert.Equal("a_5fb", FeishuInputNames.Encode("a_b"));
        Assert.Equal("a_u4e2d", FeishuInputNames.Encode("a中"));
    }

    [Theory]
    [InlineData("1st")]
    [InlineData("_x")]
    [InlineData("中文")]
    public void An_id_that_does_not_start_with_a_letter_has_no_name(string inputId) =>
        Assert.Throws<ArgumentException>(() => FeishuInputNames.Encode(inputId));

    [Theory]
    [InlineData("")]
    [InlineData("value:x")]
    [InlineData("a-b")]
    [InlineData("a_")]
    [InlineData("a_3")]
    [InlineData("a_zz")]
    [InlineData("a_3A")]
    [InlineData("a_41")]
    [InlineData("a_u0041")]
    [InlineData("a_u00e9")]
    [InlineData("9a")]
    [InlineData("_5fa")]
    [InlineData("a_31")]
    public void A_key_that_no_input_name_spells_does_not_decode(string name)
    {
        Assert.False(FeishuInputNames.TryDecode(name, out _));
        Assert.Equal(name, FeishuInputNames.Decode(name));
    }
}
