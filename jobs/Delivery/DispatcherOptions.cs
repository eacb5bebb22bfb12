using System.Security.Cryptography;
using OkrBot.Core.Deliveries;

namespace OkrBot.Jobs.Delivery;

/// <summary>How this node's dispatcher works ("Delivery:Dispatcher"). Retries and rate limits are in <see cref="DeliveryOptions"/>.</summary>
public sealed class DispatcherOptions
{
    public const string Section = DeliveryOptions.Section + ":Dispatcher";

    /// <summary>Run the dispatcher loop in this process (on by default; off for a node that only serves HTTP).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// This node's name on the rows it claims. Empty means machine name, process id and a random suffix, so a restarted
    /// process never mistakes its predecessor's claims for its own.
    /// </summary>
    public string? NodeId { get; set; }

    /// <summary>How often the loop looks for due rows when there is nothing to send (it wakes earlier for a row due sooner).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim holds its rows. A node that dies mid-send delays its rows by at most this much.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Rows claimed at a time per bucket (at least; see <see cref="BatchWindow"/>).</summary>
    public int BatchSize { get; set; } = 25;

    /// <summary>
    /// A bucket whose rate sends more than <see cref="BatchSize"/> in this long claims that many at a time instead, up to
    /// <see cref="MaxBatchSize"/>. A claimed batch costs a fixed number of statements (claim, recipients, content, slots)
    /// however big it is; at a messenger's limit (Teams 48/s, Feishu 16.7/s) 25 leaves them far behind the sends, but a
    /// bucket allowed thousands a second (a raised or unlimited rate) would wait on those statements between batches of 25.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most rows claimed at a time per bucket, however fast its rate.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>Rows to claim at a time for a bucket sending one every <paramref name="interval"/>.</summary>
    public int BatchSizeFor(TimeSpan interval)
    {
        var inWindow = interval <= TimeSpan.Zero ? MaxBatchSize : (int)Math.Min(MaxBatchSize, BatchWindow / interval);
        return Math.Max(BatchSize, inWindow);
    }

    /// <summary>How far ahead send slots are reserved: a claimed batch waits at most about this long for its slots.</summary>
    public TimeSpan SlotHorizon { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Sends in flight at once per bucket (a send takes a round trip; 50 a second needs several in flight).</summary>
    public int MaxConcurrentSends { get; set; } = 16;

    /// <summary>
    /// Deliveries of a batch whose content is made at once, of the kinds made one at a time. Making a view reads the store
    /// (a check-in card alone took about ten queries; check-in cards and digests are now made a batch at a time): one at
    /// a time, a batch of 25 took longer than its 25 send slots at 50 a second.
    /// </summary>
    public int MaxConcurrentRenders { get; set; } = 8;

    /// <summary>Buckets (channel + tenant) drained at once.</summary>
    public int MaxConcurrentBuckets { get; set; } = 8;

    /// <summary>
    /// Teams only: where to create a 1:1 conversation with someone in a tenant where nobody has talked to the bot yet (with
    /// anyone's reference in the tenant, their service URL is used instead).
    /// </summary>
    public string TeamsServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";

    public bool IsValid =>
        PollInterval > TimeSpan.Zero && Lease >= TimeSpan.FromSeconds(1) && BatchSize is >= 1 and <= 1000 && MaxBatchSize is >= 1 and <= 5000
        && BatchWindow >= TimeSpan.Zero && SlotHorizon >= TimeSpan.Zero
        && SlotHorizon < Lease && MaxConcurrentSends is >= 1 and <= 1000 && MaxConcurrentRenders is >= 1 and <= 100 && MaxConcurrentBuckets is >= 1 and <= 100
        && (NodeId is null || NodeId.Length <= 128)
        && Uri.TryCreate(TeamsServiceUrl, UriKind.Absolute, out _);

    public string ResolveNodeId() => string.IsNullOrWhiteSpace(NodeId)
        ? $"{Environment.MachineName[..Math.Min(64, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"
        : NodeId.Trim();
}
