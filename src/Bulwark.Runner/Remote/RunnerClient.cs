using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bulwark.Runner.Remote;

/// <summary>
/// A remote runner's HTTP calls to its server. The <see cref="HttpClient"/> is the caller's (it decides TLS trust and the
/// base address, and must not time out by itself: each call here has its own time limit). Transport failures, timeouts,
/// 5xx and 429 become <see cref="RunnerServerUnavailableException"/>; other answers are returned with a bounded body.
/// </summary>
internal sealed class RunnerClient(HttpClient http)
{
    /// <summary>Largest answer read (a lease with its spec is kilobytes).</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>Time limit of one call that moves little data.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public Uri? Server => http.BaseAddress;

    /// <summary>Registers with a one-time token; the answer holds the credential to keep.</summary>
    /// <exception cref="RunnerRequestRefusedException">The token was refused (used, expired, unknown) or the name or labels are invalid.</exception>
    public async Task<RunnerRegistered> RegisterAsync(string registrationToken, RunnerRegistration registration, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, RunnerProtocol.RegisterPath, registrationToken, JsonContent.Create(registration, options: RunnerProtocol.Json), CallTimeout, cancellationToken);
        return answer.Status == HttpStatusCode.Created ? answer.Read<RunnerRegistered>() : throw answer.Refusal("registering");
    }

    /// <summary>Asks for a job, waiting up to <paramref name="waitSeconds"/> on the server; null when none came.</summary>
    /// <exception cref="RunnerRequestRefusedException">The credential was refused (401: disabled or unknown runner) or the request was.</exception>
    public async Task<LeasedJob?> LeaseAsync(string credential, int waitSeconds, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, $"{RunnerProtocol.LeasePath}?wait={waitSeconds}", credential, null,
            CallTimeout + TimeSpan.FromSeconds(waitSeconds), cancellationToken);
        return answer.Status switch
        {
            HttpStatusCode.OK => answer.Read<LeasedJob>(),
            HttpStatusCode.NoContent => null,
            _ => throw answer.Refusal("asking for a job"),
        };
    }

    /// <summary>One call; <paramref name="timeout"/> null means no limit beyond <paramref name="cancellationToken"/> (uploads).</summary>
    public async Task<RunnerAnswer> SendAsync(HttpMethod method, string path, string bearer, HttpContent? content, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } after)
        {
            limit.CancelAfter(after);
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var body = await ReadBoundedAsync(response.Content, limit.Token);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
            {
                throw new RunnerServerUnavailableException($"{http.BaseAddress} answered {status}{RunnerAnswer.Problem(body)}");
            }
            return new RunnerAnswer(response.StatusCode, body);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is System.Security.Authentication.AuthenticationException
                ? "the server's TLS certificate is not trusted (for a self-signed one, pass its fingerprint with --tls-fingerprint)"
                : ex.Message;
            throw new RunnerServerUnavailableException($"cannot reach {http.BaseAddress}: {reason}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RunnerServerUnavailableException($"{http.BaseAddress} did not answer within {timeout?.TotalSeconds:0} seconds", ex);
        }
        catch (IOException ex)
        {
            throw new RunnerServerUnavailableException($"the connection to {http.BaseAddress} broke: {ex.Message}", ex);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new RunnerServerUnavailableException($"the server's answer is larger than {MaxResponseBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
