namespace Bulwark.Server.Secrets;

/// <summary>
/// A named secret in one scope, with the rules that decide which jobs receive it. The value lives only in its
/// encrypted <see cref="Versions"/>; <see cref="CurrentVersion"/> is the one jobs receive.
/// </summary>
internal sealed class StoredSecret
{
    public Guid Id { get; set; }

    public SecretScope Scope { get; set; }

    /// <summary>The project (Guid.Empty for organisation secrets, so the unique index needs no NULL handling).</summary>
    public Guid ProjectId { get; set; }

    /// <summary>The environment name for environment secrets, "" otherwise.</summary>
    public string Environment { get; set; } = "";

    /// <summary>Environment-variable style: <c>[A-Za-z_][A-Za-z0-9_]{0,127}</c> (see <see cref="SecretName"/>).</summary>
    public required string Name { get; set; }

    /// <summary>Branch or tag patterns the run's ref must match; empty: any ref.</summary>
    public List<string> Branches { get; set; } = [];

    /// <summary>Only runs on protected refs receive the secret.</summary>
    public bool ProtectedOnly { get; set; }

    /// <summary>Events that may receive it (see <see cref="SecretEvents"/>).</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>Pipeline job names that may receive it; empty: every job.</summary>
    public List<string> Jobs { get; set; } = [];

    public int CurrentVersion { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<SecretVersion> Versions { get; set; } = [];
}
