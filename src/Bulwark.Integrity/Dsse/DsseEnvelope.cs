namespace Bulwark.Integrity.Dsse;

/// <summary>A DSSE envelope: the payload bytes, their type, and the signatures over <see cref="Pae"/> of both.</summary>
internal sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    public const string InTotoPayloadType = "application/vnd.in-toto+json";
}

/// <summary>One signature; <paramref name="KeyId"/> is unused by model signing (the reference writes an empty string).</summary>
internal sealed record DsseSignature(byte[] Sig, string? KeyId);
