using System.Collections.Concurrent;

namespace Bulwark.Runner.Tests.Checkout;

/// <summary>Collects the progress lines a checkout reports.</summary>
internal sealed class CheckoutLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public Task Write(string line, CancellationToken cancellationToken)
    {
        Lines.Enqueue(line);
        return Task.CompletedTask;
    }
}
