using System.Text;
using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Server.Projects;

namespace Bulwark.Server.Pipelines;

/// <summary>Reads a project's repository with the runner library's hardened git (<see cref="GitRemote"/>): no clone, one commit at a time.</summary>
internal sealed class GitRepositoryReader(GitRemote git) : IRepositoryReader
{
    public const string DefinitionPath = ".bulwark.yml";

    public async Task<string?> ResolveRefAsync(Project project, string fullRef, CancellationToken cancellationToken)
    {
        try
        {
            return await git.ResolveRefAsync(Source(project, new string('0', 40), fullRef), fullRef, cancellationToken);
        }
        catch (CheckoutException ex)
        {
            throw new RepositoryReadException(ex.Message, ex);
        }
    }

    public async Task<string?> ReadDefinitionAsync(Project project, string commit, string fullRef, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = await git.ReadFileAsync(Source(project, commit, fullRef), DefinitionPath, RunCreator.MaxDefinitionBytes, cancellationToken);
        }
        catch (CheckoutException ex)
        {
            throw new RepositoryReadException(ex.Message, ex);
        }
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new RepositoryReadException($"{DefinitionPath} is not valid UTF-8");
        }
    }

    private static JobCheckout Source(Project project, string commit, string fullRef) =>
        new() { RepositoryUrl = project.RepositoryUrl, Commit = commit, Ref = fullRef };
}
