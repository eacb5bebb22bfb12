using OkrBot.Bot.Conversation;

namespace OkrBot.Tests.Conversation;

public sealed class CommandsTests
{
    private static readonly DateOnly Today = new(2026, 11, 18);

    [Theory]
    [InlineData("help", typeof(Command.Help))]
    [InlineData("  HELP!  ", typeof(Command.Help))]
    [InlineData("ＨＥＬＰ", typeof(Command.Help))]
    [InlineData("帮助", typeof(Command.Help))]
    [InlineData("<at>OkrBot</at> help", typeof(Command.Help))]
    [InlineData("", typeof(Command.Help))]
    [InlineData("My OKRs", typeof(Command.MyOkrs))]
    [InlineData("我的ＯＫＲ", typeof(Command.MyOkrs))]
    [InlineData("我的目标", typeof(Command.MyOkrs))]
    [InlineData("Check in", typeof(Command.CheckIn))]
    [InlineData("check-in", typeof(Command.CheckIn))]
    [InlineData("打卡", typeof(Command.CheckIn))]
    [InlineData("my team", typeof(Command.MyTeam))]
    [InlineData("我的团队", typeof(Command.MyTeam))]
    [InlineData("back", typeof(Command.Back))]
    [InlineData("我回来了", typeof(Command.Back))]
    [InlineData("Settings", typeof(Command.Settings))]
    [InlineData("设置", typeof(Command.Settings))]
    [InlineData("review", typeof(Command.Review))]
    [InlineData("Mid-cycle review", typeof(Command.Review))]
    [InlineData("复盘", typeof(Command.Review))]
    [InlineData("中期复盘。", typeof(Command.Review))]
    [InlineData("<at>OkrBot</at> ＲＥＶＩＥＷ", typeof(Command.Review))]
    [InlineData("score", typeof(Command.Score))]
    [InlineData("Scoring!", typeof(Command.Score))]
    [InlineData("评分", typeof(Command.Score))]
    [InlineData("打分", typeof(Command.Score))]
    [InlineData("ＯＫＲ评分", typeof(Command.Score))]
    [InlineData("what is the weather", typeof(Command.Unknown))]
    [InlineData("DROP TABLE people;", typeof(Command.Unknown))]
    public void Commands_are_recognised_in_english_and_chinese_whatever_the_case_and_width(string text, Type expected)
    {
        Assert.IsType(expected, Commands.Parse(text, Today));
    }

    [Theory]
    [InlineData("away until 2026-12-04", 2026, 12, 4)]
    [InlineData("Away 2026/12/4", 2026, 12, 4)]
    [InlineData("away until 12-04", 2026, 12, 4)]
    [InlineData("away until 01-05", 2027, 1, 5)]
    [InlineData("请假到 12月4日", 2026, 12, 4)]
    [InlineData("请假到2027年1月5日", 2027, 1, 5)]
    [InlineData("ＡＷＡＹ ＵＮＴＩＬ ２０２６－１２－０４", 2026, 12, 4)]
    public void Away_takes_a_date_in_either_language_and_a_month_and_day_means_the_next_such_day(string text, int y, int m, int d)
    {
        var away = Assert.IsType<Command.AwayUntil>(Commands.Parse(text, Today));
        Assert.Equal(new DateOnly(y, m, d), away.Until);
    }

    [Theory]
    [InlineData("away until someday")]
    [InlineData("away until 2026-13-45")]
    public void Away_with_a_date_that_is_not_a_date_is_not_understood(string text)
    {
        Assert.IsType<Command.Unknown>(Commands.Parse(text, Today));
    }

    [Theory]
    [InlineData("time zone Europe/Berlin", "Europe/Berlin")]
    [InlineData("timezone: America/New_York", "America/New_York")]
    [InlineData("时区 Asia/Shanghai", "Asia/Shanghai")]
    [InlineData("tz utc", "utc")]
    public void The_time_zone_setting_keeps_the_zone_as_typed(string text, string zone)
    {
        Assert.Equal(zone, Assert.IsType<Command.SetTimeZone>(Commands.Parse(text, Today)).TimeZone);
    }

    [Theory]
    [InlineData("check-in day friday", DayOfWeek.Friday)]
    [InlineData("checkin day Mon", DayOfWeek.Monday)]
    [InlineData("签到日 周四", DayOfWeek.Thursday)]
    [InlineData("打卡日：星期天", DayOfWeek.Sunday)]
    public void The_check_in_day_setting_takes_a_day_in_either_language(string text, DayOfWeek day)
    {
        Assert.Equal(day, Assert.IsType<Command.SetCheckInDay>(Commands.Parse(text, Today)).Day);
    }

    [Theory]
    [InlineData("okrs of Grace Liu", "Grace Liu")]
    [InlineData("Maria's OKRs", "Maria")]
    [InlineData("show Tom Becker's okrs", "Tom Becker")]
    [InlineData("查看王芳的OKR", "王芳")]
    [InlineData("张伟的 okr", "张伟")]
    public void A_colleagues_okrs_are_asked_for_by_name_and_the_name_keeps_its_case(string text, string name)
    {
        Assert.Equal(name, Assert.IsType<Command.ColleagueOkrs>(Commands.Parse(text, Today)).Name);
    }

    [Fact]
    public void Very_long_input_is_not_understood_and_is_cut_before_it_is_echoed()
    {
        var unknown = Assert.IsType<Command.Unknown>(Commands.Parse(new string('x', 10_000), Today));
        Assert.Equal(Commands.MaxLength, unknown.Text.Length);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void Every_command_the_help_card_shows_is_one_the_bot_understands(string language)
    {
        var text = language == "zh" ? OkrBot.Core.Messages.Texts.BotText.Chinese : OkrBot.Core.Messages.Texts.BotText.English;

        Assert.All(text.HelpEntries, entry => Assert.IsNotType<Command.Unknown>(Commands.Parse(entry.Command, Today)));
        // Each entry names a different command, so none of them is a typo that fell back to help.
        Assert.Equal(text.HelpEntries.Count, text.HelpEntries.Select(e => Commands.Parse(e.Command, Today).GetType()).Distinct().Count());
    }

    [Theory]
    [InlineData("win: the onboarding guide is live", "the onboarding guide is live")]
    [InlineData("Small win - Shipped the Berlin pilot!", "Shipped the Berlin pilot")]
    [InlineData("WIN   Fixed the flaky build", "Fixed the flaky build")]
    [InlineData("小而美：新版入职指南上线了", "新版入职指南上线了")]
    [InlineData("小而美 新版入职指南上线了", "新版入职指南上线了")]
    [InlineData("小成就新版入职指南上线了", "新版入职指南上线了")]
    [InlineData("<at>OkrBot</at> win: Demo went well", "Demo went well")]
    [InlineData("win", "")]
    [InlineData("小而美", "")]
    public void A_small_win_keeps_what_was_typed_after_the_keyword(string text, string expected)
    {
        var win = Assert.IsType<Command.SmallWin>(Commands.Parse(text, Today));
        Assert.Equal(expected, win.Text);
    }

    [Theory]
    [InlineData("windows is broken")]
    [InlineData("winston's okrs")]
    public void Words_that_only_start_like_win_are_not_small_wins(string text) =>
        Assert.IsNotType<Command.SmallWin>(Commands.Parse(text, Today));
}
