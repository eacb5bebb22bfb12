using System.Text.Json.Serialization;
using OkrBot.Core.Integrations;
using OkrBot.Core.Model;
using OkrBot.Core.Services;

namespace OkrBot.Bot.Api;

// The API's own shapes, apart from the model, so that the model can change without breaking the systems that read the
// API. Enums are camelCase strings; instants are RFC 3339 in UTC; dates are yyyy-MM-dd.

[JsonConverter(typeof(JsonStringEnumConverter<KrStatusDto>))]
public enum KrStatusDto
{
    [JsonStringEnumMemberName("onTrack")] OnTrack,
    [JsonStringEnumMemberName("atRisk")] AtRisk,
    [JsonStringEnumMemberName("offTrack")] OffTrack,
}

[JsonConverter(typeof(JsonStringEnumConverter<KeyResultKindDto>))]
public enum KeyResultKindDto
{
    [JsonStringEnumMemberName("metric")] Metric,
    [JsonStringEnumMemberName("percentage")] Percentage,
    [JsonStringEnumMemberName("milestone")] Milestone,
}

[JsonConverter(typeof(JsonStringEnumConverter<DirectionDto>))]
public enum DirectionDto
{
    [JsonStringEnumMemberName("increase")] Increase,
    [JsonStringEnumMemberName("decrease")] Decrease,
}

[JsonConverter(typeof(JsonStringEnumConverter<CycleKindDto>))]
public enum CycleKindDto
{
    [JsonStringEnumMemberName("annual")] Annual,
    [JsonStringEnumMemberName("quarterly")] Quarterly,
    [JsonStringEnumMemberName("monthly")] Monthly,
    [JsonStringEnumMemberName("custom")] Custom,
}

[JsonConverter(typeof(JsonStringEnumConverter<CycleStateDto>))]
public enum CycleStateDto
{
    [JsonStringEnumMemberName("planning")] Planning,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("reviewing")] Reviewing,
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>One page of a list; <c>next</c> is the path of the following page, null on the last.</summary>
public sealed record PageDto<T>(IReadOnlyList<T> Items, int Offset, int Limit, int Total, string? Next);

public sealed record CycleDto(Guid Id, string Name, CycleKindDto Kind, DateOnly StartDate, DateOnly EndDate, CycleStateDto State, Guid? ParentCycleId);

public sealed record TeamDto(Guid Id, string Name, Guid? ParentTeamId, Guid? LeadId);

/// <param name="ExternalId">The person's id on the messenger (Teams user id, Feishu open_id), to match them with other systems.</param>
public sealed record PersonDto(
    Guid Id, string DisplayName, string ExternalId, string? AadObjectId, Guid? ManagerId, Guid? TeamId, string TimeZone, string Locale,
    bool IsActive, DateOnly? AwayUntil);

/// <summary>Who owns an objective: a person or a team (one of the ids is set).</summary>
public sealed record OwnerDto(Guid? PersonId, Guid? TeamId, string Name);

/// <param name="Progress">0..1 from start to target, either direction; a milestone is 0 or 1.</param>
/// <param name="Status">The owner's explicit status, or the one suggested from progress against the cycle's elapsed time.</param>
public sealed record KeyResultDto(
    Guid Id, Guid ObjectiveId, string Title, KeyResultKindDto Kind, DirectionDto Direction, decimal StartValue, decimal TargetValue, string? Unit,
    decimal Weight, decimal CurrentValue, decimal Progress, KrStatusDto Status, bool StatusIsExplicit, string? StatusReason, int? Confidence,
    Guid OwnerId, string OwnerName, IReadOnlyList<Guid> ParticipantIds, bool IsDropped, DateTimeOffset UpdatedAt);

public sealed record ObjectiveDto(
    Guid Id, Guid CycleId, string CycleName, string Title, string? Description, OwnerDto Owner, Guid? ParentObjectiveId, Guid? ParentKeyResultId,
    decimal Progress, DateTimeOffset CreatedAt, IReadOnlyList<KeyResultDto> KeyResults);

/// <param name="WeekOf">The Monday of the author's local week the check-in is for.</param>
/// <param name="Revision">1 for the week's first check-in; each amendment in the same week adds one.</param>
public sealed record CheckInDto(
    Guid Id, Guid KeyResultId, Guid AuthorId, string AuthorName, DateOnly WeekOf, decimal Value, decimal ValueBefore, KrStatusDto Status,
    int? Confidence, string? Note, string? Blockers, int Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A value another system posted.</summary>
public sealed record ValuePostDto(Guid Id, Guid KeyResultId, decimal Value, decimal ValueBefore, string Source, string? Note, Guid ApiKeyId, DateTimeOffset CreatedAt);

public sealed record NamedRefDto(Guid Id, string Name);

public sealed record KeyResultDetailDto(KeyResultDto KeyResult, NamedRefDto Objective, NamedRefDto Cycle, IReadOnlyList<CheckInDto> CheckIns, IReadOnlyList<ValuePostDto> Values);

/// <summary>What a value post recorded (or, replayed, recorded the first time), and the KR as it now stands.</summary>
public sealed record ValuePostResultDto(ValuePostDto Value, KeyResultDto KeyResult);

/// <summary>A KR's new current value from another system.</summary>
/// <param name="Value">A finite number the KR can take: 0-100 for a percentage, 0 or 1 for a milestone.</param>
/// <param name="Note">Optional, at most 2,000 characters.</param>
/// <param name="Source">Which system it comes from, at most 64 characters; shown on the owner's check-in card. Default: the API key's name.</param>
public sealed record PostValueRequest(decimal Value, string? Note, string? Source);

/// <param name="ManagerId">The manager's person id, or null to clear it.</param>
public sealed record SetManagerRequest(Guid? ManagerId);

internal static class ApiMapping
{
    public static CycleDto Dto(this Cycle c) =>
        new(c.Id, c.Name, (CycleKindDto)c.Kind, c.StartDate, c.EndDate, (CycleStateDto)c.State, c.ParentCycleId);

    public static TeamDto Dto(this Team t) => new(t.Id, t.Name, t.ParentTeamId, t.LeadId);

    public static PersonDto Dto(this Person p) =>
        new(p.Id, p.DisplayName, p.ExternalId, p.AadObjectId, p.ManagerId, p.TeamId, p.TimeZoneId, p.Locale, p.IsActive, p.AwayUntil);

    public static KeyResultDto Dto(this KeyResultRecord r)
    {
        var v = r.View;
        return new(v.Id, r.ObjectiveId, v.Title, (KeyResultKindDto)v.Kind, (DirectionDto)v.Direction, v.StartValue, v.TargetValue, v.Unit,
            v.Weight, v.CurrentValue, Share(v.Progress), (KrStatusDto)v.Status, v.StatusIsExplicit, v.StatusReason, v.Confidence, v.OwnerId, v.OwnerName,
            r.ParticipantIds, v.IsDropped, r.UpdatedAt);
    }

    public static ObjectiveDto Dto(this ObjectiveRecord r) =>
        new(r.View.Id, r.CycleId, r.CycleName, r.View.Title, r.Description, new OwnerDto(r.View.OwnerPersonId, r.View.OwnerTeamId, r.View.OwnerName),
            r.ParentObjectiveId, r.ParentKeyResultId, Share(r.View.Progress), r.CreatedAt, r.KeyResults.Select(Dto).ToList());

    public static CheckInDto Dto(this CheckInRecord c) =>
        new(c.Id, c.KeyResultId, c.AuthorId, c.AuthorName, c.WeekOf, c.Value, c.ValueBefore, (KrStatusDto)c.Status, c.Confidence, c.Note,
            c.Blockers, c.Revision, c.CreatedAt, c.UpdatedAt);

    public static ValuePostDto Dto(this ValuePostRecord p) => new(p.Id, p.KeyResultId, p.Value, p.ValueBefore, p.Source, p.Note, p.ApiKeyId, p.CreatedAt);

    public static KeyResultDetailDto Dto(this KeyResultDetailRecord d) =>
        new(d.KeyResult.Dto(), new NamedRefDto(d.KeyResult.ObjectiveId, d.ObjectiveTitle), new NamedRefDto(d.CycleId, d.CycleName),
            d.CheckIns.Select(Dto).ToList(), d.ValuePosts.Select(Dto).ToList());

    /// <summary>Progress to four places: more digits (an artefact of the embedded store's doubles) say nothing.</summary>
    private static decimal Share(decimal fraction) => Math.Round(fraction, 4, MidpointRounding.AwayFromZero);

    /// <summary>A page, with the path of the next one (same query, next offset) when there is more.</summary>
    public static PageDto<TDto> Dto<T, TDto>(this Page<T> page, HttpRequest request, Func<T, TDto> map)
    {
        string? next = null;
        if (page.Offset + page.Items.Count < page.Total)
        {
            var query = request.Query.Where(q => q.Key is not ("offset" or "limit"))
                .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
                .Append(KeyValuePair.Create("offset", (string?)(page.Offset + page.Items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(KeyValuePair.Create("limit", (string?)page.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
        }
        return new PageDto<TDto>(page.Items.Select(map).ToList(), page.Offset, page.Limit, page.Total, next);
    }
}
