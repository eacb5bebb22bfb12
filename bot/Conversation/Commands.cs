using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OkrBot.Bot.Conversation;

/// <summary>What a typed message asks for. Channel-neutral: Teams and Feishu text both land here.</summary>
public abstract record Command
{
    public sealed record Help : Command;
    public sealed record MyOkrs : Command;
    public sealed record CheckIn : Command;
    /// <summary>The mid-cycle review of one's own KRs (keep, adjust, drop).</summary>
    public sealed record Review : Command;
    /// <summary>Scoring one's own KRs at the end of the cycle.</summary>
    public sealed record Score : Command;
    public sealed record MyTeam : Command;
    public sealed record ColleagueOkrs(string Name) : Command;
    public sealed record AwayUntil(DateOnly Until) : Command;
    public sealed record Back : Command;
    public sealed record Settings : Command;
    public sealed record SetTimeZone(string TimeZone) : Command;
    public sealed record SetCheckInDay(DayOfWeek Day) : Command;
    /// <summary>A small achievement for the team digest (小而美); empty when only the keyword was typed.</summary>
    public sealed record SmallWin(string Text) : Command;
    /// <summary>Drafting a new objective with its key results.</summary>
    public sealed record NewObjective : Command;
    /// <summary>The person's draft objectives.</summary>
    public sealed record MyDrafts : Command;
    /// <summary>Anything else: answered with a short help card, never with silence.</summary>
    public sealed record Unknown(string Text) : Command;
}

/// <summary>
/// Reads typed commands in English and Chinese. Case- and width-insensitive (ＨＥＬＰ, help and Help are one),
/// tolerant of @-mentions and punctuation around them.
/// </summary>
public static partial class Commands
{
    public const int MaxLength = 500;

    public static Command Parse(string? text, DateOnly today)
    {
        var input = Normalize(text);
        if (input.Length == 0) return new Command.Help();
        if (input.Length > MaxLength) return new Command.Unknown(input[..MaxLength]);

        if (input is "help" or "?" or "？" or "帮助" or "help me" or "hi" or "hello" or "你好" or "菜单") return new Command.Help();
        if (input is "my okrs" or "my okr" or "okrs" or "okr" or "my goals" or "我的okr" or "我的目标" or "我的 okr") return new Command.MyOkrs();
        if (input is "check in" or "checkin" or "check-in" or "update" or "打卡" or "签到" or "更新" or "更新进度" or "更新进展" or "周报") return new Command.CheckIn();
        if (input is "review" or "mid-cycle review" or "midcycle review" or "mid cycle review" or "review my okrs" or "review okrs"
            or "复盘" or "中期复盘" or "期中复盘" or "okr复盘" or "okr 复盘") return new Command.Review();
        if (input is "score" or "scoring" or "score my okrs" or "score okrs" or "score my key results"
            or "评分" or "打分" or "期末评分" or "okr评分" or "okr 评分") return new Command.Score();
        if (input is "my team" or "team" or "team okrs" or "我的团队" or "团队" or "团队okr") return new Command.MyTeam();
        if (input is "back" or "i'm back" or "im back" or "i am back" or "回来了" or "我回来了" or "销假") return new Command.Back();
        if (input is "settings" or "setting" or "设置") return new Command.Settings();
        if (input is "new objective" or "new okr" or "create objective" or "draft objective" or "add objective" or "new goal"
            or "新建目标" or "新目标" or "创建目标" or "新建okr" or "起草目标" or "写okr") return new Command.NewObjective();
        if (input is "my drafts" or "drafts" or "draft" or "my draft" or "草稿" or "我的草稿" or "草稿箱") return new Command.MyDrafts();

        if (SmallWinPattern().Match(input) is { Success: true } win)
            return new Command.SmallWin(win.Groups["text"].Success ? RestoreCase(text!, win.Groups["text"].Value) : "");
        if (AwayPattern().Match(input) is { Success: true } away)
            return ParseDate(away.Groups["date"].Value, today) is { } until ? new Command.AwayUntil(until) : new Command.Unknown(input);
        if (TimeZonePattern().Match(input) is { Success: true } zone)
            return new Command.SetTimeZone(RestoreCase(text!, zone.Groups["zone"].Value));
        if (CheckInDayPattern().Match(input) is { Success: true } day)
            return ParseDay(day.Groups["day"].Value) is { } d ? new Command.SetCheckInDay(d) : new Command.Unknown(input);
        if (ColleaguePattern().Match(input) is { Success: true } colleague)
            return new Command.ColleagueOkrs(RestoreCase(text!, colleague.Groups["name"].Value));

        return new Command.Unknown(input);
    }

    /// <summary>Width-folded (NFKC), lower-case, mentions and surrounding punctuation removed, spaces collapsed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var folded = MentionPattern().Replace(text, " ").Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        folded = SpacePattern().Replace(folded, " ").Trim().Trim('.', '!', '。', '！', ',', '，', ' ');
        return folded;
    }

    /// <summary>Names and zones keep the case the person typed (NFKC-folded), though matching ignored it.</summary>
    private static string RestoreCase(string original, string lowered)
    {
        var folded = SpacePattern().Replace(MentionPattern().Replace(original, " ").Normalize(NormalizationForm.FormKC), " ").Trim();
        var at = folded.ToLowerInvariant().LastIndexOf(lowered, StringComparison.Ordinal);
        return at >= 0 ? folded.Substring(at, lowered.Length).Trim() : lowered.Trim();
    }

    private static DateOnly? ParseDate(string text, DateOnly today)
    {
        text = text.Trim();
        string[] full = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日", "yyyy年M月d号"];
        if (DateOnly.TryParseExact(text, full, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        string[] monthDay = ["MM-dd", "M-d", "M/d", "MM/dd", "M月d日", "M月d号"];
        if (DateOnly.TryParseExact($"{today.Year}-{text}", monthDay.Select(f => "yyyy-" + f).ToArray(), CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            // "12-04" in November means this year; "01-05" in December means next year.
            return date < today ? date.AddYears(1) : date;
        return null;
    }

    private static DayOfWeek? ParseDay(string text) => text.Trim() switch
    {
        "monday" or "mon" or "周一" or "星期一" or "礼拜一" => DayOfWeek.Monday,
        "tuesday" or "tue" or "周二" or "星期二" or "礼拜二" => DayOfWeek.Tuesday,
        "wednesday" or "wed" or "周三" or "星期三" or "礼拜三" => DayOfWeek.Wednesday,
        "thursday" or "thu" or "周四" or "星期四" or "礼拜四" => DayOfWeek.Thursday,
        "friday" or "fri" or "周五" or "星期五" or "礼拜五" => DayOfWeek.Friday,
        "saturday" or "sat" or "周六" or "星期六" or "礼拜六" => DayOfWeek.Saturday,
        "sunday" or "sun" or "周日" or "星期日" or "星期天" or "礼拜天" => DayOfWeek.Sunday,
        _ => null,
    };

    [GeneratedRegex(@"<at>[^<]*</at>|@\S+", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();

    [GeneratedRegex(@"^(?:away(?: until| till| to)?|ooo(?: until)?|out of office(?: until)?|请假到|休假到|请假至|休假至|外出到)\s*(?<date>.+)$")]
    private static partial Regex AwayPattern();

    [GeneratedRegex(@"^(?:(?:small win|win)(?:\s*[:：\-]\s*|\s+|$)|(?:小而美|小成就|小胜利)[:：\-\s]*)(?<text>.+)?$")]
    private static partial Regex SmallWinPattern();

    [GeneratedRegex(@"^(?:time ?zone|tz|时区)\s*[:：=]?\s*(?<zone>[a-z_]+(?:/[a-z_+\-0-9]+)+|utc)$")]
    private static partial Regex TimeZonePattern();

    [GeneratedRegex(@"^(?:check-?in day|checkin day|签到日|打卡日)\s*[:：=]?\s*(?<day>\S+)$")]
    private static partial Regex CheckInDayPattern();

    [GeneratedRegex(@"^(?:okrs? (?:of|for)\s+(?<name>.+)|show\s+(?<name>.+?)(?:'s|’s)? okrs?|(?<name>.+?)(?:'s|’s) okrs?|查看\s*(?<name>.+?)\s*的\s*okr|(?<name>.+?)\s*的\s*okr)$")]
    private static partial Regex ColleaguePattern();
}
