using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OkrBot.Core.Model;
using OkrBot.Core.Persistence;
using OkrBot.Core.Rules;
using OkrBot.Core.Services;

namespace OkrBot.Core.Integrations;

/// <param name="Source">Which system it comes from, shown on the owner's check-in card; default: the key's name.</param>
/// <param name="IdempotencyKey">The caller's key for this post: sent again (a retry), the first post is answered, not a second recorded.</param>
public sealed record ValuePostRequest(Guid KeyResultId, decimal Value, string? Note = null, string? Source = null, string? IdempotencyKey = null);

/// <param name="Replayed">The idempotency key was seen before: this is the first post's answer, and nothing was recorded now.</param>
public sealed record ValuePostReceipt(ValuePostRecord Post, KeyResultRecord KeyResult, bool Replayed);

/// <summary>
/// A KR's current value, posted by another system (a CRM's pipeline total, a ticket count). It moves the KR's current
/// value, which the owner's next check-in card starts from, and is kept as a <see cref="KeyResultValuePost"/>; the KR's
/// status and confidence stay the people's. Audited as the API key's change.
/// </summary>
public sealed class KeyResultValueService(OkrDatabase database, TimeProvider clock)
{
    public const int MaxSourceLength = OkrModel.ValueSourceLength;
    public const int MaxIdempotencyKeyLength = OkrModel.IdempotencyKeyLength;

    public Task<Result<ValuePostReceipt>> PostAsync(ApiKeyActor actor, ValuePostRequest request, CancellationToken ct = default)
    {
        if (!actor.CanWrite)
            return Task.FromResult(Result<ValuePostReceipt>.Fail(OkrErrorCode.Forbidden, "This API key may only read; posting a value needs a key with the write scope.", "scope"));
        if (Validate(request) is { } invalid) return Task.FromResult(Result<ValuePostReceipt>.Fail(invalid));
        var source = Text.Clean(request.Source) ?? Text.Bounded(actor.Name, MaxSourceLength)!;
        var note = Text.Clean(request.Note);
        var hash = RequestHash(request.KeyResultId, request.Value, note, Text.Clean(request.Source));
        return Conflicts.RetryAsync(() => PostOnceAsync(actor, request, source, note, hash, ct), ct);
    }

    private async Task<Result<ValuePostReceipt>> PostOnceAsync(ApiKeyActor actor, ValuePostRequest request, string source, string? note, string hash, CancellationToken ct)
    {
        await using var db = database.OpenForApiKey(actor.ApiKeyId);
        if (request.IdempotencyKey is { } idempotencyKey
            && await db.KeyResultValuePosts.AsNoTracking().FirstOrDefaultAsync(p => p.TenantId == actor.TenantId && p.IdempotencyKey == idempotencyKey, ct) is { } earlier)
        {
            if (earlier.RequestHash != hash)
                return Result<ValuePostReceipt>.Fail(OkrErrorCode.Invalid,
                    "This Idempotency-Key was already used for a different request; use a new key for a new value.", "Idempotency-Key");
            var replayed = await KeyResultRecordAsync(db, actor, earlier.KeyResultId, ct);
            return replayed is null ? NotFound() : new ValuePostReceipt(IntegrationReadService.ToRecord(earlier), replayed, Replayed: true);
        }

        var kr = await db.KeyResults.Include(k => k.Objective).FirstOrDefaultAsync(k => k.Id == request.KeyResultId && k.TenantId == actor.TenantId, ct);
        if (kr?.Objective is not { } objective || !Access.CanViewWithApiKey(actor.TenantId, objective.TenantId, objective.Visibility, objective.State))
            return NotFound();
        var cycle = await db.Cycles.FirstAsync(c => c.Id == objective.CycleId, ct);
        if (cycle.State is not (CycleState.Active or CycleState.Reviewing))
            return Result<ValuePostReceipt>.Fail(OkrErrorCode.CycleNotOpen, $"The cycle \"{cycle.Name}\" is {cycle.State.ToString().ToLowerInvariant()}; its key results take no new values.");
        if (kr.IsDropped)
            return Result<ValuePostReceipt>.Fail(OkrErrorCode.Invalid, $"\"{kr.Title}\" was dropped at the review; it takes no new values.", "keyResultId");
        if (!KeyResultRules.AcceptsValue(kr, request.Value))
            return Result<ValuePostReceipt>.Fail(OkrErrorCode.Invalid, ValueProblem(kr), "value");

        var now = clock.GetUtcNow();
        var post = new KeyResultValuePost
        {
            TenantId = actor.TenantId, KeyResultId = kr.Id, ApiKeyId = actor.ApiKeyId, Value = request.Value, ValueBefore = kr.CurrentValue,
            Source = source, Note = note, IdempotencyKey = request.IdempotencyKey, RequestHash = hash, CreatedAt = now,
        };
        db.KeyResultValuePosts.Add(post);
        kr.CurrentValue = request.Value;
        kr.UpdatedAt = now;
        kr.Version++;
        // A lost race (the KR's version moved, or a parallel retry took the idempotency key) re-runs from the top: the
        // second run then finds the first post and replays it.
        await db.SaveChangesAsync(ct);

        var record = await KeyResultRecordAsync(db, actor, kr.Id, ct);
        return new ValuePostReceipt(IntegrationReadService.ToRecord(post), record!, Replayed: false);
    }

    private async Task<KeyResultRecord?> KeyResultRecordAsync(OkrDbContext db, ApiKeyActor actor, Guid keyResultId, CancellationToken ct)
    {
        var objectiveId = await db.KeyResults.Where(k => k.Id == keyResultId && k.TenantId == actor.TenantId).Select(k => (Guid?)k.ObjectiveId).FirstOrDefaultAsync(ct);
        var objective = objectiveId is null ? null
            : await db.Objectives.AsNoTracking().Include(o => o.KeyResults.Where(k => k.Id == keyResultId)).ThenInclude(k => k.Participants)
                .FirstOrDefaultAsync(o => o.Id == objectiveId, ct);
        if (objective is null || !Access.CanViewWithApiKey(actor.TenantId, objective.TenantId, objective.Visibility, objective.State)) return null;
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == actor.TenantId, ct);
        var today = Weeks.LocalDate(clock.GetUtcNow(), TimeZones.Find(tenant.DefaultTimeZone));
        var cycle = await db.Cycles.AsNoTracking().FirstAsync(c => c.Id == objective.CycleId, ct);
        return (await IntegrationReadService.RecordsAsync(db, [objective], cycle, today, tenant.Thresholds, ct)).Single().KeyResults.Single();
    }

    private static OkrError? Validate(ValuePostRequest request)
    {
        if (Math.Abs(request.Value) > KeyResultRules.MaxMagnitude)
            return new(OkrErrorCode.Invalid, $"A value is at most {KeyResultRules.MaxMagnitude:N0} in size.", "value");
        if (Text.TooLong(request.Note))
            return new(OkrErrorCode.Invalid, $"A note can be at most {OkrModel.TextLength} characters.", "note");
        if (request.Source is { } source && (Text.TooLong(source, MaxSourceLength) || source.Any(char.IsControl)))
            return new(OkrErrorCode.Invalid, $"A source is a name of at most {MaxSourceLength} characters, on one line.", "source");
        if (request.IdempotencyKey is { } key && (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < ' ' or > '~')))
            return new(OkrErrorCode.Invalid, $"An Idempotency-Key is 1 to {MaxIdempotencyKeyLength} printable ASCII characters.", "Idempotency-Key");
        return null;
    }

    /// <summary>What was asked, in one canonical form (12 and 12.0 are the same value).</summary>
    private static string RequestHash(Guid keyResultId, decimal value, string? note, string? source)
    {
        var canonical = string.Join('\n', keyResultId.ToString("N"), value.ToString("0.############################", CultureInfo.InvariantCulture),
            note ?? "\0", source ?? "\0");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static Result<ValuePostReceipt> NotFound() =>
        Result<ValuePostReceipt>.Fail(OkrErrorCode.NotFound, "No such key result (it may have been deleted).", "keyResultId");

    private static string ValueProblem(KeyResult kr) => kr.Kind switch
    {
        KeyResultKind.Milestone => $"\"{kr.Title}\" is a milestone: its value is 1 (done) or 0 (not done).",
        KeyResultKind.Percentage => $"\"{kr.Title}\" is a percentage: its value must be between 0 and 100.",
        _ => $"That value for \"{kr.Title}\" is out of range.",
    };
}
