using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

// The views of drafting OKRs in chat: create -> refine -> align -> finalize -> publish (AuthoringService).

/// <summary>The objective's fields: a new draft (no id) or one being refined. Submitting sends <see cref="CardVerbs.DraftSave"/>.</summary>
/// <param name="Error">A refusal in the viewer's language, shown above the inputs, which keep what was entered.</param>
/// <remarks>Buttons: <see cref="CardVerbs.DraftSave"/>; Cancel: <see cref="CardVerbs.DraftOpen"/> for a draft, <see cref="CardVerbs.DraftsMine"/> for a new one.</remarks>
public sealed record ObjectiveFormView(string Locale, ObjectiveForm Form, string? Error = null) : View(Locale);

/// <summary>
/// A draft with its key results and the guidance for refining it: the 3×3 focus, what keeps each key result from being
/// measurable or publishable, and what it aligns to.
/// </summary>
/// <param name="Message">A confirmation in the viewer's language on top ("Saved").</param>
/// <param name="Error">A refusal in the viewer's language on top (publishing a draft that is not ready).</param>
/// <remarks>
/// Buttons per key result: <see cref="CardVerbs.DraftKrOpen"/> (edit), <see cref="CardVerbs.DraftKrRemove"/>. For the draft:
/// <see cref="CardVerbs.DraftKrOpen"/> (add), <see cref="CardVerbs.DraftAlignOpen"/>, <see cref="CardVerbs.DraftPublish"/>,
/// <see cref="CardVerbs.DraftEdit"/>, <see cref="CardVerbs.DraftDiscard"/> (Teams shows at most five actions on a card).
/// </remarks>
public sealed record DraftView(string Locale, Draft Draft, string? Message = null, string? Error = null) : View(Locale)
{
    /// <summary>Key results per draft the card holds: <see cref="AuthoringService.MaxKeyResults"/>.</summary>
    public const int MaxKeyResults = AuthoringService.MaxKeyResults;
}

/// <summary>The viewer's drafts ("my drafts"), each opening its card.</summary>
/// <remarks>Buttons: <see cref="CardVerbs.DraftOpen"/> per draft, <see cref="CardVerbs.DraftNew"/>, <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record DraftListView(string Locale, IReadOnlyList<DraftSummary> Drafts) : View(Locale);

/// <summary>A key result's fields: kind, title, start, target, unit, weight, owner, participants. Submitting sends <see cref="CardVerbs.DraftKrSave"/>.</summary>
/// <remarks>Buttons: <see cref="CardVerbs.DraftKrSave"/>; Cancel: <see cref="CardVerbs.DraftOpen"/>.</remarks>
public sealed record KeyResultFormView(string Locale, KeyResultForm Form, string? Error = null) : View(Locale);

/// <summary>What a draft can align to: its author's manager's and team's published OKRs. Submitting sends <see cref="CardVerbs.DraftAlignSave"/>.</summary>
/// <remarks>Buttons: <see cref="CardVerbs.DraftAlignSave"/>; Cancel: <see cref="CardVerbs.DraftOpen"/>.</remarks>
public sealed record AlignPickerView(string Locale, AlignmentChoices Choices, string? Error = null) : View(Locale);

/// <summary>
/// Changing a published key result's target, or deleting it, with the reason; says whether the owner's manager must
/// approve. Submitting sends <see cref="CardVerbs.KrChangeSubmit"/>.
/// </summary>
/// <remarks>Buttons: <see cref="CardVerbs.KrChangeSubmit"/>; Cancel: <see cref="CardVerbs.KrShow"/>.</remarks>
public sealed record KrChangeFormView(string Locale, KeyResultChangeForm Form, string? Error = null) : View(Locale);

/// <summary>Sent to the owner's manager: approve or reject a change to a published key result. Submitting sends <see cref="CardVerbs.KrChangeDecide"/>.</summary>
/// <remarks>Buttons: <see cref="CardVerbs.KrChangeDecide"/>, <see cref="CardVerbs.KrShow"/> while the key result exists.</remarks>
public sealed record KrChangeRequestView(string Locale, KeyResultChangeSummary Change, string? Error = null) : View(Locale);

/// <summary>
/// How a change was decided: to the person who asked (through the delivery queue), or to the manager who decided
/// (replacing the request card).
/// </summary>
/// <param name="ForRequester">Told to the person who asked, rather than to the manager who decided.</param>
/// <remarks>Buttons: <see cref="CardVerbs.KrShow"/> while the key result exists, <see cref="CardVerbs.MyOkrs"/>.</remarks>
public sealed record KrChangeOutcomeView(string Locale, KeyResultChangeSummary Change, bool ForRequester) : View(Locale);
