using Bulwark.Runner.Checkout;
using Bulwark.Runner.Jobs;
using Bulwark.Server.Projects;
using Bulwark.Server.Secrets;

namespace Bulwark.Server.Pipelines;

/// <summary>
/// Fills in how git authenticates to a project's repository, for the server reading <c>.bulwark.yml</c> and for a
/// runner's checkout. The project's <c>credentialReference</c> names a secret: for an HTTPS URL it holds an access
/// token; for an SSH URL a deploy key, with the host's pinned known_hosts lines in the secret of the same name plus
/// <see cref="KnownHostsSuffix"/>. The runner's git gets them through a credential helper or GIT_SSH_COMMAND
/// (<see cref="GitCredentials"/>), never in a URL.
/// </summary>
internal sealed class CheckoutCredentials(SecretAccess secrets)
{
    public const string KnownHostsSuffix = "_KNOWN_HOSTS";

    /// <summary>A checkout of <paramref name="commit"/> at <paramref name="fullRef"/>, with the project's credential when it names one.</summary>
    /// <param name="runId">The run the read is for, or null when the server reads a definition before a run exists.</param>
    /// <param name="job">Who reads: a job's name, or a label such as "(pipeline definition)".</param>
    /// <exception cref="RepositoryReadException">The referenced secret is missing or the URL's transport takes no credential.</exception>
    public async Task<JobCheckout> ForAsync(Project project, string commit, string fullRef, Guid? runId, string job, CancellationToken cancellationToken)
    {
        var checkout = new JobCheckout { RepositoryUrl = project.RepositoryUrl, Commit = commit, Ref = fullRef };
        if (project.CredentialReference is not { } name)
        {
            return checkout;
        }
        var transport = TransportOf(project.RepositoryUrl);
        var names = transport == GitTransport.Ssh ? new[] { name, name + KnownHostsSuffix } : [name];
        var request = new JobSecretRequest(runId?.ToString() ?? "(none)", job, "(checkout)", project.Name, null, fullRef, RefIsProtected: false, "checkout")
        {
            Names = names,
        };
        var values = await secrets.ReadForCheckoutAsync(request, cancellationToken);
        var missing = names.Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new RepositoryReadException($"the project's credentialReference needs the secret{(missing.Count > 1 ? "s" : "")} {string.Join(" and ", missing)} at project or organisation scope");
        }
        return transport switch
        {
            GitTransport.Https or GitTransport.LoopbackHttp => checkout with { HttpsToken = values[name].Trim() },
            GitTransport.Ssh => checkout with { SshPrivateKey = values[name], SshKnownHosts = values[name + KnownHostsSuffix] },
            _ => throw new RepositoryReadException("a credentialReference applies only to HTTPS and SSH repositories"),
        };
    }

    private static GitTransport TransportOf(string url)
    {
        try
        {
            // Local repositories are refused later, where the server's setting is known; here only the kind matters.
            return GitRemoteUrl.Parse(url, allowLocalRepositories: true).Transport;
        }
        catch (CheckoutException ex)
        {
            throw new RepositoryReadException(ex.Message, ex);
        }
    }
}
