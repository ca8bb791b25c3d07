using Bulwark.Integrity.Sigstore;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>
/// Structural validation against the OMS v1.0 schemas, without keys or model files: the bundle shape (including the
/// <c>tlogEntries</c> array the schema requires) and the statement shape. Used for the spec's test vectors and
/// <c>--check-structure</c>-style uses; full verification is <see cref="ModelSignatureVerifier"/>.
/// </summary>
internal static class OmsBundleValidator
{
    /// <summary>Null when the bundle is structurally valid; otherwise the reason.</summary>
    public static string? Validate(ReadOnlySpan<byte> bundleJson)
    {
        var (bundle, error) = ModelSignatureVerifier.ReadEnvelope(bundleJson);
        if (bundle is null)
        {
            return error;
        }
        if (!bundle.HasTlogEntries)
        {
            return "verificationMaterial.tlogEntries is missing (required by the OMS bundle schema, may be empty)";
        }
        return StatementReader.Read(bundle.Envelope.Payload).Error;
    }
}
