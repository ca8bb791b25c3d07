namespace Bulwark.Runner.Jobs;

/// <summary>Puts the job's commit into its fresh workspace (the git implementation lives in <c>Checkout/</c>).</summary>
internal interface IWorkspaceCheckout
{
    /// <summary>
    /// Checks out <see cref="JobCheckout.Commit"/> into the empty directory <paramref name="workspace"/>.
    /// <paramref name="log"/> receives human-readable progress lines (already free of credentials).
    /// Throws <see cref="CheckoutException"/> with a readable message when the commit cannot be fetched.
    /// </summary>
    Task CheckoutAsync(JobCheckout checkout, string workspace, Func<string, CancellationToken, Task> log, CancellationToken cancellationToken);
}

/// <summary>A checkout failed for a reason worth showing in the job log (never includes a credential).</summary>
internal sealed class CheckoutException(string message, Exception? inner = null) : Exception(message, inner);
