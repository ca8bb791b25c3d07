namespace Bulwark.Integrity.Encryption;

/// <summary>
/// Encrypted data did not decrypt: not in the segmented format, an unknown version, cut short, extended, reordered,
/// spliced from another file, altered, or opened with another key or context. The message never holds key or
/// plaintext bytes.
/// </summary>
internal sealed class SegmentedAeadException(string message) : Exception(message);
