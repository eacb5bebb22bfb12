using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Core.Deliveries;

/// <summary>What an at-risk alert needs that the store does not keep: who raised it, with which status and reason.</summary>
public sealed record AtRiskAlertPayload(Guid KeyResultId, string KeyResultTitle, Guid OwnerId, Guid RaisedById, KrStatus Status, string Reason)
{
    public static AtRiskAlertPayload From(AtRiskNotice notice) =>
        new(notice.KeyResultId, notice.KeyResultTitle, notice.OwnerId, notice.RaisedById, notice.Status, notice.Reason);

    public AtRiskNotice ToNotice() => new(KeyResultId, KeyResultTitle, OwnerId, RaisedById, Status, Reason, []);
}
