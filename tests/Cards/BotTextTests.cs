using System.Reflection;
using System.Text.RegularExpressions;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Tests.Cards;

public sealed partial class BotTextTests
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-TW")]
    [InlineData("zh-Hans")]
    [InlineData("zh")]
    [InlineData("ZH-cn")]
    [InlineData("zh_CN")]
    public void Chinese_locales_get_chinese(string locale)
    {
        Assert.IsType<ChineseText>(BotText.For(locale));
        Assert.Equal("可控", BotText.For(locale).Status(KrStatus.OnTrack));
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    [InlineData("de-DE")]
    [InlineData("ja-JP")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not a locale")]
    [InlineData("zhx")]
    public void Every_other_locale_gets_english(string? locale) => Assert.IsType<EnglishText>(BotText.For(locale));

    public static TheoryData<string> Languages() => new() { "en", "zh" };

    /// <summary>
    /// Every text member, called with every value of every enum it takes: a member a language forgot to write, an
    /// enum member a switch forgot, or a Chinese text left in English fails here.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_text_is_written_for_every_case_in_the_language_it_claims(string language)
    {
        var text = language == "zh" ? BotText.Chinese : BotText.English;
        var other = language == "zh" ? BotText.English : BotText.Chinese;
        var checkedTexts = 0;

        foreach (var (member, value, otherValue) in AllTexts(text, other, language))
        {
            checkedTexts++;
            Assert.False(string.IsNullOrWhiteSpace(value), $"{language} {member} is empty");
            Assert.NotEqual(otherValue, value);
            if (language == "zh")
            {
                Assert.True(value.Any(IsCjk), $"{member} has no Chinese: {value}");
                Assert.False(AllowedLatin().Replace(value, "").Any(char.IsAsciiLetter), $"{member} has English in it: {value}");
            }
            else
            {
                Assert.False(value.Any(IsCjk), $"{member} has Chinese in it: {value}");
            }
        }
        Assert.True(checkedTexts > 120, $"Only {checkedTexts} texts were checked: is the reflection still finding them?");
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_status_and_notice_kind_has_its_own_name(string language)
    {
        var text = BotText.For(language);

        Assert.Equal(3, Enum.GetValues<KrStatus>().Select(text.Status).Distinct().Count());
        Assert.Equal(4, Enum.GetValues<NoticeKind>().Select(text.NoticeTitle).Distinct().Count());
        Assert.Equal(3, Enum.GetValues<OkrListSubject>().Select(s => text.OkrListTitle(s, "x")).Distinct().Count());
    }

    [Fact]
    public void The_status_names_are_the_products_chinese_terms()
    {
        Assert.Equal(["可控", "有风险", "失控"], Enum.GetValues<KrStatus>().Select(BotText.Chinese.Status));
        Assert.Equal(["On track", "At risk", "Off track"], Enum.GetValues<KrStatus>().Select(BotText.English.Status));
    }

    /// <summary>The services name the field at fault; each field they use must have a sentence of its own, not the code's general one.</summary>
    [Fact]
    public void Every_refusal_field_the_services_use_has_its_own_text_in_both_languages()
    {
        var services = Path.Combine(NodeCardValidator.ScriptDirectory, "..", "..", "core", "Services");
        var source = string.Concat(Directory.GetFiles(services, "*.cs").Select(File.ReadAllText));
        var refusals = ServiceRefusal().Matches(source)
            .Select(m => (Code: Enum.Parse<OkrErrorCode>(m.Groups["code"].Value), Field: m.Groups["field"].Value))
            .Distinct().ToList();

        Assert.True(refusals.Count >= 15, $"Only {refusals.Count} refusals with a field found in core/Services: {string.Join(", ", refusals)}");
        Assert.Contains((OkrErrorCode.Invalid, "confidence"), refusals);
        Assert.Contains((OkrErrorCode.NotFound, "cycle"), refusals);
        foreach (var text in new[] { BotText.English, BotText.Chinese })
        {
            foreach (var (code, field) in refusals)
                Assert.True(text.Refusal(code, field) != text.Refusal(code, "no-such-field"), $"{text.Language}: {code} {field} has no text of its own");
        }
    }

    [Fact]
    public void Every_refusal_code_has_a_text_and_none_repeats_the_services_english()
    {
        foreach (var code in Enum.GetValues<OkrErrorCode>())
        {
            var error = new OkrError(code, "The service's own sentence.");
            Assert.NotEqual(BotText.English.Refusal(error), BotText.Chinese.Refusal(error));
            Assert.NotEqual(error.Message, BotText.English.Refusal(error));
            Assert.Contains(BotText.Chinese.Refusal(error), IsCjk);
        }
    }

    [Fact]
    public void Numbers_dates_and_values_are_written_the_way_each_language_writes_them()
    {
        var en = BotText.For("en-US");
        var zh = BotText.For("zh-CN");
        var week = new DateOnly(2026, 11, 16);

        Assert.Equal(("16 Nov 2026", "2026年11月16日"), (en.Date(week), zh.Date(week)));
        Assert.Equal(("1,234.5", "1,234.5"), (en.Number(1234.50m), zh.Number(1234.50m)));
        Assert.Equal(("63%", "0%", "100%"), (en.Percent(0.625m), en.Percent(0m), zh.Percent(1m)));
        Assert.Equal(("3.2 s", "3.2秒", "40 NPS", "40家"),
            (en.Value(KeyResultKind.Metric, 3.2m, "s"), zh.Value(KeyResultKind.Metric, 3.2m, "秒"), zh.Value(KeyResultKind.Metric, 40, "NPS"), zh.Value(KeyResultKind.Metric, 40, "家")));
        Assert.Equal(("62.5%", "Done", "未完成", "12,000"),
            (en.Value(KeyResultKind.Percentage, 62.5m, "%"), en.Value(KeyResultKind.Milestone, 1, null), zh.Value(KeyResultKind.Milestone, 0, null), en.Value(KeyResultKind.Metric, 12000, null)));
        Assert.Equal("1 key result updated for the week of 16 Nov 2026. Thank you!", en.CheckInDoneSummary(1, week));
        // English texts for a German reader: English numbers and dates, not a mix.
        Assert.Equal(("1,234.5", "16 Nov 2026"), (BotText.For("de-DE").Number(1234.5m), BotText.For("de-DE").Date(week)));
        Assert.Equal("16 Nov 2026", BotText.For("en-GB").Date(week));
    }

    [Fact]
    public void Card_data_round_trips_through_the_verbs_parsers()
    {
        var ids = new[] { CardSamples.Id(1), CardSamples.Id(2) };
        var action = CardVerbs.CheckInSubmitAction(new DateOnly(2026, 11, 16), ids);

        Assert.True(CardVerbs.TryParseWeek(action.Data[CardVerbs.WeekKey], out var week));
        Assert.Equal(new DateOnly(2026, 11, 16), week);
        Assert.Equal(ids, CardVerbs.ParseKeyResultIds(action.Data[CardVerbs.KeyResultsKey]));
        Assert.Empty(CardVerbs.ParseKeyResultIds("not-an-id," + ids[0]));
        Assert.False(CardVerbs.TryParseStatus("1", out _));
        Assert.False(CardVerbs.TryParseStatus("onTrack", out _));
        Assert.True(CardVerbs.TryParseStatus("OffTrack", out var status) && status == KrStatus.OffTrack);
        Assert.True(CardVerbs.TryParseNumber("97.5", out var number) && number == 97.5m);
        Assert.False(CardVerbs.TryParseWeek("16/11/2026", out _));
        Assert.Equal(CardVerbs.All.Count, CardVerbs.All.Distinct().Count());
        var keysAndInputs = new[] { CardVerbs.VerbKey, CardVerbs.KeyResultKey, CardVerbs.KeyResultsKey, CardVerbs.WeekKey, CardVerbs.BlockersInput, CardVerbs.ReasonInput, CardVerbs.RiskStatusInput };
        Assert.Equal(keysAndInputs.Length, keysAndInputs.Distinct().Count());
    }

    private static IEnumerable<(string Member, string Value, string OtherValue)> AllTexts(BotText text, BotText other, string language)
    {
        var name = language == "zh" ? "王芳" : "Alex";
        var otherName = language == "zh" ? "Alex" : "王芳";
        // Language is a code (en, zh), not a text people read.
        foreach (var property in typeof(BotText).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetMethod!.IsAbstract && p.Name != nameof(BotText.Language)))
        {
            var value = property.GetValue(text);
            var otherValue = property.GetValue(other);
            if (value is string s)
            {
                yield return (property.Name, s, (string)otherValue!);
            }
            else if (value is IReadOnlyList<HelpEntry> entries)
            {
                var otherEntries = (IReadOnlyList<HelpEntry>)otherValue!;
                Assert.Equal(otherEntries.Count, entries.Count);
                for (var i = 0; i < entries.Count; i++)
                {
                    yield return ($"{property.Name}[{i}].Command", entries[i].Command, otherEntries[i].Command);
                    yield return ($"{property.Name}[{i}].Description", entries[i].Description, otherEntries[i].Description);
                }
            }
        }
        foreach (var method in typeof(BotText).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.IsAbstract && !m.IsSpecialName))
        {
            foreach (var arguments in Arguments(method.GetParameters(), name))
            {
                var value = (string)method.Invoke(text, arguments)!;
                var otherValue = (string)method.Invoke(other, arguments.Select(a => a is string s && s == name ? otherName : a).ToArray())!;
                yield return ($"{method.Name}({string.Join(", ", arguments)})", value, otherValue);
            }
        }
    }

    /// <summary>Every combination of enum values and booleans; one sample for the rest.</summary>
    private static IEnumerable<object?[]> Arguments(ParameterInfo[] parameters, string name)
    {
        IEnumerable<object?[]> combos = [[]];
        foreach (var parameter in parameters)
        {
            var type = parameter.ParameterType;
            object?[] values = type switch
            {
                _ when type.IsEnum => Enum.GetValues(type).Cast<object?>().ToArray(),
                _ when type == typeof(bool) => [true, false],
                _ when type == typeof(int) => [1, 3],
                _ when type == typeof(DateOnly) => [new DateOnly(2026, 11, 16)],
                _ when type == typeof(DateOnly?) => [null, new DateOnly(2026, 12, 4)],
                _ when type == typeof(DayOfWeek?) => [null, DayOfWeek.Friday],
                _ when type == typeof(IReadOnlyList<string>) => [Array.Empty<string>(), new[] { name }, new[] { name, name }],
                _ when type == typeof(string) && parameter.Name == "timeZone" => ["Asia/Shanghai"],
                _ when type == typeof(string) && parameter.Name == "field" => [null, "value", "reason", "keyResultId", "cycle", "actor"],
                _ when type == typeof(string) => [name],
                _ => throw new InvalidOperationException($"No sample for {type.Name} {parameter.Name}"),
            };
            combos = combos.SelectMany(c => values.Select(v => c.Append(v).ToArray())).ToList();
        }
        return combos;
    }

    private static bool IsCjk(char c) => c is >= '\u3000' and <= '\u9fff' or >= '\uff00' and <= '\uffef';

    /// <summary>Names that stay Latin in Chinese text: the product, and IANA time zone ids a person types as they are.</summary>
    [GeneratedRegex(@"OkrBot|OKR|Teams|\b[A-Z][a-z]+/[A-Za-z_]+\b")]
    internal static partial Regex AllowedLatin();

    /// <summary><c>OkrErrorCode.X, &lt;message&gt;, "field")</c> within one statement of core/Services.</summary>
    [GeneratedRegex(@"OkrErrorCode\.(?<code>\w+)\s*,(?:(?!OkrErrorCode\.|;\s*\n).)*?,\s*""(?<field>[A-Za-z]+)""\s*\)", RegexOptions.Singleline)]
    private static partial Regex ServiceRefusal();
}
