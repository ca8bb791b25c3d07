namespace Bulwark.Integrity.Signing;

/// <summary>What a bundle carries to identify the signer (Sigstore bundle <c>verificationMaterial</c>).</summary>
internal abstract record VerificationMaterial;

/// <summary>
/// A public key the verifier already holds. <paramref name="Hint"/> is the hex SHA-256 of its PEM (current reference);
/// older reference versions instead embedded the PEM text itself as <paramref name="RawBytes"/> with <paramref name="KeyDetails"/>.
/// </summary>
internal sealed record PublicKeyMaterial(string? Hint, byte[]? RawBytes = null, string? KeyDetails = null) : VerificationMaterial;

/// <summary>An X.509 chain, DER certificates with the signing (leaf) certificate first.</summary>
internal sealed record CertificateChainMaterial(IReadOnlyList<byte[]> Certificates) : VerificationMaterial;

/// <summary>A single Fulcio certificate from Sigstore keyless signing (needs Sigstore's trusted root; not verified here).</summary>
internal sealed record SigstoreCertificateMaterial(byte[] RawBytes) : VerificationMaterial;
