using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Tests.Shared;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>A host that accepts the connection and then says nothing: the checkout must give up at its time limit.</summary>
public sealed class GitTimeoutTests : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly TempDirectory _work = new("bulwark-timeout-");

    public GitTimeoutTests()
    {
        _silent.Start();
        _ = AcceptForeverAsync();
    }

    private string Url => $"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}/models.git";

    [Fact]
    public async Task A_stalled_fetch_is_killed_at_the_timeout()
    {
        var options = new GitOptions { AllowLocalRepositories = true, Timeout = TimeSpan.FromSeconds(2) };
        var checkout = new JobCheckout { RepositoryUrl = Url, Commit = new string('c', 40), Ref = "refs/heads/main" };
        var watch = Stopwatch.StartNew();

        var ex = await Should.ThrowAsync<CheckoutException>(() =>
            new GitCheckout(options).CheckoutAsync(checkout, _work.Combine("workspace"), new CheckoutLog().Write, CancellationToken.None));

        ex.Message.ShouldContain("did not finish within the 00:00:02 checkout time limit");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Cancelling_a_stalled_fetch_stops_it_promptly()
    {
        var checkout = new JobCheckout { RepositoryUrl = Url, Commit = new string('c', 40), Ref = "refs/heads/main" };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            new GitCheckout(new GitOptions { AllowLocalRepositories = true }).CheckoutAsync(checkout, _work.Combine("workspace"), new CheckoutLog().Write, cancel.Token));

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Timeouts_out_of_range_are_refused_by_name()
    {
        Should.Throw<ArgumentException>(() => new GitOptions { Timeout = TimeSpan.Zero }.Validate()).Message.ShouldContain("GitOptions.Timeout");
        Should.Throw<ArgumentException>(() => new GitCheckout(new GitOptions { Timeout = TimeSpan.FromDays(2) })).Message.ShouldContain("GitOptions.Timeout");
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _silent.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        _silent.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(socket => socket.Dispose());
        }
        _work.Dispose();
    }
}
