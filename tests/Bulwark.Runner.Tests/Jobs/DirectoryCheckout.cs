using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Tests.Jobs;

/// <summary>A test-only checkout: copies a prepared directory (symlinks stay symlinks) into the workspace.</summary>
internal sealed class DirectoryCheckout(string source) : IWorkspaceCheckout
{
    public async Task CheckoutAsync(JobCheckout checkout, string workspace, Func<string, CancellationToken, Task> log, CancellationToken cancellationToken)
    {
        await log($"copying {Path.GetFileName(source)} at {checkout.Commit}", cancellationToken);
        Copy(new DirectoryInfo(source), workspace);
    }

    private static void Copy(DirectoryInfo from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in from.EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo directory)
            {
                Copy(directory, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }
}

/// <summary>A checkout that fails like an unreachable repository.</summary>
internal sealed class FailingCheckout : IWorkspaceCheckout
{
    public Task CheckoutAsync(JobCheckout checkout, string workspace, Func<string, CancellationToken, Task> log, CancellationToken cancellationToken) =>
        throw new CheckoutException("repository not found");
}
