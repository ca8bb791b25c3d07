using System.Net;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>Answers every request on a loopback port with a 302 to the same path under another base URL.</summary>
internal sealed class HttpRedirector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public HttpRedirector(string target)
    {
        Url = $"http://127.0.0.1:{LoopbackPort.Free()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = target.TrimEnd('/') + context.Request.Url!.PathAndQuery;
                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    public string Url { get; }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
