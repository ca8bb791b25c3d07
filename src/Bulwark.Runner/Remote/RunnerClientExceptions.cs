using System.Net;

namespace Bulwark.Runner.Remote;

/// <summary>The server could not be reached or is temporarily unable to answer (network, timeout, 5xx, 429): try again later.</summary>
internal sealed class RunnerServerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server refused the request (4xx); the message holds the server's explanation, never a secret.</summary>
internal sealed class RunnerRequestRefusedException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>The job's token stopped working: the job ended, its lease was taken back, or the token expired. Stop working on it.</summary>
internal sealed class JobLeaseLostException(string message) : Exception(message);
