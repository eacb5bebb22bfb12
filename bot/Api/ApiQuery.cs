using System.Globalization;
using OkrBot.Core.Integrations;

namespace OkrBot.Bot.Api;

/// <summary>
/// An endpoint's query parameters, read by hand so that a malformed one is a 400 naming it (model binding would answer a
/// bare 400). Parameters the endpoint does not know are refused too, so a typo ("personid=") never silently widens a
/// list. Each reader returns the value (null when absent); <see cref="Problem"/> holds the first thing wrong.
/// </summary>
internal sealed class ApiQuery
{
    private const int MaxLength = 100;
    private readonly HttpRequest _request;

    public ApiQuery(HttpRequest request, params string[] known)
    {
        _request = request;
        foreach (var key in request.Query.Keys)
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var shown = key.Length > 64 ? key[..64] : key;
                Problem ??= ApiProblems.BadRequest(shown, known.Length == 0
                    ? "This endpoint takes no query parameters."
                    : $"Unknown query parameter \"{shown}\". Known: {string.Join(", ", known)}.");
            }
    }

    /// <summary>The first problem found, to answer instead of the endpoint's result.</summary>
    public IResult? Problem { get; private set; }

    public Guid? Id(string name)
    {
        if (Single(name) is not { } text) return null;
        if (Guid.TryParse(text, out var id)) return id;
        Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be an id (a UUID).");
        return null;
    }

    public int? Int(string name, int min, int max)
    {
        if (Single(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max) return number;
        Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be a whole number from {min} to {max}.");
        return null;
    }

    public bool Bool(string name)
    {
        if (Single(name) is not { } text) return false;
        if (bool.TryParse(text, out var value)) return value;
        Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be true or false.");
        return false;
    }

    /// <summary>An instant (RFC 3339, with its offset) or a date (midnight UTC of that date).</summary>
    public DateTimeOffset? Instant(string name)
    {
        if (Single(name) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return instant;
        Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" must be a date (2026-11-16) or an instant with its offset (2026-11-16T09:00:00Z).");
        return null;
    }

    public Paging Paging() =>
        new(Int("offset", 0, Core.Integrations.Paging.MaxOffset) ?? 0, Int("limit", 1, Core.Integrations.Paging.MaxLimit) ?? Core.Integrations.Paging.DefaultLimit);

    private string? Single(string name)
    {
        if (!_request.Query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1)
        {
            Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" may be given once.");
            return null;
        }
        var text = values.ToString();
        if (text.Length <= MaxLength) return text;
        Problem ??= ApiProblems.BadRequest(name, $"\"{name}\" is too long.");
        return null;
    }
}
