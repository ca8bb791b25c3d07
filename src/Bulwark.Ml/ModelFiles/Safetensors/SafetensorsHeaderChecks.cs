using System.Globalization;
using System.Text.Json;
using Bulwark.Ml.ModelFiles.Containers;

namespace Bulwark.Ml.ModelFiles.Safetensors;

/// <summary>Validates the parsed header against the specification: keys, metadata, every tensor entry, and full, non-overlapping coverage of the data section.</summary>
internal static class SafetensorsHeaderChecks
{
    private readonly record struct Extent(long Begin, long End, string Name);

    /// <param name="dataLength">Bytes after the header, or -1 when the content's length is unknown.</param>
    public static void Check(JsonElement root, long dataLength, ModelLocation where, ModelScanContext context)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            context.Report(SafetensorsRules.MalformedHeader, where, $"header is a JSON {root.ValueKind}, not an object");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var extents = new List<Extent>();
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                context.Report(SafetensorsRules.DuplicateKey, where, $"key '{Printable(property.Name)}' appears twice; JSON parsers keep different copies",
                    properties: ("tensor", Printable(property.Name)));
                continue;
            }
            if (property.Name == "__metadata__")
            {
                CheckMetadata(property.Value, where, context);
            }
            else if (Tensor(property.Name, property.Value, dataLength, where, context) is { } extent)
            {
                extents.Add(extent);
            }
        }
        CheckCoverage(extents, dataLength, where, context);
    }

    private static void CheckMetadata(JsonElement metadata, ModelLocation where, ModelScanContext context)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            context.Report(SafetensorsRules.MalformedHeader, where, "__metadata__ is not an object of strings");
            return;
        }
        foreach (var entry in metadata.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                context.Report(SafetensorsRules.MalformedHeader, where, $"__metadata__ value '{Printable(entry.Name)}' is a JSON {entry.Value.ValueKind}, not a string");
                return;
            }
        }
    }

    private static Extent? Tensor(string name, JsonElement tensor, long dataLength, ModelLocation where, ModelScanContext context)
    {
        var shown = Printable(name);
        string? problem = null;
        long begin = 0, end = 0;
        if (tensor.ValueKind != JsonValueKind.Object)
        {
            problem = "is not an object";
        }
        else if (!tensor.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String || SafetensorsDtypes.BitsOf(dtype.GetString()!) == 0)
        {
            problem = $"has an unknown dtype ({Raw(tensor, "dtype")})";
        }
        else if (!tensor.TryGetProperty("shape", out var shape) || Elements(shape) is not { } dims)
        {
            problem = $"has a shape that is not a list of non-negative integers ({Raw(tensor, "shape")})";
        }
        else if (!tensor.TryGetProperty("data_offsets", out var offsets) || Elements(offsets) is not [var b, var e] || b > e)
        {
            problem = $"has data_offsets that are not [begin, end] with begin <= end ({Raw(tensor, "data_offsets")})";
        }
        else if (dataLength >= 0 && e > dataLength)
        {
            problem = $"ends at byte {e} of a {dataLength}-byte data section";
        }
        else if (ByteLength(dims, SafetensorsDtypes.BitsOf(dtype.GetString()!)) is var expected && expected != e - b)
        {
            problem = expected < 0
                ? "has a shape whose size overflows or does not fill whole bytes"
                : $"holds {e - b} bytes but its shape and dtype need {expected}";
        }
        else
        {
            (begin, end) = (b, e);
        }
        if (problem is not null)
        {
            context.Report(SafetensorsRules.InvalidTensor, where, $"tensor '{shown}' {problem}", properties: ("tensor", shown));
            return null;
        }
        return new Extent(begin, end, shown);
    }

    private static void CheckCoverage(List<Extent> extents, long dataLength, ModelLocation where, ModelScanContext context)
    {
        extents.Sort(static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long cursor = 0;
        var last = "";
        foreach (var extent in extents)
        {
            if (extent.Begin < cursor)
            {
                context.Report(SafetensorsRules.Overlap, where, $"tensor '{extent.Name}' overlaps '{last}' (bytes {extent.Begin}..{Math.Min(cursor, extent.End)})",
                    properties: [("tensor", extent.Name), ("other", last)]);
            }
            else if (extent.Begin > cursor)
            {
                Hidden(where, context, cursor, extent.Begin, $"before tensor '{extent.Name}'");
            }
            if (extent.End > cursor)
            {
                (cursor, last) = (extent.End, extent.Name);
            }
        }
        if (dataLength > cursor)
        {
            Hidden(where, context, cursor, dataLength, "after the last tensor");
        }
    }

    private static void Hidden(ModelLocation where, ModelScanContext context, long from, long to, string position) =>
        context.Report(SafetensorsRules.HiddenData, where, $"{to - from} bytes of the data section {position} belong to no tensor",
            properties: [("from", from.ToString(CultureInfo.InvariantCulture)), ("bytes", (to - from).ToString(CultureInfo.InvariantCulture))]);

    /// <summary>A JSON array of non-negative integers (at most 64), or null.</summary>
    private static long[]? Elements(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() > 64)
        {
            return null;
        }
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0)
            {
                return null;
            }
            values[i++] = value;
        }
        return values;
    }

    /// <summary>shape × bits / 8, or -1 on overflow or a partial byte.</summary>
    private static long ByteLength(long[] shape, int bits)
    {
        long elements = 1;
        foreach (var dim in shape)
        {
            if (dim != 0 && elements > long.MaxValue / dim)
            {
                return -1;
            }
            elements *= dim;
        }
        if (elements > long.MaxValue / bits || elements * bits % 8 != 0)
        {
            return -1;
        }
        return elements * bits / 8;
    }

    private static string Raw(JsonElement tensor, string key)
    {
        if (tensor.ValueKind != JsonValueKind.Object || !tensor.TryGetProperty(key, out var value))
        {
            return "missing";
        }
        var text = value.GetRawText();
        return text.Length > 60 ? string.Concat(text.AsSpan(0, 60), "…") : text;
    }

    private static string Printable(string name) => MemberNames.Printable(name);
}
