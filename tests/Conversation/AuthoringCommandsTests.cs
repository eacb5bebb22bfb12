using OkrBot.Bot.Conversation;

namespace OkrBot.Tests.Conversation;

public sealed class AuthoringCommandsTests
{
    private static readonly DateOnly Today = new(2026, 11, 18);

    [Theory]
    [InlineData("new objective", typeof(Command.NewObjective))]
    [InlineData("New Objective!", typeof(Command.NewObjective))]
    [InlineData("<at>OkrBot</at> new OKR", typeof(Command.NewObjective))]
    [InlineData("create objective", typeof(Command.NewObjective))]
    [InlineData("新建目标", typeof(Command.NewObjective))]
    [InlineData("新建ＯＫＲ", typeof(Command.NewObjective))]
    [InlineData("起草目标。", typeof(Command.NewObjective))]
    [InlineData("my drafts", typeof(Command.MyDrafts))]
    [InlineData("Drafts", typeof(Command.MyDrafts))]
    [InlineData("草稿", typeof(Command.MyDrafts))]
    [InlineData("我的草稿", typeof(Command.MyDrafts))]
    [InlineData("new objectives please", typeof(Command.Unknown))]
    public void Drafting_commands_are_understood_in_english_and_chinese(string text, Type expected) =>
        Assert.IsType(expected, Commands.Parse(text, Today));

    [Fact]
    public void A_colleagues_okrs_are_still_theirs_not_a_draft_command() =>
        Assert.IsType<Command.ColleagueOkrs>(Commands.Parse("okrs of Drafts Person", Today));
}
