using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OkrBot.Core.Model;

namespace OkrBot.Core.Persistence;

// The audit trail is written here, on save, so that no service can change something and forget to record it.
public abstract partial class OkrDbContext
{
    // Deliveries and rate buckets are not audited: they are the rhythm's own bookkeeping, written dozens of times a
    // second during a fan-out, and a delivery row already records what happened to it (state, outcome, times). Feishu's
    // processed event ids are the inbound endpoint's bookkeeping, likewise.

    /// <summary>Bookkeeping columns whose changes say nothing to a person reading the trail.</summary>
    private static readonly HashSet<string> UnauditedFields = ["Version", "UpdatedAt", "Revision"];

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddAuditEntries();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddAuditEntries();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void AddAuditEntries()
    {
        ChangeTracker.DetectChanges();
        var now = Clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is AuditEntry or Delivery or RateBucket or FeishuEvent || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            var (tenantId, entityId) = Identify(entry);
            var entity = entry.Metadata.ClrType.Name;
            switch (entry.State)
            {
                case EntityState.Added:
                    entries.Add(Entry(AuditAction.Created, null, null, null));
                    break;
                case EntityState.Deleted:
                    entries.Add(Entry(AuditAction.Deleted, null, null, null));
                    break;
                default:
                    foreach (var p in entry.Properties.Where(p => p.IsModified && !UnauditedFields.Contains(p.Metadata.Name)))
                    {
                        var (old, @new) = (Format(p.OriginalValue), Format(p.CurrentValue));
                        if (old != @new) entries.Add(Entry(AuditAction.Changed, p.Metadata.Name, old, @new));
                    }
                    break;
            }

            AuditEntry Entry(AuditAction action, string? field, string? old, string? @new) => new()
            {
                TenantId = tenantId, ActorId = Actor, ActorKind = ActorKind, At = now, Entity = entity, EntityId = entityId,
                Action = action, Field = field, OldValue = old, NewValue = @new,
            };
        }
        AuditEntries.AddRange(entries);
    }

    private static (Guid TenantId, Guid EntityId) Identify(EntityEntry entry) => entry.Entity switch
    {
        Tenant t => (t.Id, t.Id),
        // A participant has no id of its own: it is a change of its KR.
        KeyResultParticipant p => (TenantOf(entry, p.KeyResultId), p.KeyResultId),
        _ => ((Guid)entry.Property("TenantId").CurrentValue!, (Guid)entry.Property("Id").CurrentValue!),
    };

    private static Guid TenantOf(EntityEntry entry, Guid keyResultId) =>
        entry.Context.ChangeTracker.Entries<KeyResult>().FirstOrDefault(k => k.Entity.Id == keyResultId)?.Entity.TenantId
        ?? entry.Context.Set<KeyResult>().Where(k => k.Id == keyResultId).Select(k => k.TenantId).FirstOrDefault();

    private static string? Format(object? value)
    {
        var text = value switch
        {
            null => null,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return text is { Length: > OkrModel.TextLength } ? text[..OkrModel.TextLength] : text;
    }
}
