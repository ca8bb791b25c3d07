using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>
/// Verifies a model against its OMS v1.0 signature: bundle shape, the one DSSE signature (key or certificate chain),
/// the statement, and finally the model on disk, hashed with the statement's own parameters. Bad input never throws;
/// every outcome is a <see cref="ModelVerificationResult"/>.
/// </summary>
internal static class ModelSignatureVerifier
{
    public static ModelVerificationResult Verify(string modelPath, ReadOnlySpan<byte> bundleJson, IVerifier verifier, IModelHasher hasher,
        ModelVerificationOptions options, CancellationToken cancellationToken)
    {
        var signed = VerifySignature(bundleJson, verifier);
        if (!signed.Valid)
        {
            return signed;
        }
        var statement = signed.Statement!;
        var serialization = statement.Serialization;
        var ignored = new List<string>(serialization.IgnorePaths ?? []);
        ignored.AddRange(ModelPaths.IgnoresFor(modelPath, options.SignaturePath, options.IgnorePaths));
        var hashing = new HashingOptions
        {
            Method = serialization.Method,
            ShardSize = serialization.Method == SerializationMethod.Shards ? serialization.ShardSize : new HashingOptions().ShardSize,
            AllowSymlinks = serialization.AllowSymlinks,
            IgnorePaths = ignored,
            Parallelism = options.Parallelism,
        };
        ModelManifest actual;
        try
        {
            actual = hasher.Hash(modelPath, hashing, cancellationToken);
        }
        catch (ModelHashingException ex)
        {
            return ModelVerificationResult.Fail(VerificationFailure.Model, ex.Message) with { Statement = statement };
        }
        var differences = ManifestComparer.Compare(statement, actual, options.IgnoreUnsignedFiles);
        return differences.Count == 0
            ? new ModelVerificationResult(VerificationFailure.None, null, []) { Statement = statement }
            : new ModelVerificationResult(VerificationFailure.Mismatch, Describe(differences), differences) { Statement = statement };
    }

    /// <summary>Every check that needs no model files: bundle, signature and statement. Valid results carry the statement.</summary>
    public static ModelVerificationResult VerifySignature(ReadOnlySpan<byte> bundleJson, IVerifier verifier)
    {
        var (bundle, envelopeError) = ReadEnvelope(bundleJson);
        if (bundle is null)
        {
            return ModelVerificationResult.Fail(VerificationFailure.Bundle, envelopeError!);
        }
        var envelope = bundle.Envelope;
        var pae = Pae.Encode(envelope.PayloadType, envelope.Payload);
        if (verifier.Verify(bundle.Material, pae, envelope.Signatures[0].Sig) is { } signatureError)
        {
            return ModelVerificationResult.Fail(VerificationFailure.Signature, signatureError);
        }
        var (statement, statementError) = StatementReader.Read(envelope.Payload);
        return statement is null
            ? ModelVerificationResult.Fail(VerificationFailure.Statement, statementError!)
            : new ModelVerificationResult(VerificationFailure.None, null, []) { Statement = statement };
    }

    /// <summary>Reads the bundle and checks what must hold before any signature check: media type, payload type, one signature.</summary>
    public static (SigstoreBundle? Bundle, string? Error) ReadEnvelope(ReadOnlySpan<byte> bundleJson)
    {
        var (bundle, error) = BundleReader.Read(bundleJson);
        if (bundle is null)
        {
            return (null, error);
        }
        if (bundle.MediaType != SigstoreBundle.MediaTypeV03)
        {
            return (null, $"bundle mediaType is '{bundle.MediaType}', expected '{SigstoreBundle.MediaTypeV03}'");
        }
        if (bundle.Envelope.PayloadType != DsseEnvelope.InTotoPayloadType)
        {
            return (null, $"dsseEnvelope.payloadType is '{bundle.Envelope.PayloadType}', expected '{DsseEnvelope.InTotoPayloadType}'");
        }
        return bundle.Envelope.Signatures.Count == 1
            ? (bundle, null)
            : (null, $"dsseEnvelope must hold exactly one signature, found {bundle.Envelope.Signatures.Count}");
    }

    private static string Describe(List<FileDifference> differences)
    {
        var added = differences.Count(d => d.Kind == DifferenceKind.Added);
        var removed = differences.Count(d => d.Kind == DifferenceKind.Removed);
        var modified = differences.Count - added - removed;
        return $"the model differs from its signature: {modified} modified, {removed} removed, {added} added";
    }
}
