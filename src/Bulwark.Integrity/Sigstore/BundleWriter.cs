using System.Text.Encodings.Web;
using System.Text.Json;
using Bulwark.Integrity.Signing;

namespace Bulwark.Integrity.Sigstore;

/// <summary>
/// Writes a bundle in the reference implementation's shape: compact JSON, fields in protobuf order, empty
/// <c>tlogEntries</c>, and <c>keyid: ""</c> on each signature.
/// </summary>
internal static class BundleWriter
{
    // Base64 holds '+' and '/', which the default encoder would escape; the reference writes them plainly.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(SigstoreBundle bundle)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("mediaType", bundle.MediaType);
            json.WriteStartObject("verificationMaterial");
            WriteMaterial(json, bundle.Material);
            json.WriteStartArray("tlogEntries");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("dsseEnvelope");
            json.WriteBase64String("payload", bundle.Envelope.Payload);
            json.WriteString("payloadType", bundle.Envelope.PayloadType);
            json.WriteStartArray("signatures");
            foreach (var signature in bundle.Envelope.Signatures)
            {
                json.WriteStartObject();
                json.WriteBase64String("sig", signature.Sig);
                json.WriteString("keyid", signature.KeyId ?? "");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteMaterial(Utf8JsonWriter json, VerificationMaterial material)
    {
        switch (material)
        {
            case PublicKeyMaterial key:
                json.WriteStartObject("publicKey");
                if (key.Hint is not null)
                {
                    json.WriteString("hint", key.Hint);
                }
                if (key.RawBytes is not null)
                {
                    json.WriteBase64String("rawBytes", key.RawBytes);
                }
                if (key.KeyDetails is not null)
                {
                    json.WriteString("keyDetails", key.KeyDetails);
                }
                json.WriteEndObject();
                break;
            case CertificateChainMaterial chain:
                json.WriteStartObject("x509CertificateChain");
                json.WriteStartArray("certificates");
                foreach (var certificate in chain.Certificates)
                {
                    json.WriteStartObject();
                    json.WriteBase64String("rawBytes", certificate);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case SigstoreCertificateMaterial single:
                json.WriteStartObject("certificate");
                json.WriteBase64String("rawBytes", single.RawBytes);
                json.WriteEndObject();
                break;
            default:
                throw new ArgumentException("unknown verification material " + material.GetType().Name, nameof(material));
        }
    }
}
