using System.Globalization;

namespace OkrBot.Tests.Support;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not on our feed).</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public static FakeClock At(string isoInstant) => new(DateTimeOffset.Parse(isoInstant, CultureInfo.InvariantCulture));

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset instant) => _now = instant.ToUniversalTime();
}
