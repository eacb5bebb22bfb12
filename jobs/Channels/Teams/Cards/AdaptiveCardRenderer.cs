using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Teams.Cards;

/// <summary>
/// Renders a channel-neutral view as an Adaptive Card 1.5 for Teams, in the viewer's language. Buttons are
/// <c>Action.Execute</c> (Universal Actions: the invoke response replaces the card in place) with an
/// <c>Action.Submit</c> fallback carrying the verb, so hosts without Universal Actions still work.
/// </summary>
public static class AdaptiveCardRenderer
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The card itself: <c>{"$schema", "type":"AdaptiveCard", "version":"1.5", ...}</c>.</summary>
    public static JsonObject Render(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = BotText.For(view.Locale);
        return view switch
        {
            WelcomeView v => WelcomeCard.Render(v, text),
            HelpView v => HelpCard.Render(v, text),
            NoticeView v => NoticeCard.Render(v, text),
            OkrListView v => OkrListCard.Render(v, text),
            CheckInCardView v => CheckInCard.Render(v, text),
            CheckInDoneView v => CheckInDoneCard.Render(v, text),
            KeyResultCardView v => KeyResultCard.Render(v, text),
            MarkAtRiskFormView v => MarkAtRiskFormCard.Render(v, text),
            AtRiskAlertView v => AtRiskAlertCard.Render(v, text),
            ReviewCardView v => ReviewCard.Render(v, text),
            ReviewDoneView v => ReviewDoneCard.Render(v, text),
            ScoringCardView v => ScoringCard.Render(v, text),
            ScoringDoneView v => ScoringDoneCard.Render(v, text),
            ManagerDigestView v => ManagerDigestCard.Render(v, text),
            ResultsDigestView v => ResultsDigestCard.Render(v, text),
            PlanningReminderView v => PlanningReminderCard.Render(v, text),
            ObjectiveFormView v => ObjectiveFormCard.Render(v, text),
            DraftView v => DraftCard.Render(v, text),
            DraftListView v => DraftListCard.Render(v, text),
            KeyResultFormView v => KeyResultFormCard.Render(v, text),
            AlignPickerView v => AlignPickerCard.Render(v, text),
            KrChangeFormView v => KrChangeFormCard.Render(v, text),
            KrChangeRequestView v => KrChangeRequestCard.Render(v, text),
            KrChangeOutcomeView v => KrChangeOutcomeCard.Render(v, text),
            _ => throw new ArgumentException($"No Adaptive Card for {view.GetType().Name}.", nameof(view)),
        };
    }

    /// <summary>
    /// The card as a Bot Framework attachment: <c>{"contentType":"application/vnd.microsoft.card.adaptive","content":card}</c>.
    /// A card already inside another node is copied.
    /// </summary>
    public static JsonObject Attachment(JsonObject card) => new()
    {
        ["contentType"] = ContentType,
        ["content"] = card.Parent is null ? card : card.DeepClone(),
    };
}
