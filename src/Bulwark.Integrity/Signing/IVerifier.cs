namespace Bulwark.Integrity.Signing;

/// <summary>Checks a signature over DSSE pre-authentication bytes against the bundle's verification material.</summary>
internal interface IVerifier
{
    /// <summary>Null when the signature is valid for a trusted key; otherwise the reason. Never throws for bad input.</summary>
    string? Verify(VerificationMaterial material, ReadOnlySpan<byte> pae, ReadOnlySpan<byte> signature);
}
