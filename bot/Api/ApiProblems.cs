using OkrBot.Core.Services;

namespace OkrBot.Bot.Api;

/// <summary>
/// Every refusal of the API is a problem document (RFC 9457, <c>application/problem+json</c>): a title, the status, a
/// sentence saying what was wrong, and for input errors <c>errors</c>, naming each field at fault.
/// </summary>
internal static class ApiProblems
{
    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>400: the request's shape is wrong (not JSON, a wrong type, an unknown field, a bad query parameter).</summary>
    public static IResult BadRequest(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message,
            statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid");

    /// <summary>422: well-formed, but a value is not acceptable (out of range for the KR, too long, ...).</summary>
    public static IResult Unprocessable(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message,
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "A value is not acceptable");

    /// <summary>A core service's refusal. "Not found" covers other tenants' and hidden things alike, so they leak nothing.</summary>
    public static IResult From(OkrError error) => error.Code switch
    {
        OkrErrorCode.Invalid => Unprocessable(error.Field ?? "body", error.Message),
        OkrErrorCode.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", error.Message),
        OkrErrorCode.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", error.Message),
        OkrErrorCode.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", error.Message),
        _ => Problem(StatusCodes.Status409Conflict, "Not possible now", error.Message),
    };

    public static Task Write(HttpContext http, int status, string title, string detail) =>
        Problem(status, title, detail).ExecuteAsync(http);
}
