using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Messages;

/// <summary>Sent to each person an at-risk mark notifies (the owner's manager, and the owner when someone else raised it).</summary>
/// <param name="RecipientIsOwner">The recipient owns the KR ("your key result") rather than manages its owner.</param>
/// <remarks>Buttons: <see cref="CardVerbs.KrShow"/>.</remarks>
public sealed record AtRiskAlertView(
    string Locale, Guid KeyResultId, string KeyResultTitle, string OwnerName, string RaisedByName, KrStatus Status, string Reason,
    bool RecipientIsOwner) : View(Locale)
{
    /// <param name="recipientLocale">The recipient's locale, not the raiser's.</param>
    public static AtRiskAlertView From(string recipientLocale, Guid recipientId, AtRiskNotice notice, string ownerName, string raisedByName) =>
        new(recipientLocale, notice.KeyResultId, notice.KeyResultTitle, ownerName, raisedByName, notice.Status, notice.Reason,
            recipientId == notice.OwnerId);
}
