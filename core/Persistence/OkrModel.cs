using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;

namespace OkrBot.Core.Persistence;

/// <summary>Table shapes, keys and the indexes the organisation-wide queries need.</summary>
internal static class OkrModel
{
    public const int NameLength = 200;
    public const int TitleLength = 300;
    public const int TextLength = 2000;
    public const int UrlLength = 512;
    public const int DeliveryPeriodKeyLength = 64;
    public const int DeliveryPayloadLength = 4000;
    public const int DeliveryErrorLength = 500;
    public const int NodeIdLength = 128;
    public const int FeishuEventIdLength = 128;
    public const int ApiKeyPrefixLength = 16;
    public const int ValueSourceLength = 64;
    public const int IdempotencyKeyLength = 255;
    public const int SmallWinLength = 280;

    /// <summary>Open deliveries (the only ones a dispatcher looks at); the same SQL on PostgreSQL and SQLite.</summary>
    private const string OpenDeliveries = "\"State\" IN ('Pending', 'Sending')";

    public static void Configure(ModelBuilder model)
    {
        model.Entity<Tenant>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(NameLength);
            e.Property(t => t.ExternalId).HasMaxLength(NameLength);
            e.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(t => t.DefaultTimeZone).HasMaxLength(64);
            e.Property(t => t.DefaultLocale).HasMaxLength(16);
            e.Property(t => t.AtRiskWhenBehind).HasPrecision(5, 4);
            e.Property(t => t.OffTrackWhenBehind).HasPrecision(5, 4);
            e.HasIndex(t => new { t.Channel, t.ExternalId }).IsUnique();
        });

        model.Entity<Person>(e =>
        {
            e.Property(p => p.ExternalId).HasMaxLength(NameLength);
            e.Property(p => p.AadObjectId).HasMaxLength(64);
            e.Property(p => p.DisplayName).HasMaxLength(NameLength);
            e.Property(p => p.TimeZoneId).HasMaxLength(64);
            e.Property(p => p.Locale).HasMaxLength(16);
            e.Property(p => p.CheckInDay).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(p => p.ManagerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Team>().WithMany().HasForeignKey(p => p.TeamId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(p => new { p.TenantId, p.ExternalId }).IsUnique();
            // A manager's reports; who is due (active people of a tenant).
            e.HasIndex(p => new { p.TenantId, p.ManagerId });
            e.HasIndex(p => new { p.TenantId, p.TeamId });
            e.HasIndex(p => new { p.TenantId, p.IsActive });
            // The rhythm planner pages through the active people of one time zone at a time.
            e.HasIndex(p => new { p.TenantId, p.TimeZoneId, p.Id });
        });

        model.Entity<SmallWin>(e =>
        {
            e.Property(w => w.Text).HasMaxLength(SmallWinLength);
            e.HasOne<Tenant>().WithMany().HasForeignKey(w => w.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(w => w.PersonId).OnDelete(DeleteBehavior.Cascade);
            // A digest reads the wins of one week for a set of people.
            e.HasIndex(w => new { w.TenantId, w.Week, w.PersonId });
        });

        model.Entity<Team>(e =>
        {
            e.Property(t => t.Name).HasMaxLength(NameLength);
            e.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Team>().WithMany().HasForeignKey(t => t.ParentTeamId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Person>().WithMany().HasForeignKey(t => t.LeadId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(t => new { t.TenantId, t.Name }).IsUnique();
        });

        model.Entity<Cycle>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(NameLength);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Cycle>().WithMany().HasForeignKey(c => c.ParentCycleId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.TenantId, c.State, c.StartDate });
        });

        model.Entity<Objective>(e =>
        {
            e.Property(o => o.Title).HasMaxLength(TitleLength);
            e.Property(o => o.Description).HasMaxLength(TextLength);
            e.Property(o => o.State).HasConversion<string>().HasMaxLength(16);
            e.Property(o => o.Visibility).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Cycle>().WithMany().HasForeignKey(o => o.CycleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(o => o.OwnerPersonId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Team>().WithMany().HasForeignKey(o => o.OwnerTeamId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Objective>().WithMany().HasForeignKey(o => o.ParentObjectiveId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<KeyResult>().WithMany().HasForeignKey(o => o.ParentKeyResultId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(o => o.KeyResults).WithOne(k => k.Objective).HasForeignKey(k => k.ObjectiveId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(o => new { o.TenantId, o.CycleId, o.OwnerPersonId });
            e.HasIndex(o => new { o.TenantId, o.CycleId, o.OwnerTeamId });
            e.ToTable(t => t.HasCheckConstraint("CK_Objectives_OneOwner",
                "(\"OwnerPersonId\" IS NULL) <> (\"OwnerTeamId\" IS NULL)"));
        });

        model.Entity<KeyResult>(e =>
        {
            e.Property(k => k.Title).HasMaxLength(TitleLength);
            e.Property(k => k.Unit).HasMaxLength(32);
            e.Property(k => k.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(k => k.Direction).HasConversion<string>().HasMaxLength(16);
            e.Property(k => k.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(k => k.StatusReason).HasMaxLength(TextLength);
            e.Property(k => k.StartValue).HasPrecision(18, 4);
            e.Property(k => k.TargetValue).HasPrecision(18, 4);
            e.Property(k => k.CurrentValue).HasPrecision(18, 4);
            e.Property(k => k.Weight).HasPrecision(9, 4);
            e.Property(k => k.Version).IsConcurrencyToken();
            e.HasOne<Person>().WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(k => k.Participants).WithOne().HasForeignKey(p => p.KeyResultId).OnDelete(DeleteBehavior.Cascade);
            // Everything a person owns this cycle, for their check-in card.
            e.HasIndex(k => new { k.TenantId, k.OwnerId });
        });

        model.Entity<KeyResultParticipant>(e =>
        {
            e.HasKey(p => new { p.KeyResultId, p.PersonId });
            e.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => p.PersonId);
        });

        model.Entity<CheckIn>(e =>
        {
            e.Property(c => c.Value).HasPrecision(18, 4);
            e.Property(c => c.ValueBefore).HasPrecision(18, 4);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Note).HasMaxLength(TextLength);
            e.Property(c => c.Blockers).HasMaxLength(TextLength);
            e.HasOne<KeyResult>().WithMany().HasForeignKey(c => c.KeyResultId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
            // One check-in per KR per author per week: the second one amends, it never duplicates.
            e.HasIndex(c => new { c.KeyResultId, c.AuthorId, c.WeekOf }).IsUnique();
            // Who has (not) checked in this week, organisation-wide.
            e.HasIndex(c => new { c.TenantId, c.WeekOf, c.AuthorId });
        });

        model.Entity<KeyResultScore>(e =>
        {
            e.Property(s => s.Score).HasPrecision(3, 2);
            e.Property(s => s.SuggestedScore).HasPrecision(3, 2);
            e.Property(s => s.Reason).HasMaxLength(TextLength);
            e.HasOne<KeyResult>().WithMany().HasForeignKey(s => s.KeyResultId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => s.KeyResultId).IsUnique();
        });

        model.Entity<ReviewDecision>(e =>
        {
            e.Property(r => r.Decision).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Note).HasMaxLength(TextLength);
            e.Property(r => r.NewTarget).HasPrecision(18, 4);
            e.HasOne<KeyResult>().WithMany().HasForeignKey(r => r.KeyResultId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.KeyResultId).IsUnique();
        });

        model.Entity<Retrospective>(e =>
        {
            e.Property(r => r.WentWell).HasMaxLength(TextLength);
            e.Property(r => r.WentBadly).HasMaxLength(TextLength);
            e.Property(r => r.CarryOver).HasMaxLength(TextLength);
            e.HasOne<Cycle>().WithMany().HasForeignKey(r => r.CycleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.CycleId, r.PersonId }).IsUnique();
        });

        model.Entity<ConversationReference>(e =>
        {
            e.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.ChannelId).HasMaxLength(64);
            e.Property(c => c.ServiceUrl).HasMaxLength(UrlLength);
            e.Property(c => c.ConversationId).HasMaxLength(UrlLength);
            e.Property(c => c.ConversationType).HasMaxLength(32);
            e.Property(c => c.BotId).HasMaxLength(NameLength);
            e.Property(c => c.UserId).HasMaxLength(NameLength);
            e.Property(c => c.InactiveReason).HasMaxLength(NameLength);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
            // One 1:1 chat per person per messenger: a reinstall replaces it.
            e.HasIndex(c => new { c.PersonId, c.Channel }).IsUnique();
            // Whom the rhythm can reach in a tenant.
            e.HasIndex(c => new { c.TenantId, c.IsActive });
        });

        model.Entity<Delivery>(e =>
        {
            e.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.LastOutcome).HasConversion<string>().HasMaxLength(16);
            e.Property(d => d.PeriodKey).HasMaxLength(DeliveryPeriodKeyLength);
            e.Property(d => d.Payload).HasMaxLength(DeliveryPayloadLength);
            e.Property(d => d.ClaimedBy).HasMaxLength(NodeIdLength);
            e.Property(d => d.MessageId).HasMaxLength(UrlLength);
            e.Property(d => d.LastError).HasMaxLength(DeliveryErrorLength);
            e.HasOne<Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);
            // One message per (kind, person, period): a double fire or a second node plans nothing twice. Person first, so
            // the same index serves the foreign key and "this person's deliveries".
            e.HasIndex(d => new { d.PersonId, d.Kind, d.PeriodKey }).IsUnique();
            // The rows a bucket's dispatcher can take: due, or abandoned by a dead node (NotBefore = lease end while
            // Sending). Only open rows are indexed, so the index stays small however many sent rows pile up.
            e.HasIndex(d => new { d.TenantId, d.Channel, d.NotBefore }).HasDatabaseName("IX_Deliveries_Due").HasFilter(OpenDeliveries);
            // Which buckets have due rows, and when the next one falls due.
            e.HasIndex(d => d.NotBefore).HasDatabaseName("IX_Deliveries_NextDue").HasFilter(OpenDeliveries);
            // Operations: counts per tenant, state and kind.
            e.HasIndex(d => new { d.TenantId, d.State, d.Kind });
        });

        model.Entity<RhythmSchedule>(e =>
        {
            e.Property(s => s.PromptDay).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.ReminderDay).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.DigestDay).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
            // A tenant's layers are few (one per tenant, per team that differs, per person who differs): the planner loads them all.
            e.HasIndex(s => new { s.TenantId, s.TeamId, s.PersonId }).IsUnique();
            e.HasIndex(s => s.TeamId);
            e.HasIndex(s => s.PersonId);
        });

        model.Entity<RateBucket>(e =>
        {
            e.HasKey(b => new { b.Channel, b.TenantId });
            e.Property(b => b.Channel).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Tenant>().WithMany().HasForeignKey(b => b.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<FeishuEvent>(e =>
        {
            e.HasKey(f => f.EventId);
            e.Property(f => f.EventId).HasMaxLength(FeishuEventIdLength);
            e.Property(f => f.EventType).HasMaxLength(64);
            e.HasIndex(f => f.ProcessedAt);
        });

        model.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(NameLength);
            e.Property(k => k.Prefix).HasMaxLength(ApiKeyPrefixLength);
            e.Property(k => k.SecretHash).HasMaxLength(32);
            e.Property(k => k.Scope).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
            // A presented key is found by its public prefix, then its secret is compared in constant time.
            e.HasIndex(k => k.Prefix).IsUnique();
            e.HasIndex(k => k.TenantId);
        });

        model.Entity<KeyResultValuePost>(e =>
        {
            e.Property(v => v.Value).HasPrecision(18, 4);
            e.Property(v => v.ValueBefore).HasPrecision(18, 4);
            e.Property(v => v.Source).HasMaxLength(ValueSourceLength);
            e.Property(v => v.Note).HasMaxLength(TextLength);
            e.Property(v => v.IdempotencyKey).HasMaxLength(IdempotencyKeyLength);
            e.Property(v => v.RequestHash).HasMaxLength(64);
            e.HasOne<KeyResult>().WithMany().HasForeignKey(v => v.KeyResultId).OnDelete(DeleteBehavior.Cascade);
            // Keys are revoked, never deleted; NO ACTION (not RESTRICT) lets a tenant's cascade delete remove both in one statement.
            e.HasOne<ApiKey>().WithMany().HasForeignKey(v => v.ApiKeyId).OnDelete(DeleteBehavior.NoAction);
            // A retried post with the same Idempotency-Key finds the first one (NULLs never collide, on either store).
            e.HasIndex(v => new { v.TenantId, v.IdempotencyKey }).IsUnique();
            // A KR's latest posts, for its card and the API.
            e.HasIndex(v => new { v.KeyResultId, v.CreatedAt });
            e.HasIndex(v => v.ApiKeyId);
        });

        model.Entity<KeyResultChange>(e =>
        {
            e.Property(c => c.KeyResultTitle).HasMaxLength(TitleLength);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.OldTarget).HasPrecision(18, 4);
            e.Property(c => c.NewTarget).HasPrecision(18, 4);
            e.Property(c => c.Reason).HasMaxLength(TextLength);
            e.Property(c => c.DecisionNote).HasMaxLength(TextLength);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.RequestedById).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.ApproverId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Person>().WithMany().HasForeignKey(c => c.DecidedById).OnDelete(DeleteBehavior.Restrict);
            // At most one change per key result waits for approval: a newer request withdraws the older in the same transaction,
            // and two racing requests cannot both stay pending.
            e.HasIndex(c => c.KeyResultId).IsUnique().HasFilter("\"State\" = 'Pending'").HasDatabaseName("IX_KeyResultChanges_KeyResultId_Pending");
            // A manager's pending approvals; a key result's history.
            e.HasIndex(c => new { c.TenantId, c.ApproverId, c.State });
            e.HasIndex(c => new { c.TenantId, c.KeyResultId });
        });

        model.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.ActorKind).HasConversion<string>().HasMaxLength(16).HasDefaultValue(AuditActorKind.Person).HasSentinel((AuditActorKind)(-1));
            e.Property(a => a.Entity).HasMaxLength(64);
            e.Property(a => a.Action).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.Field).HasMaxLength(64);
            e.Property(a => a.OldValue).HasMaxLength(TextLength);
            e.Property(a => a.NewValue).HasMaxLength(TextLength);
            e.HasIndex(a => new { a.TenantId, a.Entity, a.EntityId });
        });
    }
}
