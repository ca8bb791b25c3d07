using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Signing;

namespace Bulwark.Integrity.Sigstore;

/// <summary>A Sigstore bundle (v0.3) holding a DSSE envelope, as model signing writes it to <c>model.sig</c>.</summary>
internal sealed record SigstoreBundle(string MediaType, VerificationMaterial Material, DsseEnvelope Envelope)
{
    public const string MediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>Whether <c>verificationMaterial.tlogEntries</c> was present (reference versions before 1.1 omitted it).</summary>
    public bool HasTlogEntries { get; init; } = true;

    /// <summary>Transparency-log entries (keyless signing only); kept for structure checks, not verified here.</summary>
    public int TlogEntryCount { get; init; }
}

/// <summary>A parsed bundle, or why the bytes are not one (with 1-based line/column when JSON itself is broken).</summary>
internal sealed record BundleReadResult(SigstoreBundle? Bundle, string? Error);
