using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Bulwark.Ml.ModelFiles.Containers;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

/// <summary>One member as <see cref="ZipBuilder"/> writes it; every field that a trick needs can be overridden.</summary>
internal sealed record ZipTestMember(string Name, byte[] Content)
{
    public string? LocalName { get; init; }

    public bool Deflate { get; init; }

    public ushort Method => Deflate ? (ushort)8 : MethodOverride ?? 0;

    public ushort? MethodOverride { get; init; }

    public ushort Flags { get; init; } = 0x0800;

    public uint? Crc { get; init; }

    public long? UncompressedSize { get; init; }

    public bool Descriptor { get; init; }

    public long? DescriptorUncompressedSize { get; init; }

    /// <summary>Write no local header; point the directory entry at another member's (overlapping members).</summary>
    public int? SameOffsetAs { get; init; }
}

/// <summary>Writes zip archives byte by byte, so each evasion trick can be produced exactly.</summary>
internal sealed class ZipBuilder
{
    private readonly List<ZipTestMember> _members = [];

    public byte[] Prefix { get; init; } = [];

    public byte[] Comment { get; init; } = [];

    public byte[] Trailing { get; init; } = [];

    public bool Zip64 { get; init; }

    /// <summary>Bytes written between the members and the central directory (e.g. an unlisted local header).</summary>
    public byte[] Gap { get; init; } = [];

    public ZipBuilder Add(ZipTestMember member)
    {
        _members.Add(member);
        return this;
    }

    public ZipBuilder Add(string name, byte[] content, bool deflate = false) => Add(new ZipTestMember(name, content) { Deflate = deflate });

    public byte[] Build()
    {
        var output = new MemoryStream();
        output.Write(Prefix);
        var body = new MemoryStream();
        var offsets = new long[_members.Count];
        var stored = new byte[_members.Count][];
        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            stored[i] = m.Deflate ? Deflated(m.Content) : m.Content;
            if (m.SameOffsetAs is { } other)
            {
                offsets[i] = offsets[other];
                continue;
            }
            offsets[i] = body.Position;
            var crc = m.Crc ?? Crc32.Append(0, m.Content);
            var name = Encoding.UTF8.GetBytes(m.LocalName ?? m.Name);
            var flags = (ushort)(m.Flags | (m.Descriptor ? 0x0008 : 0));
            U32(body, 0x04034B50); U16(body, 20); U16(body, flags); U16(body, m.Method); U32(body, 0);
            U32(body, m.Descriptor ? 0 : crc); U32(body, m.Descriptor ? 0 : (uint)stored[i].Length);
            U32(body, m.Descriptor ? 0 : (uint)(m.UncompressedSize ?? m.Content.Length));
            U16(body, (ushort)name.Length); U16(body, 0); body.Write(name); body.Write(stored[i]);
            if (m.Descriptor)
            {
                U32(body, 0x08074B50); U32(body, crc); U32(body, (uint)stored[i].Length);
                U32(body, (uint)(m.DescriptorUncompressedSize ?? m.UncompressedSize ?? m.Content.Length));
            }
        }
        body.Write(Gap);
        var directoryOffset = body.Position;
        for (var i = 0; i < _members.Count; i++)
        {
            var m = _members[i];
            var name = Encoding.UTF8.GetBytes(m.Name);
            U32(body, 0x02014B50); U16(body, 20); U16(body, 20); U16(body, (ushort)(m.Flags | (m.Descriptor ? 0x0008 : 0))); U16(body, m.Method);
            U32(body, 0); U32(body, m.Crc ?? Crc32.Append(0, m.Content)); U32(body, (uint)stored[i].Length);
            U32(body, (uint)(m.UncompressedSize ?? m.Content.Length)); U16(body, (ushort)name.Length); U16(body, Zip64 ? (ushort)12 : (ushort)0);
            U16(body, 0); U16(body, 0); U16(body, 0); U32(body, 0); U32(body, Zip64 ? 0xFFFFFFFF : (uint)offsets[i]);
            body.Write(name);
            if (Zip64)
            {
                U16(body, 1); U16(body, 8); U64(body, (ulong)offsets[i]);
            }
        }
        var directorySize = body.Position - directoryOffset;
        if (Zip64)
        {
            var recordOffset = body.Position;
            U32(body, 0x06064B50); U64(body, 44); U16(body, 45); U16(body, 45); U32(body, 0); U32(body, 0);
            U64(body, (ulong)_members.Count); U64(body, (ulong)_members.Count); U64(body, (ulong)directorySize); U64(body, (ulong)directoryOffset);
            U32(body, 0x07064B50); U32(body, 0); U64(body, (ulong)recordOffset); U32(body, 1);
        }
        U32(body, 0x06054B50); U16(body, 0); U16(body, 0);
        U16(body, Zip64 ? (ushort)0xFFFF : (ushort)_members.Count); U16(body, Zip64 ? (ushort)0xFFFF : (ushort)_members.Count);
        U32(body, Zip64 ? 0xFFFFFFFF : (uint)directorySize); U32(body, Zip64 ? 0xFFFFFFFF : (uint)directoryOffset);
        U16(body, (ushort)Comment.Length); body.Write(Comment);
        body.Write(Trailing);
        output.Write(body.ToArray());
        return output.ToArray();
    }

    public static byte[] Deflated(byte[] content)
    {
        var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(content);
        }
        return buffer.ToArray();
    }

    public static void U16(Stream s, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        s.Write(b);
    }

    public static void U32(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        s.Write(b);
    }

    public static void U64(Stream s, ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        s.Write(b);
    }
}
