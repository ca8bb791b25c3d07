using System.Text.Json;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Signing;
using static Bulwark.Integrity.Sigstore.JsonStrict;

namespace Bulwark.Integrity.Sigstore;

/// <summary>
/// Reads a Sigstore bundle strictly: bounded size and depth, exact JSON types, no duplicate or unknown fields in the
/// parts model signing uses, exactly one kind of verification material. Never throws on bad content.
/// </summary>
internal static class BundleReader
{
    /// <summary>A model.sig is a few KB; anything this large is not one.</summary>
    public const int MaxBundleBytes = 16 * 1024 * 1024;

    private const int MaxSignatures = 16;
    private const int MaxCertificates = 10;

    public static BundleReadResult Read(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return new BundleReadResult(null, "the bundle is empty");
        }
        if (json.Length > MaxBundleBytes)
        {
            return new BundleReadResult(null, $"the bundle is larger than {MaxBundleBytes} bytes");
        }
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), DocumentOptions);
            return new BundleReadResult(ReadBundle(document.RootElement), null);
        }
        catch (JsonException ex)
        {
            return new BundleReadResult(null, "the bundle is " + ErrorFor(ex));
        }
        catch (InvalidOperationException)
        {
            // GetString() on a string holding invalid UTF-8 (the parser only checks structure there).
            return new BundleReadResult(null, "the bundle holds text that is not valid UTF-8");
        }
        catch (InvalidBundleException ex)
        {
            return new BundleReadResult(null, ex.Message);
        }
    }

    private static SigstoreBundle ReadBundle(JsonElement root)
    {
        ExpectObject(root, "bundle");
        OnlyKnown(root, "bundle", "mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature");
        var mediaType = String(root, "mediaType", "bundle");
        if (root.TryGetProperty("messageSignature", out _))
        {
            throw new InvalidBundleException("bundle holds a messageSignature; model signatures use a dsseEnvelope");
        }
        var material = Object(root, "verificationMaterial", "bundle");
        OnlyKnown(material, "verificationMaterial", "publicKey", "x509CertificateChain", "certificate", "tlogEntries", "timestampVerificationData");
        var tlog = Optional(material, "tlogEntries", JsonValueKind.Array, "verificationMaterial");
        Optional(material, "timestampVerificationData", JsonValueKind.Object, "verificationMaterial");
        return new SigstoreBundle(mediaType, ReadMaterial(material), ReadEnvelope(Object(root, "dsseEnvelope", "bundle")))
        {
            HasTlogEntries = tlog is not null,
            TlogEntryCount = tlog?.GetArrayLength() ?? 0,
        };
    }

    private static VerificationMaterial ReadMaterial(JsonElement material)
    {
        var publicKey = Optional(material, "publicKey", JsonValueKind.Object, "verificationMaterial");
        var chain = Optional(material, "x509CertificateChain", JsonValueKind.Object, "verificationMaterial");
        var certificate = Optional(material, "certificate", JsonValueKind.Object, "verificationMaterial");
        var kinds = (publicKey is null ? 0 : 1) + (chain is null ? 0 : 1) + (certificate is null ? 0 : 1);
        if (kinds != 1)
        {
            throw new InvalidBundleException("verificationMaterial must hold exactly one of publicKey, x509CertificateChain, certificate");
        }
        if (publicKey is { } key)
        {
            OnlyKnown(key, "publicKey", "hint", "rawBytes", "keyDetails");
            var raw = key.TryGetProperty("rawBytes", out _) ? Base64(key, "rawBytes", "publicKey") : null;
            var hint = OptionalString(key, "hint", "publicKey");
            if (string.IsNullOrEmpty(hint) && raw is null)
            {
                throw new InvalidBundleException("publicKey has neither a hint nor rawBytes");
            }
            return new PublicKeyMaterial(hint, raw, OptionalString(key, "keyDetails", "publicKey"));
        }
        if (certificate is { } single)
        {
            OnlyKnown(single, "certificate", "rawBytes");
            return new SigstoreCertificateMaterial(Base64(single, "rawBytes", "certificate"));
        }
        var chainObject = chain!.Value;
        OnlyKnown(chainObject, "x509CertificateChain", "certificates");
        var certificates = Array(chainObject, "certificates", "x509CertificateChain");
        var count = certificates.GetArrayLength();
        if (count is 0 or > MaxCertificates)
        {
            throw new InvalidBundleException($"x509CertificateChain.certificates must hold 1 to {MaxCertificates} certificates");
        }
        var rawCertificates = new List<byte[]>(count);
        foreach (var entry in certificates.EnumerateArray())
        {
            ExpectObject(entry, "x509CertificateChain.certificates[]");
            OnlyKnown(entry, "x509CertificateChain.certificates[]", "rawBytes");
            rawCertificates.Add(Base64(entry, "rawBytes", "x509CertificateChain.certificates[]"));
        }
        return new CertificateChainMaterial(rawCertificates);
    }

    private static DsseEnvelope ReadEnvelope(JsonElement envelope)
    {
        OnlyKnown(envelope, "dsseEnvelope", "payload", "payloadType", "signatures");
        var payload = Base64(envelope, "payload", "dsseEnvelope");
        var payloadType = String(envelope, "payloadType", "dsseEnvelope");
        var signatures = Array(envelope, "signatures", "dsseEnvelope");
        if (signatures.GetArrayLength() > MaxSignatures)
        {
            throw new InvalidBundleException($"dsseEnvelope.signatures holds more than {MaxSignatures} signatures");
        }
        var list = new List<DsseSignature>();
        foreach (var signature in signatures.EnumerateArray())
        {
            ExpectObject(signature, "dsseEnvelope.signatures[]");
            OnlyKnown(signature, "dsseEnvelope.signatures[]", "sig", "keyid");
            // keyid is null in reference 1.0.x bundles and "" in 1.1; both mean "no key id".
            var keyId = signature.TryGetProperty("keyid", out var id) && id.ValueKind != JsonValueKind.Null
                ? OptionalString(signature, "keyid", "dsseEnvelope.signatures[]")
                : null;
            list.Add(new DsseSignature(Base64(signature, "sig", "dsseEnvelope.signatures[]"), keyId));
        }
        return new DsseEnvelope(payloadType, payload, list);
    }
}
