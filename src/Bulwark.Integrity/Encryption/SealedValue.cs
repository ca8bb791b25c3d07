namespace Bulwark.Integrity.Encryption;

/// <summary>
/// One value under envelope encryption: the value's AES-256-GCM ciphertext, nonce and tag, and its data key
/// wrapped (AES-256-GCM, ciphertext followed by tag) under the key-encryption key named by <see cref="KeyId"/>.
/// Nothing here is secret without that key.
/// </summary>
internal sealed record SealedValue(byte[] Ciphertext, byte[] Nonce, byte[] Tag, byte[] WrappedKey, byte[] WrapNonce, string KeyId);
