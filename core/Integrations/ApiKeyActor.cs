using OkrBot.Core.Model;

namespace OkrBot.Core.Integrations;

/// <summary>
/// Another system acting through an API key: confined to the key's tenant, able to change things only with the write
/// scope, and recorded in the audit trail as the key (<see cref="AuditActorKind.ApiKey"/>, the key's id). It stands for
/// no person: it sees what everyone in the tenant sees (published public OKRs). docs/decisions/0013.
/// </summary>
public readonly record struct ApiKeyActor(Guid TenantId, Guid ApiKeyId, string Name, ApiKeyScope Scope)
{
    public bool CanWrite => Scope == ApiKeyScope.Write;
}
