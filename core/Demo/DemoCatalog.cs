using OkrBot.Core.Model;

namespace OkrBot.Core.Demo;

/// <summary>The sample organisation: a tea company with three teams, twelve people, OKRs in English and Chinese.</summary>
internal static class DemoCatalog
{
    public const string TenantExternalId = "demo-northwind-tea";
    public const string TenantName = "Northwind Tea Co. 北风茶业";

    public sealed record PersonSeed(string Key, string Name, string Team, string? Manager, string TimeZone, string Locale);

    public sealed record KrSeed(string Title, KeyResultKind Kind, Direction Direction, decimal Start, decimal Target, string? Unit, decimal Weight = 1m);

    /// <param name="Owner">A person key, or "team:Name" for a team objective.</param>
    /// <param name="Parent">The title of the objective this one aligns to.</param>
    public sealed record ObjectiveSeed(string Owner, string Title, string? Parent, Visibility Visibility, params KrSeed[] KeyResults);

    public static readonly string[] Teams = ["Product", "Sales", "Customer Success"];

    /// <summary>Team leads are named by the first member of each team listed with Manager "grace".</summary>
    public static readonly PersonSeed[] People =
    [
        new("grace", "Grace Liu 刘思雨", "", null, "Asia/Shanghai", "zh-CN"),
        new("daniel", "Daniel Weber", "Product", "grace", "Europe/Berlin", "en-US"),
        new("alex", "Alex Chen", "Product", "daniel", "Asia/Singapore", "en-US"),
        new("wangfang", "王芳 Wang Fang", "Product", "daniel", "Asia/Shanghai", "zh-CN"),
        new("priya", "Priya Nair", "Product", "daniel", "Europe/London", "en-GB"),
        new("zhangwei", "张伟 Zhang Wei", "Sales", "grace", "Asia/Shanghai", "zh-CN"),
        new("maria", "Maria Garcia", "Sales", "zhangwei", "America/New_York", "en-US"),
        new("lina", "李娜 Li Na", "Sales", "zhangwei", "Asia/Shanghai", "zh-CN"),
        new("tom", "Tom Becker", "Sales", "zhangwei", "Europe/Berlin", "en-US"),
        new("sarah", "Sarah Johnson", "Customer Success", "grace", "America/New_York", "en-US"),
        new("chenjing", "陈静 Chen Jing", "Customer Success", "sarah", "Asia/Shanghai", "zh-CN"),
        new("omar", "Omar Haddad", "Customer Success", "sarah", "America/Chicago", "en-US"),
    ];

    /// <summary>The order in which newcomers are given a person to play: first someone with a manager and OKRs of their own.</summary>
    public static readonly string[] PersonaOrder = ["alex", "wangfang", "maria", "lina", "priya", "tom", "chenjing", "omar", "daniel", "zhangwei", "sarah", "grace"];

    private const string CompanyObjective = "Become the tea brand customers recommend to friends";

    public static readonly ObjectiveSeed[] Objectives =
    [
        new("grace", CompanyObjective, null, Visibility.Public,
            new("Raise NPS from 32 to 50", KeyResultKind.Metric, Direction.Increase, 32, 50, "NPS", 2),
            new("Repeat purchase rate from 28% to 40%", KeyResultKind.Percentage, Direction.Increase, 28, 40, "%"),
            new("Launch the loyalty programme in all stores", KeyResultKind.Milestone, Direction.Increase, 0, 1, null)),
        new("team:Product", "Ship a mobile ordering experience people love", CompanyObjective, Visibility.Public,
            new("App store rating from 3.9 to 4.6", KeyResultKind.Metric, Direction.Increase, 3.9m, 4.6m, "★"),
            new("Median checkout time from 95 s to 45 s", KeyResultKind.Metric, Direction.Decrease, 95, 45, "s"),
            new("Weekly active users from 12,000 to 30,000", KeyResultKind.Metric, Direction.Increase, 12000, 30000, "users")),
        new("alex", "Make checkout effortless", "Ship a mobile ordering experience people love", Visibility.Public,
            new("Cut checkout steps from 7 to 3", KeyResultKind.Metric, Direction.Decrease, 7, 3, "steps"),
            new("Crash-free sessions from 97.5% to 99.5%", KeyResultKind.Percentage, Direction.Increase, 97.5m, 99.5m, "%"),
            new("Ship Apple Pay and WeChat Pay", KeyResultKind.Milestone, Direction.Increase, 0, 1, null)),
        new("wangfang", "提升应用性能，让点单更流畅", "Ship a mobile ordering experience people love", Visibility.Public,
            new("首页加载时间从 3.2 秒降到 1.5 秒", KeyResultKind.Metric, Direction.Decrease, 3.2m, 1.5m, "秒"),
            new("性能回归测试覆盖率从 40% 提升到 85%", KeyResultKind.Percentage, Direction.Increase, 40, 85, "%")),
        new("priya", "Understand why customers stop ordering", "Ship a mobile ordering experience people love", Visibility.Public,
            new("Interview 20 churned customers", KeyResultKind.Metric, Direction.Increase, 0, 20, "interviews"),
            new("Publish the churn report with three bets", KeyResultKind.Milestone, Direction.Increase, 0, 1, null)),
        new("daniel", "Grow two future team leads", null, Visibility.Private,
            new KrSeed("Run 12 mentoring sessions", KeyResultKind.Metric, Direction.Increase, 0, 12, "sessions")),
        new("team:Sales", "拓展华东市场，让更多门店卖我们的茶", CompanyObjective, Visibility.Public,
            new("新签约门店从 0 家增加到 40 家", KeyResultKind.Metric, Direction.Increase, 0, 40, "家"),
            new("季度销售额达到 1200 万元", KeyResultKind.Metric, Direction.Increase, 0, 1200, "万元", 2)),
        new("maria", "Grow US wholesale", "拓展华东市场，让更多门店卖我们的茶", Visibility.Public,
            new("Sign 15 new wholesale accounts", KeyResultKind.Metric, Direction.Increase, 0, 15, "accounts"),
            new("Build a qualified pipeline of $500k", KeyResultKind.Metric, Direction.Increase, 0, 500, "k USD")),
        new("lina", "提高老客户续约率", "拓展华东市场，让更多门店卖我们的茶", Visibility.Public,
            new KrSeed("续约率从 70% 提升到 85%", KeyResultKind.Percentage, Direction.Increase, 70, 85, "%")),
        new("tom", "Open the DACH region", "拓展华东市场，让更多门店卖我们的茶", Visibility.Public,
            new("Sign 3 distributors in Germany, Austria and Switzerland", KeyResultKind.Metric, Direction.Increase, 0, 3, "distributors"),
            new("Collect 120 qualified leads at trade fairs", KeyResultKind.Metric, Direction.Increase, 0, 120, "leads")),
        new("team:Customer Success", "Delight every customer who writes to us", CompanyObjective, Visibility.Public,
            new("First response time from 8 h to 2 h", KeyResultKind.Metric, Direction.Decrease, 8, 2, "h"),
            new("CSAT from 82% to 92%", KeyResultKind.Percentage, Direction.Increase, 82, 92, "%")),
        new("chenjing", "建立客户自助知识库", "Delight every customer who writes to us", Visibility.Public,
            new("发布 60 篇知识库文章", KeyResultKind.Metric, Direction.Increase, 0, 60, "篇"),
            new("工单自助解决率从 10% 提升到 30%", KeyResultKind.Percentage, Direction.Increase, 10, 30, "%")),
        new("omar", "Clear the support backlog", "Delight every customer who writes to us", Visibility.Public,
            new KrSeed("Open tickets from 340 to 100", KeyResultKind.Metric, Direction.Decrease, 340, 100, "tickets")),
    ];

    public static readonly string[] NotesEnglish =
    [
        "Good week, moving as planned.", "Blocked two days waiting on the payment provider.", "Ahead after the campaign.",
        "Slower than hoped: half the team was at the offsite.", "Steady progress.", "Found a quick win in the onboarding flow.",
    ];

    public static readonly string[] NotesChinese =
    [
        "本周进展顺利，按计划推进。", "等待供应商反馈，耽误了两天。", "活动效果好，进度超前。", "团队有人请假，进度偏慢。", "稳步推进中。",
    ];
}
