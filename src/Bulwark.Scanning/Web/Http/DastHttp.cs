using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// The only way a probe reaches the network. Every request passes the scope guard, the verb guard, the
/// request budget and the token bucket, in that order; bodies are read up to a cap; failures come back as a
/// response with status 0 and a clear <see cref="DastResponse.Error"/>, never as exceptions.
/// </summary>
internal sealed class DastHttp : IDisposable
{
    public const int MaxRedirects = 5;

    private static readonly HashSet<string> SafeMethods = new(StringComparer.Ordinal) { "GET", "HEAD", "OPTIONS" };

    private readonly DastOptions _options;
    private readonly TokenBucket _bucket;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly DastNotices _notices;
    private readonly HarRecorder? _har;
    private int _sent;

    public DastHttp(DastOptions options, ScopeGuard scope, RequestBudget budget, AuthHeader? auth, HarRecorder? har, DastNotices notices, TimeProvider time)
    {
        _options = options;
        Scope = scope;
        Budget = budget;
        Auth = auth;
        _har = har;
        _notices = notices;
        _time = time;
        _bucket = new TokenBucket(options.Rate, time);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = options.Concurrency + 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 64,
        };
        if (options.Insecure)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("bulwark-dast/1.0");
    }

    public ScopeGuard Scope { get; }

    public RequestBudget Budget { get; }

    public AuthHeader? Auth { get; }

    /// <summary>Sees every response (the passive checks); must be thread-safe.</summary>
    public Action<DastResponse>? Observer { get; init; }

    /// <summary>Requests actually sent (counted when they leave, whatever came back).</summary>
    public int Sent => _sent;

    /// <summary>Sends one request; null when it may not be sent (out of scope, budget spent, scan cancelled).</summary>
    public async Task<DastResponse?> SendAsync(DastRequest request, CancellationToken cancellationToken)
    {
        if (Scope.SameOrigin(request.Url) && Scope.Excluded(request.Url))
        {
            _notices.Add(NoticeLevel.Info, "scope", $"not requested (excluded path): {request.Url.AbsolutePath}", key: $"excluded|{request.Url.AbsolutePath}");
            return null;
        }
        if (!Scope.InScope(request.Url))
        {
            _notices.Add(NoticeLevel.Info, "scope", $"not requested (out of scope): {request.Url.GetLeftPart(UriPartial.Authority)}", key: $"scope|{request.Url.GetLeftPart(UriPartial.Authority)}");
            return null;
        }
        if (!SafeMethods.Contains(request.Method) && !_options.AllowDestructive && !(request.Method == "POST" && request.InferencePost))
        {
            throw new InvalidOperationException($"{request.Method} is destructive: a probe must not send it without --allow-destructive");
        }
        if (cancellationToken.IsCancellationRequested || !Budget.TryTake())
        {
            return null;
        }
        try
        {
            await _bucket.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        Interlocked.Increment(ref _sent);
        var response = await SendNowAsync(request, cancellationToken).ConfigureAwait(false);
        _har?.Add(response);
        Observer?.Invoke(response);
        return response;
    }

    /// <summary>Sends a GET and follows in-scope redirects (at most <see cref="MaxRedirects"/>, loops stopped).</summary>
    public async Task<DastResponse?> GetFollowingAsync(Uri url, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        var response = await SendAsync(DastRequest.Get(url), cancellationToken).ConfigureAwait(false);
        for (var hop = 0; response is { IsRedirect: true } && hop < MaxRedirects; hop++)
        {
            if (!Uri.TryCreate(response.Url, response.Header("Location"), out var next))
            {
                return response;
            }
            if (!Scope.InScope(next))
            {
                _notices.Add(NoticeLevel.Info, response.Url.AbsolutePath, $"redirect to {next.GetLeftPart(UriPartial.Authority)} not followed (out of scope)");
                return response;
            }
            if (!seen.Add(next.AbsoluteUri))
            {
                _notices.Add(NoticeLevel.Warning, response.Url.AbsolutePath, "redirect loop; stopped following");
                return response;
            }
            response = await SendAsync(DastRequest.Get(next), cancellationToken).ConfigureAwait(false);
        }
        if (response is { IsRedirect: true })
        {
            _notices.Add(NoticeLevel.Warning, response.Url.AbsolutePath, $"more than {MaxRedirects} redirects; stopped following");
        }
        return response;
    }

    private async Task<DastResponse> SendNowAsync(DastRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (request.Authenticated && Auth is not null && !request.Headers.Any(h => string.Equals(h.Key, Auth.Name, StringComparison.OrdinalIgnoreCase)))
        {
            message.Headers.TryAddWithoutValidation(Auth.Name, Auth.Value);
        }
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/octet-stream");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var headers = response.Headers.Concat(response.Content.Headers)
                .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
            var (bytes, length, truncated) = request.Method == "HEAD" ? ([], 0, false) : await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
            var text = System.Text.Encoding.UTF8.GetString(bytes, 0, length);
            return new DastResponse(request, (int)response.StatusCode, headers, text, _time.GetElapsedTime(started))
            {
                Head = bytes.AsSpan(0, Math.Min(length, 16)).ToArray(),
                Truncated = truncated,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(request, started, $"no response within {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            return Failed(request, started, "cancelled: the scan's time limit was reached");
        }
        catch (HttpRequestException ex)
        {
            return Failed(request, started, Describe(ex));
        }
        catch (IOException ex)
        {
            return Failed(request, started, $"connection failed: {ex.Message}");
        }
    }

    private async Task<(byte[] Bytes, int Length, bool Truncated)> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        var declared = response.Content.Headers.ContentLength;
        var buffer = new byte[(int)Math.Min(limit, declared is { } d && d >= 0 ? d : 64 * 1024)];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= limit)
                {
                    // One more byte tells whether anything was left unread.
                    var probe = new byte[1];
                    var more = await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
                    return (buffer, length, more);
                }
                Array.Resize(ref buffer, (int)Math.Min(limit, (long)buffer.Length * 2));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length, false);
            }
            length += read;
        }
    }

    private DastResponse Failed(DastRequest request, long started, string error) =>
        new(request, 0, [], "", _time.GetElapsedTime(started)) { Error = Auth is null ? error : Auth.Scrub(error) };

    private static string Describe(HttpRequestException ex)
    {
        if (ex.InnerException is AuthenticationException tls)
        {
            return $"TLS handshake failed: {tls.Message}";
        }
        if (ex.InnerException is SocketException socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name cannot be resolved",
                SocketError.TimedOut => "connection timed out",
                _ => $"connection failed: {socket.SocketErrorCode}",
            };
        }
        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host name cannot be resolved",
            HttpRequestError.ConnectionError => $"connection failed: {ex.Message}",
            HttpRequestError.SecureConnectionError => $"TLS handshake failed: {ex.InnerException?.Message ?? ex.Message}",
            HttpRequestError.InvalidResponse => "invalid HTTP response (is this an HTTP server? wrong scheme?)",
            HttpRequestError.ResponseEnded => "the server closed the connection before answering",
            _ => ex.Message,
        };
    }

    public void Dispose() => _client.Dispose();
}
