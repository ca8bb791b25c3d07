using System.Globalization;
using System.Text;

namespace Bulwark.Integrity.Dsse;

/// <summary>
/// DSSE v1 pre-authentication encoding, the bytes actually signed:
/// <c>"DSSEv1" SP len(type) SP type SP len(body) SP body</c>, lengths as ASCII decimal byte counts.
/// </summary>
internal static class Pae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        var result = new byte[header.Length + type.Length + middle.Length + payload.Length];
        var span = result.AsSpan();
        header.CopyTo(span);
        type.CopyTo(span[header.Length..]);
        middle.CopyTo(span[(header.Length + type.Length)..]);
        payload.CopyTo(span[(header.Length + type.Length + middle.Length)..]);
        return result;
    }
}
