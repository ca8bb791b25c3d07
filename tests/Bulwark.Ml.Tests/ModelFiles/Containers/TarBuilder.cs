using System.Text;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

/// <summary>Writes ustar archives block by block (checksum computed unless told otherwise).</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _output = new();

    public TarBuilder Add(string name, byte[] content, char type = '0', string link = "", bool badChecksum = false)
    {
        var header = new byte[512];
        Encoding.UTF8.GetBytes(name).CopyTo(header, 0);
        Octal(header, 100, 8, 0x1A4);
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        Octal(header, 124, 12, content.Length);
        Octal(header, 136, 12, 0);
        header[156] = (byte)type;
        Encoding.UTF8.GetBytes(link).CopyTo(header, 157);
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => b) + (badChecksum ? 1 : 0);
        Octal(header, 148, 7, sum);
        _output.Write(header);
        _output.Write(content);
        _output.Write(new byte[(512 - (content.Length % 512)) % 512]);
        return this;
    }

    public byte[] Build()
    {
        _output.Write(new byte[1024]);
        return _output.ToArray();
    }

    private static void Octal(byte[] header, int offset, int width, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Encoding.ASCII.GetBytes(text + "\0").CopyTo(header, offset);
    }
}
