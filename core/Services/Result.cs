namespace OkrBot.Core.Services;

/// <summary>Why a service refused. Channels map the code to their own status and localised text.</summary>
public enum OkrErrorCode
{
    /// <summary>The input itself is wrong (missing, out of range, too long).</summary>
    Invalid,
    /// <summary>No such thing in the actor's tenant. Also used for other tenants' ids, so they leak nothing.</summary>
    NotFound,
    /// <summary>It exists and the actor may see it, but may not change it.</summary>
    Forbidden,
    /// <summary>The cycle is not open for this kind of change (planning or closed).</summary>
    CycleNotOpen,
    /// <summary>The card was made for an earlier week.</summary>
    StaleWeek,
    /// <summary>Another writer kept winning; try again.</summary>
    Conflict,
}

/// <summary>A refusal: a code for machines and a sentence for people, naming the field when one is at fault.</summary>
public sealed record OkrError(OkrErrorCode Code, string Message, string? Field = null);

/// <summary>What a service returns: a value, or the reason it refused (it changed nothing then).</summary>
public sealed class Result<T>
{
    private Result(T? value, OkrError? error) => (Value, Error) = (value, error);

    public T? Value { get; }
    public OkrError? Error { get; }
    public bool IsOk => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(OkrErrorCode code, string message, string? field = null) => new(default, new(code, message, field));
    public static Result<T> Fail(OkrError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(OkrError error) => Fail(error);

    public override string ToString() => IsOk ? $"Ok({Value})" : $"{Error!.Code}: {Error.Message}";
}

/// <summary>Who is acting: a person of a tenant, as the channel authenticated them.</summary>
public readonly record struct Actor(Guid TenantId, Guid PersonId);
