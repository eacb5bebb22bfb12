using System.Text.Json.Nodes;
using OkrBot.Core.Messages;
using OkrBot.Core.Messages.Texts;

namespace OkrBot.Jobs.Channels.Feishu.Cards;

/// <summary>
/// Renders a channel-neutral view as a Feishu card (JSON 2.0), in the viewer's language, the way
/// <see cref="Teams.Cards.AdaptiveCardRenderer"/> renders it for Teams: the same texts, the same information, the same buttons.
/// </summary>
/// <remarks>
/// Buttons call back with <c>{"verb": …, data…}</c> in <c>action.value</c> (<see cref="CardVerbs"/>). Inputs sit in the
/// card's one form, named by <see cref="FeishuInputNames"/>, and come back in <c>action.form_value</c> when its submit
/// button is pressed; buttons that only navigate stay outside the form, so they send no inputs.
/// </remarks>
public static class FeishuCardRenderer
{
    /// <summary>The card itself: <c>{"schema":"2.0","config":{"update_multi":true},"header":{...},"body":{"elements":[...]}}</c>.</summary>
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
            _ => throw new NotSupportedException($"No Feishu card for {view.GetType().Name}."),
        };
    }

    /// <summary>
    /// The card as the <c>content</c> string of a message (<c>msg_type: interactive</c>) or of a card update: its JSON,
    /// non-ASCII characters as they are, at most <see cref="FeishuCardSize.Limit"/> bytes.
    /// </summary>
    public static string Content(View view) => Render(view).ToJsonString(FeishuCardSize.WireOptions);
}
