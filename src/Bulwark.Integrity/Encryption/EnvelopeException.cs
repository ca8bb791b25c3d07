namespace Bulwark.Integrity.Encryption;

/// <summary>
/// A sealed value could not be opened: damaged, moved to another context (associated data) or wrapped under
/// another key. The message names what failed, never a key or plaintext byte.
/// </summary>
internal sealed class EnvelopeException(string message) : Exception(message);
