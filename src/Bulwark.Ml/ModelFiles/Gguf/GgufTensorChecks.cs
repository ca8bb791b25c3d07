using System.Globalization;
using Bulwark.Ml.ModelFiles.Containers;

namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>Checks the tensor table against the file: known types, whole blocks, aligned offsets, data inside the file and not shared.</summary>
internal static class GgufTensorChecks
{
    /// <param name="fileLength">The file's length, or -1 when unknown (then only types and alignment are checked).</param>
    public static void Check(List<GgufTensor> tensors, long dataStart, long alignment, long fileLength, ModelLocation where, ModelScanContext context)
    {
        var extents = new List<(ulong Begin, ulong End, string Name)>(tensors.Count);
        foreach (var tensor in tensors)
        {
            var problem = Problem(tensor, dataStart, alignment, fileLength, out var size);
            if (problem is not null)
            {
                context.Report(GgufRules.InvalidTensor, where.At(tensor.HeaderOffset), $"tensor '{tensor.Name}' {problem}", properties: ("tensor", tensor.Name));
            }
            else if (size > 0)
            {
                extents.Add((tensor.Offset, tensor.Offset + size, tensor.Name));
            }
        }
        extents.Sort(static (a, b) => a.Begin.CompareTo(b.Begin));
        for (var i = 1; i < extents.Count; i++)
        {
            if (extents[i].Begin < extents[i - 1].End)
            {
                context.Report(GgufRules.InvalidTensor, where, $"tensor '{extents[i].Name}' shares bytes with '{extents[i - 1].Name}'", properties: ("tensor", extents[i].Name));
            }
        }
    }

    private static string? Problem(GgufTensor tensor, long dataStart, long alignment, long fileLength, out ulong size)
    {
        size = 0;
        if (GgmlTypes.Of(tensor.Type) is not { } type)
        {
            return $"has unknown ggml type {tensor.Type}";
        }
        if (tensor.Offset % (ulong)alignment != 0)
        {
            return $"starts at offset {tensor.Offset}, not a multiple of the alignment {alignment}";
        }
        ulong elements = 1;
        foreach (var dim in tensor.Shape)
        {
            if (dim != 0 && elements > ulong.MaxValue / dim)
            {
                return "has a shape whose size overflows";
            }
            elements *= dim;
        }
        if (tensor.Shape.Length > 0 && tensor.Shape[0] % (ulong)type.Block != 0)
        {
            return $"has a first dimension of {tensor.Shape[0]}, not a multiple of the {type.Name} block size {type.Block}";
        }
        var blocks = elements / (ulong)type.Block;
        if (blocks > ulong.MaxValue / (ulong)type.Bytes)
        {
            return "has a shape whose size overflows";
        }
        size = blocks * (ulong)type.Bytes;
        if (tensor.Offset > ulong.MaxValue - size)
        {
            return "has an offset and size that overflow";
        }
        if (fileLength >= 0 && (tensor.Offset > (ulong)fileLength || size > (ulong)fileLength - tensor.Offset || (ulong)dataStart > (ulong)fileLength - tensor.Offset - size))
        {
            return $"needs {size.ToString(CultureInfo.InvariantCulture)} bytes at data offset {tensor.Offset}, past the end of the {fileLength}-byte file";
        }
        return null;
    }
}
