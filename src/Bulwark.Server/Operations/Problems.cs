using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Bulwark.Server.Operations;

/// <summary>RFC 7807 problem details for every error the API returns, so clients see one error shape.</summary>
internal static class Problems
{
    public static IResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    public static IResult BadRequest(string detail, string? field = null) =>
        Result(StatusCodes.Status400BadRequest, "invalid request", detail, field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, "not found", detail);

    public static IResult Conflict(string detail) => Result(StatusCodes.Status409Conflict, "conflict", detail);

    /// <summary>Writes a problem outside an endpoint (authentication challenges, middleware).</summary>
    public static Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail },
            options: null,
            contentType: "application/problem+json");
    }
}
