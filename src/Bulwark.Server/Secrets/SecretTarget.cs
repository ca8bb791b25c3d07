namespace Bulwark.Server.Secrets;

/// <summary>A resolved scope: organisation, a project, or a project environment; <see cref="Label"/> names it in audit targets.</summary>
internal sealed record SecretTarget(SecretScope Scope, Guid ProjectId, string Environment, string Label)
{
    public static readonly SecretTarget Organization = new(SecretScope.Organization, Guid.Empty, "", "org");

    public string AuditTarget(string name) => $"secret:{Label}/{name}";
}
