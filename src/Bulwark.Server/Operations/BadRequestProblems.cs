using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Operations;

/// <summary>
/// Says what was wrong with a request the framework refused before any endpoint ran (malformed JSON, an unknown
/// field, an invalid enum value, a body too large), naming the JSON path but not our internal type names.
/// </summary>
internal static class BadRequestProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions.Remove("traceId");
        if (context.Exception is not BadHttpRequestException bad)
        {
            return;
        }
        problem.Title = "invalid request";
        problem.Detail = bad.InnerException switch
        {
            JsonException { Path: { } path } json when json.Message.Contains("could not be mapped", StringComparison.Ordinal) => $"unknown field at {path}",
            JsonException { Path: { } path } invalid => $"the body is not valid JSON for this endpoint (at {path}, line {invalid.LineNumber + 1})",
            JsonException => "the body is not valid JSON for this endpoint",
            _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => "the request body is too large",
            _ => bad.Message,
        };
    }
}
