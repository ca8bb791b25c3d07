using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Scanning.Dependencies.Advisories;

namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// Streams advisories into a new index file. Only the package table is kept in memory, so importing a
/// large ecosystem costs little more than its package names. The file is complete only after
/// <see cref="Complete"/>; the caller renames it into place.
/// </summary>
internal sealed class AdvisoryIndexWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly BinaryWriter _writer;
    private readonly MemoryStream _record = new();
    private readonly BinaryWriter _recordWriter;
    private readonly Dictionary<string, List<long>> _table = new(StringComparer.Ordinal);

    public AdvisoryIndexWriter(string path)
    {
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = new BinaryWriter(_stream, Encoding.UTF8, leaveOpen: true);
        _recordWriter = new BinaryWriter(_record, Encoding.UTF8, leaveOpen: true);
        _writer.Write(new byte[IndexFormat.HeaderBytes]);
    }

    /// <summary>Number of advisories written.</summary>
    public int Count { get; private set; }

    /// <summary>Writes one advisory and files it under every package it affects.</summary>
    public void Add(Advisory advisory)
    {
        if (advisory.Affected.Count == 0)
        {
            return;
        }
        _record.SetLength(0);
        AdvisoryCodec.Write(_recordWriter, advisory);
        _recordWriter.Flush();
        var offset = _stream.Position;
        var payload = _record.GetBuffer().AsSpan(0, (int)_record.Length);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(payload, digest);
        _writer.Write(payload.Length);
        _writer.Write(digest[..IndexFormat.RecordDigestBytes]);
        _writer.Write(payload);
        foreach (var key in advisory.Affected.Select(a => IndexFormat.Key(a.Ecosystem, a.Name)).Distinct(StringComparer.Ordinal))
        {
            if (!_table.TryGetValue(key, out var offsets))
            {
                _table[key] = offsets = [];
            }
            offsets.Add(offset);
        }
        Count++;
    }

    /// <summary>Writes the package table, the metadata and the header, and flushes everything to disk.</summary>
    public void Complete(DatabaseInfo info)
    {
        var tableOffset = _stream.Position;
        _writer.Write(_table.Count);
        foreach (var (key, offsets) in _table.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            _writer.Write(key);
            _writer.Write(offsets.Count);
            foreach (var offset in offsets)
            {
                _writer.Write(offset);
            }
        }
        var metadataOffset = _stream.Position;
        _record.SetLength(0);
        DatabaseInfoCodec.Write(_recordWriter, info);
        _recordWriter.Flush();
        _writer.Write((int)_record.Length);
        _writer.Write(_record.GetBuffer(), 0, (int)_record.Length);

        Span<byte> header = stackalloc byte[IndexFormat.HeaderBytes];
        header.Clear();
        IndexFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], IndexFormat.Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], tableOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header[20..], metadataOffset);
        _writer.Flush();
        _stream.Position = tableOffset;
        SHA256.HashData(_stream, header[32..]);
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        _recordWriter.Dispose();
        _record.Dispose();
        _writer.Dispose();
        _stream.Dispose();
    }
}
