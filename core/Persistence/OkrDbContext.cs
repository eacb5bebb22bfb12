using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;

namespace OkrBot.Core.Persistence;

/// <summary>
/// The OKR store. One model for both providers; each provider has its own subclass only so that each keeps its
/// own migrations (see docs/decisions/0003-sqlite-embedded-default.md).
/// </summary>
public abstract partial class OkrDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Cycle> Cycles => Set<Cycle>();
    public DbSet<Objective> Objectives => Set<Objective>();
    public DbSet<KeyResult> KeyResults => Set<KeyResult>();
    public DbSet<KeyResultParticipant> KeyResultParticipants => Set<KeyResultParticipant>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<KeyResultScore> Scores => Set<KeyResultScore>();
    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();
    public DbSet<Retrospective> Retrospectives => Set<Retrospective>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ConversationReference> ConversationReferences => Set<ConversationReference>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<RateBucket> RateBuckets => Set<RateBucket>();
    public DbSet<RhythmSchedule> RhythmSchedules => Set<RhythmSchedule>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<KeyResultValuePost> KeyResultValuePosts => Set<KeyResultValuePost>();
    public DbSet<SmallWin> SmallWins => Set<SmallWin>();
    public DbSet<KeyResultChange> KeyResultChanges => Set<KeyResultChange>();

    /// <summary>Who is making the changes about to be saved; recorded in the audit trail.</summary>
    public Guid? Actor { get; set; }

    /// <summary>Whether <see cref="Actor"/> is a person or an API key (docs/decisions/0013).</summary>
    public AuditActorKind ActorKind { get; set; }

    /// <summary>Where audit timestamps come from.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    protected override void OnModelCreating(ModelBuilder model) => OkrModel.Configure(model);
}
