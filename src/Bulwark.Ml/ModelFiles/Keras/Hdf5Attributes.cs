using System.Text;
using Bulwark.Core.Findings;
using PureHDF;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>
/// Reads scalar string attributes of an HDF5 file's root group with PureHDF. PureHDF is not hardened against
/// damaged files (it throws many exception types, not only IOException), so any failure becomes a notice.
/// </summary>
internal static class Hdf5Attributes
{
    /// <summary>The UTF-8 bytes of each named attribute that exists and is a scalar string within the metadata limit.</summary>
    public static List<(string Name, byte[] Value)> ReadStrings(Stream stream, IReadOnlyList<string> names, ModelScanContext context, ModelLocation where, string format)
    {
        var values = new List<(string, byte[])>();
        try
        {
            using var file = H5File.Open(stream, leaveOpen: true);
            foreach (var name in names)
            {
                if (!file.AttributeExists(name))
                {
                    continue;
                }
                var attribute = file.Attribute(name);
                if (Unreadable(attribute, context.Limits.MaxMetadataBytes) is { } why)
                {
                    context.Notice(NoticeLevel.Warning, where, $"{format}: attribute {name} {why}; not analyzed");
                    continue;
                }
                values.Add((name, Encoding.UTF8.GetBytes(attribute.Read<string>())));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Notice(NoticeLevel.Warning, where, $"{format}: the HDF5 structure cannot be read ({ex.GetType().Name}: {ex.Message})");
        }
        return values;
    }

    private static string? Unreadable(IH5Attribute attribute, long limit)
    {
        var dimensions = attribute.Space.Dimensions;
        if (dimensions.Length > 1 || (dimensions.Length == 1 && dimensions[0] != 1))
        {
            return "is not a single value";
        }
        return attribute.Type.Class switch
        {
            H5DataTypeClass.String when attribute.Type.Size > limit => $"is larger than {limit} bytes",
            H5DataTypeClass.String or H5DataTypeClass.VariableLength => null,
            _ => "is not a string",
        };
    }
}
