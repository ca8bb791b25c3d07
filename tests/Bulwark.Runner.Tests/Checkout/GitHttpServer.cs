using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>
/// Serves the git repositories under a folder over loopback HTTP: <c>git http-backend</c> run as a CGI program
/// behind <see cref="HttpListener"/>. With a token set, every request needs Basic authentication whose password is
/// that token (any user name); otherwise it gets 401 and git asks its credential helper. With
/// <c>protocolV2: false</c> the Git-Protocol header is not passed on, so the backend speaks protocol v0 and
/// refuses to serve commits by id, like hosts that do not allow unadvertised objects.
/// </summary>
internal sealed class GitHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly string? _token;
    private readonly bool _protocolV2;
    private readonly Task _loop;

    public GitHttpServer(string root, string? token, bool protocolV2 = true)
    {
        _root = root;
        _token = token;
        _protocolV2 = protocolV2;
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Every Authorization header received, to assert how the token travelled.</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public ConcurrentQueue<string> RequestPaths { get; } = new();

    public string Url(string repository) => $"http://127.0.0.1:{Port}/{repository}";

    public void Dispose()
    {
        // Close alone: Stop followed by Close makes the managed listener look its endpoint up again, binding the port anew.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener throws once stopped.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            RequestPaths.Enqueue(request.Url!.PathAndQuery);
            var authorization = request.Headers["Authorization"];
            if (authorization is not null)
            {
                AuthorizationHeaders.Enqueue(authorization);
            }
            if (_token is not null && !Authorized(authorization))
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"bulwark-test\"");
                response.Close();
                return;
            }
            await RunBackendAsync(request, response);
        }
        catch (Exception ex) when (ex is IOException or HttpListenerException or InvalidOperationException)
        {
            response.Abort();
        }
    }

    private bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        }
        catch (FormatException)
        {
            return false;
        }
        var password = decoded[(decoded.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(_token!));
    }

    private async Task RunBackendAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        var info = new ProcessStartInfo
        {
            FileName = "git",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("http-backend");
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = TestGit.NoGlobalConfig;
        info.Environment["GIT_PROJECT_ROOT"] = _root;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["REQUEST_METHOD"] = request.HttpMethod;
        info.Environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        info.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        info.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        info.Environment["REMOTE_USER"] = "test";
        if (request.Headers["Content-Encoding"] is { } encoding)
        {
            info.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }
        if (_protocolV2 && request.Headers["Git-Protocol"] is { } protocol)
        {
            info.Environment["GIT_PROTOCOL"] = protocol;
        }
        using var backend = Process.Start(info)!;
        var stderr = backend.StandardError.ReadToEndAsync();
        await request.InputStream.CopyToAsync(backend.StandardInput.BaseStream);
        backend.StandardInput.Close();

        var output = backend.StandardOutput.BaseStream;
        foreach (var line in await ReadCgiHeadersAsync(output))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                response.StatusCode = int.Parse(value.AsSpan(0, 3), provider: null);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.AddHeader(name, value);
            }
        }
        response.SendChunked = true;
        await output.CopyToAsync(response.OutputStream);
        await backend.WaitForExitAsync();
        await stderr;
        response.Close();
    }

    /// <summary>CGI header lines up to the blank line, read byte by byte so the body stays in the stream.</summary>
    private static async Task<List<string>> ReadCgiHeadersAsync(Stream output)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var one = new byte[1];
        while (await output.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                if (text.Length == 0)
                {
                    break;
                }
                lines.Add(text);
                line.Clear();
            }
            else
            {
                line.Append((char)one[0]);
            }
        }
        return lines;
    }
}
