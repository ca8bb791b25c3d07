using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Bulwark.Scanning.Dependencies.Advisories;
using Microsoft.Win32.SafeHandles;

namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// A read-only view of the local advisory index (<see cref="IndexFormat"/>). Opening reads the header, the
/// package table and the metadata; advisories are read on demand and cached, so an audit touches only the
/// records of the packages it has. Thread-safe.
/// </summary>
internal sealed class AdvisoryIndex : IDisposable
{
    private const string Damaged = "the advisory index is damaged; run `bulwark deps db update` to rebuild it";

    private readonly SafeFileHandle _file;
    private readonly long _tableOffset;
    private readonly Dictionary<string, long[]> _table;
    private readonly ConcurrentDictionary<long, Advisory> _cache = new();

    private AdvisoryIndex(SafeFileHandle file, long tableOffset, Dictionary<string, long[]> table, DatabaseInfo info)
    {
        _file = file;
        _tableOffset = tableOffset;
        _table = table;
        Info = info;
    }

    public DatabaseInfo Info { get; }

    /// <summary>Number of packages with at least one advisory.</summary>
    public int PackageCount => _table.Count;

    /// <summary>Opens the index at <paramref name="path"/>, or returns null when there is none.</summary>
    /// <exception cref="AdvisoryDatabaseException">The file exists but is not a valid index.</exception>
    public static AdvisoryIndex? TryOpen(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var length = RandomAccess.GetLength(file);
            Span<byte> header = stackalloc byte[IndexFormat.HeaderBytes];
            if (length < IndexFormat.HeaderBytes || RandomAccess.Read(file, header, 0) != header.Length || !header[..8].SequenceEqual(IndexFormat.Magic))
            {
                throw new AdvisoryDatabaseException($"{path}: {Damaged}");
            }
            if (BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != IndexFormat.Version)
            {
                throw new AdvisoryDatabaseException($"{path}: the advisory index was written by another Bulwark version; run `bulwark deps db update`");
            }
            var tableOffset = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
            var metadataOffset = BinaryPrimitives.ReadInt64LittleEndian(header[20..]);
            if (tableOffset < IndexFormat.HeaderBytes || metadataOffset < tableOffset || metadataOffset > length - 4 || length - tableOffset > int.MaxValue)
            {
                throw new AdvisoryDatabaseException($"{path}: {Damaged}");
            }
            var tail = new byte[length - tableOffset];
            if (RandomAccess.Read(file, tail, tableOffset) != tail.Length || !SHA256.HashData(tail).AsSpan().SequenceEqual(header[32..]))
            {
                throw new AdvisoryDatabaseException($"{path}: {Damaged}");
            }
            var table = ReadTable(tail.AsSpan(0, (int)(metadataOffset - tableOffset)).ToArray());
            var info = ReadInfo(tail.AsSpan((int)(metadataOffset - tableOffset))) ?? throw new AdvisoryDatabaseException($"{path}: {Damaged}");
            return new AdvisoryIndex(file, tableOffset, table, info);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            file.Dispose();
            throw new AdvisoryDatabaseException($"{path}: {Damaged}", ex);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Every advisory filed under the package (any spelling of its name), each once.</summary>
    public IReadOnlyList<Advisory> Find(string ecosystem, string name)
    {
        if (!_table.TryGetValue(IndexFormat.Key(ecosystem, name), out var offsets))
        {
            return [];
        }
        var advisories = new Advisory[offsets.Length];
        for (var i = 0; i < offsets.Length; i++)
        {
            advisories[i] = _cache.GetOrAdd(offsets[i], ReadRecord);
        }
        return advisories;
    }

    /// <summary>Every advisory in file order (used to carry ecosystems over when another one is re-imported).</summary>
    public IEnumerable<Advisory> All()
    {
        var position = (long)IndexFormat.HeaderBytes;
        while (position < _tableOffset)
        {
            var advisory = ReadRecord(position, out var next);
            position = next;
            yield return advisory;
        }
    }

    public void Dispose() => _file.Dispose();

    private Advisory ReadRecord(long offset) => ReadRecord(offset, out _);

    private Advisory ReadRecord(long offset, out long next)
    {
        const int prefix = 4 + IndexFormat.RecordDigestBytes;
        Span<byte> head = stackalloc byte[prefix];
        if (offset < IndexFormat.HeaderBytes || offset > _tableOffset - prefix || RandomAccess.Read(_file, head, offset) != prefix)
        {
            throw new AdvisoryDatabaseException(Damaged);
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (length <= 0 || length > IndexFormat.MaxRecordBytes || offset + prefix + length > _tableOffset)
        {
            throw new AdvisoryDatabaseException(Damaged);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> digest = stackalloc byte[32];
            if (RandomAccess.Read(_file, buffer.AsSpan(0, length), offset + prefix) != length
                || SHA256.HashData(buffer.AsSpan(0, length), digest) != 32
                || !digest[..IndexFormat.RecordDigestBytes].SequenceEqual(head[4..]))
            {
                throw new AdvisoryDatabaseException(Damaged);
            }
            using var reader = new BinaryReader(new MemoryStream(buffer, 0, length, writable: false), Encoding.UTF8);
            next = offset + prefix + length;
            return AdvisoryCodec.Read(reader);
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or IOException)
        {
            throw new AdvisoryDatabaseException(Damaged, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Dictionary<string, long[]> ReadTable(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        var count = reader.ReadInt32();
        if (count < 0 || count > bytes.Length)
        {
            throw new FormatException("bad package count");
        }
        var table = new Dictionary<string, long[]>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var n = reader.ReadInt32();
            if (n < 0 || n > (bytes.Length - reader.BaseStream.Position) / 8)
            {
                throw new FormatException("bad offset count");
            }
            var offsets = new long[n];
            for (var j = 0; j < n; j++)
            {
                offsets[j] = reader.ReadInt64();
            }
            table[key] = offsets;
        }
        return table;
    }

    private static DatabaseInfo? ReadInfo(ReadOnlySpan<byte> metadata)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(metadata);
        if (length <= 0 || length > metadata.Length - 4)
        {
            throw new FormatException("bad metadata length");
        }
        using var reader = new BinaryReader(new MemoryStream(metadata.Slice(4, length).ToArray(), writable: false), Encoding.UTF8);
        return DatabaseInfoCodec.Read(reader);
    }
}
