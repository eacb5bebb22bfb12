namespace OkrBot.Core.Model;

/// <summary>A period OKRs are set for. Dates are calendar dates, the end inclusive.</summary>
public sealed class Cycle
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public CycleKind Kind { get; set; } = CycleKind.Quarterly;
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public CycleState State { get; set; } = CycleState.Planning;
    /// <summary>The annual cycle a quarterly (or monthly) cycle aligns to.</summary>
    public Guid? ParentCycleId { get; set; }

    public bool Contains(DateOnly date) => date >= StartDate && date <= EndDate;

    public int LengthInDays => EndDate.DayNumber - StartDate.DayNumber + 1;

    /// <summary>The share of the cycle that has passed by the end of <paramref name="date"/>, 0..1.</summary>
    public decimal ElapsedFraction(DateOnly date)
    {
        if (date < StartDate) return 0m;
        if (date >= EndDate) return 1m;
        return (decimal)(date.DayNumber - StartDate.DayNumber + 1) / LengthInDays;
    }

    public DateOnly Midpoint => StartDate.AddDays((LengthInDays - 1) / 2);
}
