namespace Bulwark.Server.Secrets;

/// <summary>A stored value is wrapped under a master key this process does not have (e.g. a rotation finished elsewhere).</summary>
internal sealed class SecretKeyMissingException(string keyId)
    : Exception($"a secret is wrapped under master key '{keyId}', which is not loaded: finish or undo the master-key rotation");
