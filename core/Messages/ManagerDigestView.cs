using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>
/// What a manager reads before the weekly meeting: check-in completion of their reports this week (and who has not),
/// the KRs at risk or off track with the reasons, the biggest movers, and each objective's progress as a bar.
/// </summary>
/// <remarks>Buttons: each risk opens its KR (<see cref="CardVerbs.KrShow"/>); <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record ManagerDigestView(string Locale, ManagerDigest Digest) : View(Locale);
