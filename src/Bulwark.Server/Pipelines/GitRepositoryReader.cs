using System.Text;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Checkout;
using Bulwark.Server.Projects;

namespace Bulwark.Server.Pipelines;

/// <summary>
/// Reads a project's repository with the runner library's hardened git (<see cref="GitRemote"/>): no clone, one
/// commit at a time, authenticated with the project's checkout credential when it names one.
/// </summary>
internal sealed class GitRepositoryReader(GitRemote git, CheckoutCredentials credentials) : IRepositoryReader
{
    public const string DefinitionPath = ".bulwark.yml";

    private const string Reader = "(pipeline definition)";

    public async Task<string?> ResolveRefAsync(Project project, string fullRef, CancellationToken cancellationToken)
    {
        try
        {
            var source = await credentials.ForAsync(project, new string('0', 40), fullRef, runId: null, Reader, cancellationToken);
            return await git.ResolveRefAsync(source, fullRef, cancellationToken);
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
            var source = await credentials.ForAsync(project, commit, fullRef, runId: null, Reader, cancellationToken);
            bytes = await git.ReadFileAsync(source, DefinitionPath, RunCreator.MaxDefinitionBytes, cancellationToken);
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
}
