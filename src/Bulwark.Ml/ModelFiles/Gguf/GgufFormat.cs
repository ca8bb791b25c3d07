using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Containers;

namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>
/// GGUF (llama.cpp): header, metadata key/values (every value type, arrays nested to a bound), tensor table.
/// Only the header is read; chat templates are inspected, tensors checked against the file, never read.
/// </summary>
internal sealed class GgufFormat : IModelFormat
{
    private const int MaxNameBytes = 64 * 1024;
    private const int MaxDims = 4;
    private const int MaxArrayDepth = 8;

    public string Name => "gguf";

    public bool Matches(ReadOnlySpan<byte> head, string name) => head.StartsWith("GGUF"u8);

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var where = content.Location;
        var head = content.Head.Span;
        var version = head.Length >= 8 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) : 0;
        if (version is 0x01000000 or 0x02000000 or 0x03000000)
        {
            context.Notice(NoticeLevel.Info, where, "gguf: big-endian file; not analysed");
            return;
        }
        if (version is < 1 or > 3)
        {
            context.Report(GgufRules.Malformed, where.At(4), $"unknown GGUF version {version}");
            return;
        }
        var budget = content.Length >= 0 ? Math.Min(content.Length, context.Limits.MaxMetadataBytes) : context.Limits.MaxMetadataBytes;
        var reader = new GgufReader(content.Stream, budget) { NarrowLengths = version == 1 };
        try
        {
            reader.Skip(8);
            var tensorCount = reader.Count();
            var keyCount = reader.Count();
            if (keyCount > (ulong)reader.Remaining / 13 || tensorCount > (ulong)reader.Remaining / 24)
            {
                context.Report(GgufRules.Malformed, where.At(reader.Position), $"{keyCount} metadata entries and {tensorCount} tensors cannot fit in the file");
                return;
            }
            var alignment = ReadMetadata(reader, (long)keyCount, where, context, cancellationToken);
            var tensors = ReadTensors(reader, (long)tensorCount, where, context, cancellationToken);
            var dataStart = (reader.Position + alignment - 1) / alignment * alignment;
            GgufTensorChecks.Check(tensors, dataStart, alignment, content.Length, where, context);
        }
        catch (GgufStructureException) when (context.Expired)
        {
            context.Notice(NoticeLevel.Warning, where, "gguf: time limit reached; the rest of the header was not analysed");
        }
        catch (GgufStructureException ex)
        {
            context.Report(GgufRules.Malformed, where.At(reader.Position), $"GGUF structure is broken at byte {reader.Position}: {ex.Message}");
        }
    }

    private static long ReadMetadata(GgufReader reader, long count, ModelLocation where, ModelScanContext context, CancellationToken cancellationToken)
    {
        long alignment = 32;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            Checkpoint(i, context, cancellationToken);
            var at = reader.Position;
            var key = reader.String(MaxNameBytes) ?? throw new GgufStructureException("a metadata key is longer than 64 KiB");
            if (!keys.Add(key))
            {
                context.Report(GgufRules.DuplicateKey, where.At(at), $"metadata key '{MemberNames.Printable(key)}' appears twice; readers keep different values", properties: ("key", MemberNames.Printable(key)));
            }
            var type = reader.U32();
            if (key == "general.alignment" && type == 4)
            {
                alignment = reader.U32();
                if (alignment == 0 || alignment % 8 != 0 || (alignment & (alignment - 1)) != 0)
                {
                    context.Report(GgufRules.Malformed, where.At(at), $"general.alignment is {alignment}; it must be a power of two and a multiple of 8");
                    alignment = 32;
                }
            }
            else if (type == 8 && ChatTemplateInspector.IsTemplateKey(key))
            {
                var template = reader.String(context.Limits.MaxMetadataBytes) ?? "";
                ChatTemplateInspector.Inspect(template, key, where.At(at), context);
            }
            else
            {
                SkipValue(reader, type, 0, context, cancellationToken);
            }
        }
        return alignment;
    }

    private static List<GgufTensor> ReadTensors(GgufReader reader, long count, ModelLocation where, ModelScanContext context, CancellationToken cancellationToken)
    {
        var tensors = new List<GgufTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            Checkpoint(i, context, cancellationToken);
            var at = reader.Position;
            var name = reader.String(MaxNameBytes) ?? throw new GgufStructureException("a tensor name is longer than 64 KiB");
            var dimensions = reader.U32();
            if (dimensions > 64)
            {
                throw new GgufStructureException($"tensor '{MemberNames.Printable(name)}' claims {dimensions} dimensions");
            }
            var shape = new ulong[dimensions];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = reader.U64();
            }
            var tensor = new GgufTensor(MemberNames.Printable(name), shape, reader.U32(), reader.U64(), at);
            if (!names.Add(name))
            {
                context.Report(GgufRules.DuplicateKey, where.At(at), $"tensor '{tensor.Name}' appears twice; readers load different data", properties: ("tensor", tensor.Name));
            }
            if (dimensions > MaxDims)
            {
                context.Report(GgufRules.InvalidTensor, where.At(at), $"tensor '{tensor.Name}' has {dimensions} dimensions; ggml supports at most {MaxDims}", properties: ("tensor", tensor.Name));
            }
            tensors.Add(tensor);
        }
        return tensors;
    }

    private static void SkipValue(GgufReader reader, uint type, int depth, ModelScanContext context, CancellationToken cancellationToken)
    {
        var size = FixedSize(type);
        if (size > 0)
        {
            reader.Skip(size);
            return;
        }
        if (type == 8)
        {
            reader.String(0);
            return;
        }
        if (type != 9)
        {
            throw new GgufStructureException($"unknown metadata value type {type}");
        }
        if (depth >= MaxArrayDepth)
        {
            throw new GgufStructureException($"arrays nested deeper than {MaxArrayDepth}");
        }
        var elementType = reader.U32();
        var count = reader.Count();
        var elementSize = FixedSize(elementType);
        if (count > (ulong)reader.Remaining / (ulong)Math.Max(elementSize, 8))
        {
            throw new GgufStructureException($"an array of {count} elements runs past the end");
        }
        if (elementSize > 0)
        {
            reader.Skip((long)count * elementSize);
            return;
        }
        for (ulong i = 0; i < count; i++)
        {
            Checkpoint((long)i, context, cancellationToken);
            SkipValue(reader, elementType, depth + 1, context, cancellationToken);
        }
    }

    private static int FixedSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        10 or 11 or 12 => 8,
        _ => 0,
    };

    private static void Checkpoint(long i, ModelScanContext context, CancellationToken cancellationToken)
    {
        if ((i & 0xFFFF) == 0xFFFF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.Expired)
            {
                throw new GgufStructureException("time limit reached");
            }
        }
    }
}
