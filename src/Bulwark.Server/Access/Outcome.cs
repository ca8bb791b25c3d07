using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Access;

/// <summary>The value an operation produced, or the <see cref="Access.Failure"/> that stopped it (never both).</summary>
internal sealed record Outcome<T>(T? Value, Failure? Failure)
    where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Failure failure) => new(null, failure);

    /// <summary>The API answer: <paramref name="success"/> for the value, a problem for the failure.</summary>
    public IResult ToResult(Func<T, IResult> success) => Failure?.ToProblem() ?? success(Value!);
}
