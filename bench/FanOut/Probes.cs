using System.Collections.Concurrent;
using System.Diagnostics;
using OkrBot.Core.Deliveries;
using OkrBot.Core.Messages;
using OkrBot.Core.Services;
using OkrBot.Jobs.Delivery;

namespace OkrBot.Bench.FanOut;

/// <summary>How long something took, per call (count, sum, max), over all threads.</summary>
public sealed class Timings
{
    private long _count, _ticks, _maxTicks;

    public long Count => Interlocked.Read(ref _count);

    public TimeSpan Total => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public TimeSpan Max => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxTicks));

    public void Add(long ticks)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _ticks, ticks);
        var max = Interlocked.Read(ref _maxTicks);
        while (ticks > max && Interlocked.CompareExchange(ref _maxTicks, ticks, max) != max) max = Interlocked.Read(ref _maxTicks);
    }
}

/// <summary>
/// The real content, timed (<c>--probe</c>): it runs on the dispatcher's path between two batches. Kinds the content makes
/// a batch at a time are still made so (a batch's time is shared out evenly among its deliveries).
/// </summary>
internal sealed class ProbedContent(IDeliveryContent inner, Timings timings) : IBatchedDeliveryContent
{
    public bool RendersTogether(OkrBot.Core.Model.DeliveryKind kind) => inner is IBatchedDeliveryContent batched && batched.RendersTogether(kind);

    public async Task<IReadOnlyList<DeliveryContent>> RenderManyAsync(IReadOnlyList<(DeliveryClaim Delivery, DeliveryRecipient Recipient)> deliveries,
        CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await ((IBatchedDeliveryContent)inner).RenderManyAsync(deliveries, ct);
        }
        finally
        {
            var each = (Stopwatch.GetTimestamp() - started) / Math.Max(1, deliveries.Count);
            foreach (var _ in deliveries) timings.Add(each);
        }
    }

    public async Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await inner.RenderAsync(delivery, recipient, ct);
        }
        finally
        {
            timings.Add(Stopwatch.GetTimestamp() - started);
        }
    }
}

/// <summary>
/// <c>--content static</c>, a diagnostic: the real <see cref="CheckInCardView"/> of the first recipient's KR list, read
/// once and then reused with each recipient's name, so rendering costs no SQL. Comparing a run with it against one with
/// the real OkrDeliveryContent shows what the content's queries cost the rate.
/// </summary>
internal sealed class StaticCheckInContent(OkrQueryService okrs) : IDeliveryContent
{
    private readonly SemaphoreSlim _once = new(1, 1);
    // A reference, so a thread reading it without the lock sees all of it or nothing.
    private volatile OwnedList? _list;

    public async Task<DeliveryContent> RenderAsync(DeliveryClaim delivery, DeliveryRecipient recipient, CancellationToken ct)
    {
        var person = recipient.Person;
        var list = _list;
        if (list is null)
        {
            await _once.WaitAsync(ct);
            try
            {
                if (_list is null)
                {
                    var read = await okrs.ForPersonAsync(new Actor(person.TenantId, person.Id), person.Id, ct);
                    if (read.Error is { } error) return DeliveryContent.Nothing($"no check-in card: {error.Message}");
                    _list = new OwnedList(person.Id, read.Value!);
                }

                list = _list;
            }
            finally
            {
                _once.Release();
            }
        }

        return DeliveryContent.Send(CheckInCardView.For(person.Locale, list.Owner, person.DisplayName, list.List));
    }

    private sealed record OwnedList(Guid Owner, OkrList List);
}

/// <summary>
/// SQL commands the process ran (<c>--probe</c>), from Npgsql's activity source: count and time per table family, so a
/// run says how many round trips each delivery costs and where they go.
/// </summary>
public sealed class SqlProbe : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, Timings> _byKind = new(StringComparer.Ordinal);

    public SqlProbe()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var text = activity.GetTagItem("db.query.text") as string ?? activity.DisplayName;
                _byKind.GetOrAdd(KindOf(text), _ => new Timings()).Add(activity.Duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyDictionary<string, Timings> ByKind => _byKind;

    public void Dispose() => _listener.Dispose();

    /// <summary>Rough families by the statement's text: the queue's rows, the limiter's row, everything else (recipients, content).</summary>
    private static string KindOf(string sql) =>
        sql.Contains("\"RateBuckets\"", StringComparison.Ordinal) ? "limiter (RateBuckets)"
        : sql.Contains("\"Deliveries\"", StringComparison.Ordinal) ? "queue (Deliveries)"
        : "recipients + content";
}
