using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>
/// The published results of a cycle for a team: each objective with its score, each KR with its final progress, score
/// and the owner's reason; KRs not scored yet say so.
/// </summary>
/// <remarks>Buttons: <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record ResultsDigestView(string Locale, TeamResults Results) : View(Locale);
