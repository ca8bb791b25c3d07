using Bulwark.Server.Access;

namespace Bulwark.Server.Projects;

/// <summary>Checks of the free-form project fields, shared by create and update (names and URLs have their own types).</summary>
internal static class ProjectFields
{
    public const int MaxDescriptionLength = 1000;
    public const int MaxCredentialReferenceLength = Secrets.SecretName.MaxLength - 16;

    public static Failure? Check(string? description, string? credentialReference)
    {
        if (description is { Length: > MaxDescriptionLength } || description is not null && description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return Failure.BadRequest($"description must be at most {MaxDescriptionLength} characters without control characters", "description");
        }
        // A reference names a secret in the store (project or organisation scope) that holds the checkout
        // credential; the credential itself never belongs here. An SSH key's pinned host keys live in the secret
        // of the same name with the known-hosts suffix, so the name leaves room for it.
        if (credentialReference is { Length: > 0 } reference
            && (reference.Length > MaxCredentialReferenceLength || !Secrets.SecretName.IsValid(reference)))
        {
            return Failure.BadRequest($"credentialReference must name a secret: at most {MaxCredentialReferenceLength} ASCII letters, digits or '_', not starting with a digit", "credentialReference");
        }
        return null;
    }

    public const int MaxProtectedBranches = 32;

    /// <summary>Protected branch patterns: at most 32, each a valid ref pattern without commas.</summary>
    public static Failure? CheckBranches(IReadOnlyList<string>? patterns)
    {
        if (patterns is null)
        {
            return null;
        }
        if (patterns.Count > MaxProtectedBranches || patterns.Any(p => p.Contains(',', StringComparison.Ordinal) || !Secrets.SecretRefPattern.IsValid(p)))
        {
            return Failure.BadRequest($"protectedBranches must be at most {MaxProtectedBranches} branch patterns such as 'main' or 'release/*'", "protectedBranches");
        }
        return null;
    }
}
