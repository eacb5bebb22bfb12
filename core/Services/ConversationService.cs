using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;

namespace OkrBot.Core.Services;

/// <summary>The parts of a conversation reference a channel hands over when it captures one.</summary>
public sealed record ConversationAddress(
    string ConversationId, string? ServiceUrl = null, string? ChannelId = null, string? ConversationType = null, string? BotId = null);

/// <summary>A captured reference, and whether it is new (first install) or changed (reinstall, moved service URL).</summary>
public sealed record CapturedConversation(ConversationReference Reference, bool IsNew, bool Changed);

/// <summary>
/// Conversation references: persisted, never held in memory, so the rhythm can reach people after any restart and
/// from any node.
/// </summary>
public sealed class ConversationService(OkrDatabase database, TimeProvider clock)
{
    /// <summary>Stores (or refreshes) where to reach a person, and makes it active again.</summary>
    /// <param name="stored">The reference as it was read with the person (<see cref="Registration.Conversation"/>), if it
    /// was: when the address changes nothing in it (every message but the first), nothing is read or written.</param>
    public Task<Result<CapturedConversation>> CaptureAsync(
        Person person, Channel channel, ConversationAddress address, CancellationToken ct = default, ConversationReference? stored = null)
    {
        if (string.IsNullOrWhiteSpace(address.ConversationId) || address.ConversationId.Length > OkrModel.UrlLength || Text.HasControl(address.ConversationId))
            return Task.FromResult(Result<CapturedConversation>.Fail(OkrErrorCode.Invalid, "The conversation id is missing or too long.", "conversationId"));
        if (address.ServiceUrl is { Length: > OkrModel.UrlLength })
            return Task.FromResult(Result<CapturedConversation>.Fail(OkrErrorCode.Invalid, "The service URL is too long.", "serviceUrl"));

        if (stored is not null && Unchanged(stored, person, channel, address))
            return Task.FromResult(Result<CapturedConversation>.Ok(new CapturedConversation(stored, false, false)));

        return Conflicts.RetryAsync<CapturedConversation>(async () =>
        {
            await using var db = database.Open(person.Id);
            var now = clock.GetUtcNow();
            var reference = await db.ConversationReferences.FirstOrDefaultAsync(c => c.PersonId == person.Id && c.Channel == channel, ct);
            if (reference is null)
            {
                reference = new ConversationReference
                {
                    TenantId = person.TenantId, PersonId = person.Id, Channel = channel, ConversationId = address.ConversationId,
                    UserId = person.ExternalId, CapturedAt = now,
                };
                db.ConversationReferences.Add(reference);
            }
            var isNew = db.Entry(reference).State == EntityState.Added;
            reference.ConversationId = address.ConversationId;
            reference.ServiceUrl = address.ServiceUrl;
            reference.ChannelId = ChannelIdOf(address);
            reference.ConversationType = ConversationTypeOf(address);
            reference.BotId = BotIdOf(address);
            reference.UserId = person.ExternalId;
            reference.IsActive = true;
            reference.InactiveReason = null;
            db.ChangeTracker.DetectChanges();
            // Every message re-captures; only a real change (or a new reference) is worth a write.
            var changed = isNew || db.Entry(reference).Properties.Any(p => p.IsModified);
            if (!changed) return new CapturedConversation(reference, false, false);
            reference.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return new CapturedConversation(reference, isNew, true);
        }, ct);
    }

    /// <summary>Whether capturing <paramref name="address"/> would leave <paramref name="reference"/> as it is (the write above sets these).</summary>
    private static bool Unchanged(ConversationReference reference, Person person, Channel channel, ConversationAddress address) =>
        reference.PersonId == person.Id && reference.Channel == channel && reference.IsActive && reference.InactiveReason is null
        && reference.ConversationId == address.ConversationId && reference.ServiceUrl == address.ServiceUrl
        && reference.ChannelId == ChannelIdOf(address) && reference.ConversationType == ConversationTypeOf(address)
        && reference.BotId == BotIdOf(address) && reference.UserId == person.ExternalId;

    private static string? ChannelIdOf(ConversationAddress address) => Text.Bounded(address.ChannelId, 64);

    private static string? ConversationTypeOf(ConversationAddress address) => Text.Bounded(address.ConversationType, 32);

    private static string? BotIdOf(ConversationAddress address) => Text.Bounded(address.BotId, OkrModel.NameLength);

    /// <summary>The person removed the bot: forget where to reach them. Returns whether there was anything to drop.</summary>
    public async Task<bool> DropAsync(Person person, Channel channel, CancellationToken ct = default)
    {
        await using var db = database.Open(person.Id);
        var reference = await db.ConversationReferences.FirstOrDefaultAsync(c => c.PersonId == person.Id && c.Channel == channel, ct);
        if (reference is null) return false;
        db.ConversationReferences.Remove(reference);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The messenger said the person cannot be reached (blocked, removed): stop sending until they come back.</summary>
    public async Task<bool> MarkInactiveAsync(Guid personId, Channel channel, string reason, CancellationToken ct = default)
    {
        await using var db = database.Open();
        var reference = await db.ConversationReferences.FirstOrDefaultAsync(c => c.PersonId == personId && c.Channel == channel, ct);
        if (reference is null || !reference.IsActive) return false;
        reference.IsActive = false;
        reference.InactiveReason = Text.Bounded(reason, OkrModel.NameLength);
        reference.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The service URL most recently captured for anyone in the tenant on the channel: where to create a conversation with
    /// someone who never talked to the bot (a tenant's people share their region's Bot Connector). Null when there is none.
    /// </summary>
    public async Task<string?> RecentServiceUrlAsync(Guid tenantId, Channel channel, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.ConversationReferences.AsNoTracking()
            .Where(c => c.TenantId == tenantId && c.Channel == channel && c.ServiceUrl != null)
            .OrderByDescending(c => c.UpdatedAt)
            .Select(c => c.ServiceUrl)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Where to reach a person on a channel, active or not; null when they never installed the bot.</summary>
    public async Task<ConversationReference?> FindAsync(Guid tenantId, Guid personId, Channel channel, CancellationToken ct = default)
    {
        await using var db = database.Open();
        return await db.ConversationReferences.AsNoTracking()
            .FirstOrDefaultAsync(c => c.TenantId == tenantId && c.PersonId == personId && c.Channel == channel, ct);
    }
}
