using System.Text.Encodings.Web;
using System.Text.Json;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Signing;
using Bulwark.Integrity.Sigstore;

namespace Bulwark.Integrity.Attestations;

/// <summary>One subject of an in-toto statement: a file name and its SHA-256.</summary>
internal sealed record AttestedSubject(string Name, byte[] Sha256);

/// <summary>
/// Signs any in-toto Statement v1 (subjects plus a caller-written predicate) as a DSSE envelope in a Sigstore
/// bundle — the shape <c>attest provenance</c> writes — for gates that record their verdict (data check, eval gate).
/// </summary>
internal static class StatementAttester
{
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <exception cref="ArgumentException">No subject, or a subject without name or 32-byte digest.</exception>
    public static byte[] Attest(IReadOnlyList<AttestedSubject> subjects, string predicateType, Action<Utf8JsonWriter> writePredicate, ISigner signer)
    {
        var payload = Statement(subjects, predicateType, writePredicate);
        var signature = signer.Sign(Pae.Encode(DsseEnvelope.InTotoPayloadType, payload));
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, payload, [new DsseSignature(signature, null)]);
        return BundleWriter.Write(new SigstoreBundle(SigstoreBundle.MediaTypeV03, signer.Material, envelope));
    }

    /// <summary>The statement's JSON bytes (what the envelope's payload holds).</summary>
    public static byte[] Statement(IReadOnlyList<AttestedSubject> subjects, string predicateType, Action<Utf8JsonWriter> writePredicate)
    {
        if (subjects.Count == 0 || subjects.Any(s => string.IsNullOrEmpty(s.Name) || s.Sha256 is not { Length: 32 }))
        {
            throw new ArgumentException("an attestation needs subjects with a name and a 32-byte SHA-256", nameof(subjects));
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("_type", StatementType);
            json.WriteStartArray("subject");
            foreach (var subject in subjects)
            {
                json.WriteStartObject();
                json.WriteString("name", subject.Name);
                json.WriteStartObject("digest");
                json.WriteString("sha256", Convert.ToHexStringLower(subject.Sha256));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("predicateType", predicateType);
            json.WritePropertyName("predicate");
            writePredicate(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
