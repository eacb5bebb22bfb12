namespace OkrBot.Core.Messages;

/// <summary>
/// In the last month of a quarter: the cycle ends on <paramref name="EndDate"/>, time to draft the next cycle's OKRs
/// (carry over what is unfinished, align with the manager's and the team's).
/// </summary>
/// <param name="NextCycleName">The next cycle when one is already set up (planning), else null.</param>
/// <remarks>Buttons: <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record PlanningReminderView(string Locale, string CycleName, DateOnly EndDate, string? NextCycleName, DateOnly? NextCycleStart) : View(Locale);
