using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>Hashes a model, builds its OMS v1.0 statement, signs it, and returns the Sigstore bundle bytes for <c>model.sig</c>.</summary>
internal static class ModelSigner
{
    /// <param name="signaturePath">Where the bundle will be written; left out of the hash when it lies inside the model.</param>
    /// <exception cref="ModelHashingException">The model cannot be hashed.</exception>
    public static byte[] Sign(string modelPath, string signaturePath, ISigner signer, IModelHasher hasher, HashingOptions options, CancellationToken cancellationToken)
    {
        var ignorePaths = ModelPaths.IgnoresFor(modelPath, signaturePath, options.IgnorePaths);
        var manifest = hasher.Hash(modelPath, options with { IgnorePaths = ignorePaths }, cancellationToken);
        var statement = Build(ModelPaths.ModelName(modelPath), manifest, options, ignorePaths);
        var payload = StatementWriter.Write(statement);
        var signature = signer.Sign(Pae.Encode(DsseEnvelope.InTotoPayloadType, payload));
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, payload, [new DsseSignature(signature, null)]);
        return BundleWriter.Write(new SigstoreBundle(SigstoreBundle.MediaTypeV03, signer.Material, envelope));
    }

    /// <summary>The statement for a manifest; ignore paths are recorded with the default ignores, sorted, as a verifier will need them.</summary>
    public static OmsStatement Build(string modelName, ModelManifest manifest, HashingOptions options, IReadOnlyList<string> ignorePaths)
    {
        var recorded = new SortedSet<string>(HashingOptions.DefaultIgnores, StringComparer.Ordinal);
        recorded.UnionWith(ignorePaths);
        var serialization = new OmsSerialization(manifest.Method, "sha256", options.AllowSymlinks, [.. recorded],
            manifest.Method == SerializationMethod.Shards ? manifest.ShardSize : 0);
        return new OmsStatement(modelName, OmsStatement.CombinedDigest(manifest.Resources), serialization, manifest.Resources);
    }
}
