using Bulwark.Server.Access;

namespace Bulwark.Server.Secrets;

/// <summary>Checks the rule fields of a write and applies them to a secret; absent fields keep what the secret has.</summary>
internal static class SecretRulesInput
{
    public const int MaxBranches = 32;
    public const int MaxJobs = 64;
    public const int MaxJobNameLength = 100;

    public static Failure? Check(PutSecretRequest request)
    {
        if (request.Branches is { } branches && (branches.Count > MaxBranches || branches.Any(b => !SecretRefPattern.IsValid(b))))
        {
            return Failure.BadRequest($"branches: at most {MaxBranches} patterns of 1-{SecretRefPattern.MaxLength} characters (no spaces, '\\', '?', '[', ':', '^' or '~')", "branches");
        }
        if (request.Events is { } events && (events.Count == 0 || events.Any(e => !SecretEvents.Known.Contains(e))))
        {
            return Failure.BadRequest($"events: a non-empty subset of {string.Join(", ", SecretEvents.Known)}", "events");
        }
        if (request.Jobs is { } jobs && (jobs.Count > MaxJobs || jobs.Any(j => !IsJobName(j))))
        {
            return Failure.BadRequest($"jobs: at most {MaxJobs} job names of 1-{MaxJobNameLength} letters, digits, '-', '_' or '.'", "jobs");
        }
        return null;
    }

    public static void Apply(StoredSecret secret, PutSecretRequest request, bool isNew)
    {
        secret.Branches = Normalise(request.Branches) ?? (isNew ? [] : secret.Branches);
        secret.ProtectedOnly = request.ProtectedOnly ?? secret.ProtectedOnly;
        secret.Events = Normalise(request.Events) ?? (isNew ? [.. SecretEvents.Default] : secret.Events);
        secret.Jobs = Normalise(request.Jobs) ?? (isNew ? [] : secret.Jobs);
    }

    private static List<string>? Normalise(List<string>? values) => values?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static bool IsJobName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxJobNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
