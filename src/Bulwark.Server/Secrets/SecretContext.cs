using System.Globalization;
using System.Text;

namespace Bulwark.Server.Secrets;

/// <summary>
/// The associated data of a secret version: secret id, scope, project, environment, name and version number.
/// A ciphertext or wrapped key copied into any other row, or renumbered, no longer authenticates.
/// </summary>
internal static class SecretContext
{
    public static byte[] For(StoredSecret secret, int version) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"bulwark/secret/v1\n{secret.Id:N}\n{secret.Scope}\n{secret.ProjectId:N}\n{secret.Environment}\n{secret.Name}\n{version}"));
}
