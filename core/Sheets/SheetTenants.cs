using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Services;

namespace OkrBot.Core.Sheets;

/// <summary>The organisation an operator names on the command line: by id, by the messenger's id for it, or by name.</summary>
public static class SheetTenants
{
    public static async Task<Result<Tenant>> FindAsync(OkrDatabase database, string text, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var trimmed = text.Trim();
        if (Guid.TryParse(trimmed, out var id) && await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } byId)
            return byId;
        // Tenants are few; comparing names as people see them (width, case) is simplest in memory.
        var all = await db.Tenants.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var byExternalId = all.Where(t => string.Equals(t.ExternalId, trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = byExternalId.Count > 0 ? byExternalId : all.Where(t => SheetText.Key(t.Name) == SheetText.Key(trimmed)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => Result<Tenant>.Fail(OkrErrorCode.NotFound, all.Count == 0
                ? $"no organisation \"{trimmed}\": the store has none yet (one appears when its first person talks to the bot)."
                : $"no organisation \"{trimmed}\"; the store has {Listed(all)}.", "tenant"),
            _ => Result<Tenant>.Fail(OkrErrorCode.Invalid, $"\"{trimmed}\" names {matches.Count} organisations: {Listed(matches)}; use the id.", "tenant"),
        };
    }

    private static string Listed(IReadOnlyList<Tenant> tenants)
    {
        var shown = tenants.Take(10).Select(t => $"{t.Name} ({t.Channel}, id {t.Id})");
        return string.Join("; ", shown) + (tenants.Count > 10 ? $" and {tenants.Count - 10} more" : "");
    }
}
