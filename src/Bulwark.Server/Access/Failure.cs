using Bulwark.Server.Operations;
using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Access;

/// <summary>
/// Why an operation shared by the API and the web pages was refused. The API answers it as an RFC 7807
/// problem; a page shows <see cref="Detail"/> beside the form. Details never hold a secret.
/// </summary>
internal sealed record Failure(int Status, string Detail, string? Field = null)
{
    public static Failure BadRequest(string detail, string? field = null) => new(StatusCodes.Status400BadRequest, detail, field);

    public static Failure NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);

    public static Failure Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);

    public static Failure Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail);

    public IResult ToProblem() => Status switch
    {
        StatusCodes.Status400BadRequest => Problems.BadRequest(Detail, Field),
        StatusCodes.Status404NotFound => Problems.NotFound(Detail),
        StatusCodes.Status409Conflict => Problems.Conflict(Detail),
        _ => Problems.Result(Status, "forbidden", Detail),
    };
}
