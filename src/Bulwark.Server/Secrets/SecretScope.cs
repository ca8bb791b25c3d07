namespace Bulwark.Server.Secrets;

/// <summary>Where a secret belongs; on a name clash the narrower scope wins (environment, then project, then organisation).</summary>
internal enum SecretScope
{
    Organization,
    Project,
    Environment,
}
