namespace Bulwark.Server.Secrets;

/// <summary>Rotation stopped because stored data does not check out under the keys at hand; nothing is re-sealed past that point.</summary>
internal sealed class MasterKeyRotationException(string message) : Exception(message);
