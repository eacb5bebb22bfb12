using Microsoft.OpenApi;
using OkrBot.Core.Integrations;

namespace OkrBot.Bot.Api;

/// <summary>
/// <c>/api/v1</c>: what other systems of an organisation read and write. Every endpoint needs an API key of that
/// organisation (read scope; the write scope for changes), is rate-limited per key, and answers refusals with problem
/// documents. Ids of other organisations and of OKRs a key may not see are "not found", never "forbidden".
/// </summary>
internal static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly HashSet<string> PostValueFields = ["value", "note", "source"];
    private static readonly HashSet<string> SetManagerFields = ["managerId"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(ApiKeyAuthenticationHandler.ReadPolicy)
            .RequireRateLimiting(ApiRateLimiting.Policy)
            .CommonProblems();

        api.MapGet("/cycles", ListCyclesAsync).WithName("listCycles").WithTags("Organisation")
            .WithSummary("The organisation's OKR cycles, newest first.").Produces<IReadOnlyList<CycleDto>>();
        api.MapGet("/teams", ListTeamsAsync).WithName("listTeams").WithTags("Organisation")
            .WithSummary("The organisation's teams.").Produces<IReadOnlyList<TeamDto>>();

        api.MapGet("/objectives", ListObjectivesAsync).WithName("listObjectives").WithTags("OKRs")
            .WithSummary("Published public objectives with their key results, of a cycle (default: the current one), a person or a team.")
            .Query(("cycleId", JsonSchemaType.String, "uuid", "The cycle (GET /cycles); default: the cycle running today."),
                ("personId", JsonSchemaType.String, "uuid", "Objectives the person owns or holds key results in (as owner or participant)."),
                ("teamId", JsonSchemaType.String, "uuid", "The team's own objectives and its members'."))
            .Paged().Produces<PageDto<ObjectiveDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/objectives/{id:guid}", GetObjectiveAsync).WithName("getObjective").WithTags("OKRs")
            .WithSummary("One objective with its key results.").Produces<ObjectiveDto>().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/key-results/{id:guid}", GetKeyResultAsync).WithName("getKeyResult").WithTags("OKRs")
            .WithSummary("One key result with its latest check-ins and posted values, newest first.")
            .Query(("recent", JsonSchemaType.Integer, "int32", $"How many check-ins and posted values to include (0-{IntegrationReadService.MaxRecent}, default 10)."))
            .Produces<KeyResultDetailDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/key-results/{id:guid}/values", PostValueAsync).WithName("postKeyResultValue").WithTags("OKRs")
            .WithSummary("Sets a key result's current value from another system; the owner's next check-in card starts from it.")
            .WithDescription("Send an Idempotency-Key to make retries safe: a post with a key seen before is answered as the first one was "
                + "(with Idempotent-Replayed: true) and records nothing; the same key with a different body is refused (422).")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .Header(IdempotencyKeyHeader, "Your id for this post (1-255 printable ASCII characters), unique within the organisation.")
            .Accepts<PostValueRequest>("application/json")
            .Produces<ValuePostResultDto>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/check-ins", ListCheckInsAsync).WithName("listCheckIns").WithTags("OKRs")
            .WithSummary("Check-ins of the key results a key may see, the least recently changed first.")
            .Query(("keyResultId", JsonSchemaType.String, "uuid", "Only this key result's."),
                ("since", JsonSchemaType.String, null, "Only check-ins created or amended at or after this date (2026-11-16, midnight UTC) or instant (2026-11-16T09:00:00Z)."))
            .Paged().Produces<PageDto<CheckInDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/people", ListPeopleAsync).WithName("listPeople").WithTags("People")
            .WithSummary("People of the organisation, by name.")
            .Query(("teamId", JsonSchemaType.String, "uuid", "Only the team's members."),
                ("managerId", JsonSchemaType.String, "uuid", "Only the manager's direct reports."),
                ("includeInactive", JsonSchemaType.Boolean, null, "Include deactivated people (default false)."))
            .Paged().Produces<PageDto<PersonDto>>().ProducesValidationProblem();
        api.MapGet("/people/{id:guid}", GetPersonAsync).WithName("getPerson").WithTags("People")
            .WithSummary("One person.").Produces<PersonDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/people/{id:guid}/manager", SetManagerAsync).WithName("setManager").WithTags("People")
            .WithSummary("Sets or clears a person's manager, for organisations whose messenger directory does not say.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .Accepts<SetManagerRequest>("application/json")
            .Produces<PersonDto>().ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> ListCyclesAsync(HttpContext http, IntegrationReadService reads, CancellationToken ct)
    {
        if (new ApiQuery(http.Request).Problem is { } bad) return bad;
        return Results.Ok((await reads.CyclesAsync(ApiCaller.Of(http), ct)).Select(c => c.Dto()).ToList());
    }

    private static async Task<IResult> ListTeamsAsync(HttpContext http, IntegrationReadService reads, CancellationToken ct)
    {
        if (new ApiQuery(http.Request).Problem is { } bad) return bad;
        return Results.Ok((await reads.TeamsAsync(ApiCaller.Of(http), ct)).Select(t => t.Dto()).ToList());
    }

    private static async Task<IResult> ListObjectivesAsync(HttpContext http, IntegrationReadService reads, CancellationToken ct)
    {
        var q = new ApiQuery(http.Request, "cycleId", "personId", "teamId", "offset", "limit");
        var filter = new ObjectiveFilter(q.Id("cycleId"), q.Id("personId"), q.Id("teamId"));
        var paging = q.Paging();
        if (q.Problem is { } bad) return bad;
        var result = await reads.ObjectivesAsync(ApiCaller.Of(http), filter, paging, ct);
        return result.Error is { } error ? ApiProblems.From(error) : Results.Ok(result.Value!.Dto(http.Request, o => o.Dto()));
    }

    private static async Task<IResult> GetObjectiveAsync(HttpContext http, Guid id, IntegrationReadService reads, CancellationToken ct)
    {
        if (new ApiQuery(http.Request).Problem is { } bad) return bad;
        var result = await reads.ObjectiveAsync(ApiCaller.Of(http), id, ct);
        return result.Error is { } error ? ApiProblems.From(error) : Results.Ok(result.Value!.Dto());
    }

    private static async Task<IResult> GetKeyResultAsync(HttpContext http, Guid id, IntegrationReadService reads, CancellationToken ct)
    {
        var q = new ApiQuery(http.Request, "recent");
        var recent = q.Int("recent", 0, IntegrationReadService.MaxRecent);
        if (q.Problem is { } bad) return bad;
        var result = await reads.KeyResultAsync(ApiCaller.Of(http), id, recent ?? 10, ct);
        return result.Error is { } error ? ApiProblems.From(error) : Results.Ok(result.Value!.Dto());
    }

    private static async Task<IResult> ListCheckInsAsync(HttpContext http, IntegrationReadService reads, CancellationToken ct)
    {
        var q = new ApiQuery(http.Request, "keyResultId", "since", "offset", "limit");
        var filter = new CheckInFilter(q.Id("keyResultId"), q.Instant("since"));
        var paging = q.Paging();
        if (q.Problem is { } bad) return bad;
        var result = await reads.CheckInsAsync(ApiCaller.Of(http), filter, paging, ct);
        return result.Error is { } error ? ApiProblems.From(error) : Results.Ok(result.Value!.Dto(http.Request, c => c.Dto()));
    }

    private static async Task<IResult> ListPeopleAsync(HttpContext http, IntegrationReadService reads, CancellationToken ct)
    {
        var q = new ApiQuery(http.Request, "teamId", "managerId", "includeInactive", "offset", "limit");
        var filter = new PeopleFilter(q.Id("teamId"), q.Id("managerId"), q.Bool("includeInactive"));
        var paging = q.Paging();
        if (q.Problem is { } bad) return bad;
        var page = await reads.PeopleAsync(ApiCaller.Of(http), filter, paging, ct);
        return Results.Ok(page.Dto(http.Request, p => p.Dto()));
    }

    private static async Task<IResult> GetPersonAsync(HttpContext http, Guid id, IntegrationReadService reads, CancellationToken ct)
    {
        if (new ApiQuery(http.Request).Problem is { } bad) return bad;
        var result = await reads.PersonAsync(ApiCaller.Of(http), id, ct);
        return result.Error is { } error ? ApiProblems.From(error) : Results.Ok(result.Value!.Dto());
    }

    private static async Task<IResult> PostValueAsync(HttpContext http, Guid id, KeyResultValueService values, Microsoft.Extensions.Options.IOptions<ApiOptions> options, CancellationToken ct)
    {
        if (new ApiQuery(http.Request).Problem is { } badQuery) return badQuery;
        var idempotencyKey = http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var keys) ? keys.ToString() : null;
        if (keys.Count > 1) return ApiProblems.BadRequest(IdempotencyKeyHeader, "Send one Idempotency-Key.");
        var (body, problem) = await ApiJsonBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, PostValueFields, ct);
        if (problem is not null) return problem;
        var (value, note, source) = (body!.Number("value"), body.OptionalString("note"), body.OptionalString("source"));
        if (body.Problem is { } bad) return bad;

        var result = await values.PostAsync(ApiCaller.Of(http), new ValuePostRequest(id, value, note, source, idempotencyKey), ct);
        if (result.Error is { } error) return ApiProblems.From(error);
        var receipt = result.Value!;
        var dto = new ValuePostResultDto(receipt.Post.Dto(), receipt.KeyResult.Dto());
        if (receipt.Replayed) http.Response.Headers[ReplayedHeader] = "true";
        // The first post answers 201; its replays repeat that answer.
        return Results.Created($"{Prefix}/key-results/{id}", dto);
    }

    private static async Task<IResult> SetManagerAsync(HttpContext http, Guid id, ManagerService managers, Microsoft.Extensions.Options.IOptions<ApiOptions> options, CancellationToken ct)
    {
        if (new ApiQuery(http.Request).Problem is { } badQuery) return badQuery;
        var (body, problem) = await ApiJsonBody.ReadAsync(http.Request, options.Value.MaxRequestBytes, SetManagerFields, ct);
        if (problem is not null) return problem;
        var managerId = body!.NullableId("managerId");
        if (body.Problem is { } bad) return bad;
        var result = await managers.SetManagerAsync(ApiCaller.Of(http), id, managerId, ct);
        return result.Error is { } error ? ApiProblems.From(error) : Results.Ok(result.Value!.Dto());
    }
}
