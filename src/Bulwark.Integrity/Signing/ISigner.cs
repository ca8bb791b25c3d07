namespace Bulwark.Integrity.Signing;

/// <summary>Signs DSSE pre-authentication bytes; key files, certificates and (later) KMS or keyless signers plug in here.</summary>
internal interface ISigner
{
    /// <summary>What the bundle must carry so a verifier can find the key.</summary>
    VerificationMaterial Material { get; }

    /// <summary>A DER-encoded (RFC 3279) ECDSA signature over <paramref name="pae"/>.</summary>
    byte[] Sign(ReadOnlySpan<byte> pae);
}
