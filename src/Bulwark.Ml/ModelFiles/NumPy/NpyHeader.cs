using System.Buffers.Binary;
using System.Text;

namespace Bulwark.Ml.ModelFiles.NumPy;

/// <summary>
/// The header of a .npy file: magic <c>\x93NUMPY</c>, version major/minor, a header length (2 bytes little-endian
/// in version 1, 4 bytes in 2 and 3), then a Python dict literal such as
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>. Only what the scan needs is read:
/// whether the dtype holds Python objects (then the data is a pickle), and the shape for messages.
/// </summary>
internal sealed record NpyHeader(int Major, int Minor, long DataOffset, string Descr, string Shape, bool HasObjects)
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Longest header accepted (NumPy itself refuses headers over 10,000 bytes by default).</summary>
    public const int MaxHeaderBytes = 1 << 20;

    /// <summary>Reads the header from the stream's start; returns null with a reason when it is not valid.</summary>
    public static NpyHeader? Read(Stream stream, out string? error)
    {
        error = null;
        Span<byte> prefix = stackalloc byte[12];
        var got = stream.ReadAtLeast(prefix, 12, throwOnEndOfStream: false);
        if (got < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            error = "not a .npy header";
            return null;
        }
        int major = prefix[6], minor = prefix[7];
        long length;
        int fixedBytes;
        switch (major)
        {
            case 1:
                length = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                fixedBytes = 10;
                break;
            case 2 or 3 when got == 12:
                length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                fixedBytes = 12;
                break;
            default:
                error = $"unsupported .npy version {major}.{minor}";
                return null;
        }
        if (length > MaxHeaderBytes)
        {
            error = $"header of {length} bytes is over the {MaxHeaderBytes}-byte limit";
            return null;
        }
        var text = new byte[length];
        var carried = got - fixedBytes;
        prefix[fixedBytes..got].CopyTo(text);
        if (stream.ReadAtLeast(text.AsSpan(carried), text.Length - carried, throwOnEndOfStream: false) != text.Length - carried)
        {
            error = "truncated header";
            return null;
        }
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(text);
        var descr = ValueOf(header, "descr");
        var shape = ValueOf(header, "shape");
        if (descr is null || shape is null)
        {
            error = "header dict lacks 'descr' or 'shape'";
            return null;
        }
        return new NpyHeader(major, minor, fixedBytes + length, descr, shape, HoldsObjects(descr));
    }

    /// <summary>The raw text of a key's value in the dict literal: a quoted string, or a bracketed list/tuple.</summary>
    private static string? ValueOf(string header, string key)
    {
        var at = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (at < 0)
        {
            at = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        }
        var colon = at < 0 ? -1 : header.IndexOf(':', at + key.Length + 2);
        if (colon < 0)
        {
            return null;
        }
        var start = colon + 1;
        while (start < header.Length && header[start] == ' ')
        {
            start++;
        }
        var depth = 0;
        char? quote = null;
        for (var i = start; i < header.Length; i++)
        {
            var c = header[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth-- == 0)
                {
                    return header[start..i].TrimEnd();
                }
            }
            else if (c == ',' && depth == 0)
            {
                return header[start..i].TrimEnd();
            }
        }
        return null;
    }

    /// <summary>True when any type string in the descr (plain or structured) has kind 'O'.</summary>
    private static bool HoldsObjects(string descr)
    {
        var i = 0;
        while ((i = descr.IndexOfAny(['\'', '"'], i)) >= 0)
        {
            var end = descr.IndexOf(descr[i], i + 1);
            if (end < 0)
            {
                return false;
            }
            var type = descr.AsSpan(i + 1, end - i - 1).TrimStart("<>|=");
            if (type.Length > 0 && type[0] == 'O' && (type.Length == 1 || char.IsAsciiDigit(type[1])))
            {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
