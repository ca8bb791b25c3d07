using Bulwark.Server.Projects;

namespace Bulwark.Server.Pipelines;

/// <summary>What the server reads from a project's repository before a run exists: a ref's commit and the commit's <c>.bulwark.yml</c>.</summary>
internal interface IRepositoryReader
{
    /// <summary>The commit a full ref name points at, or null when the ref does not exist.</summary>
    /// <exception cref="RepositoryReadException">The repository cannot be reached or read.</exception>
    Task<string?> ResolveRefAsync(Project project, string fullRef, CancellationToken cancellationToken);

    /// <summary>The commit's <c>.bulwark.yml</c>, or null when it has none.</summary>
    /// <exception cref="RepositoryReadException">The repository cannot be reached, the commit is missing, or the file is too large.</exception>
    Task<string?> ReadDefinitionAsync(Project project, string commit, string fullRef, CancellationToken cancellationToken);
}

/// <summary>A repository read failed; the message is for people and never holds a credential.</summary>
internal sealed class RepositoryReadException(string message, Exception? inner = null) : Exception(message, inner);
